/**
 * Token rewards (issue 7): epochs, exact allocations, the OpenZeppelin-compatible Merkle tree, the
 * web3j chain client and the labeler's claims.
 *
 * <h2>Flow</h2>
 * Admin configures an epoch (budget, window, minimum reliability, cap per labeler, claim deadline) →
 * {@code compute}: the game ledger's points payable in the window ({@link dev.laurel.game.PointsLedger#pointsBetween};
 * points of labelers on probation count from their release, see {@link dev.laurel.game.Probation}) × the
 * quality multiplier of
 * {@link dev.laurel.quality.Reliability} → {@link dev.laurel.payout.Allocation} → {@link dev.laurel.payout.MerkleTree} root and proofs →
 * {@code publish}: {@link dev.laurel.payout.EpochPublisher} (crash-safe, see there) → labelers claim with
 * their own wallet from the {@code /payout} page ({@link dev.laurel.payout.ClaimWatcher} follows the chain's
 * {@code Claimed} logs, so claims made anywhere show) → after the deadline {@code sweep} closes the epoch.
 * {@link dev.laurel.payout.EpochCadence} can do the opening, computing and publishing on a schedule.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>Points: the sum of a labeler's ledger rows created in {@code [windowStart, windowEnd)}, reversals included
 *       (a drop lands in the epoch in which it happens); "accepted answers" on the receipt counts the award rows.</li>
 *   <li>Quality: the multiplier ({@code multiplierMillionths}) weighs points; the epoch's minimum reliability is held
 *       against the lower end of the labeler's 95% interval, so a few lucky gold answers do not pass it.</li>
 *   <li>Labelers without a linked wallet keep their share: it is allocated like everyone's but left out of
 *       the tree ({@code NO_WALLET} with its amount, the epoch's {@code carriedOut}) and added to their leaf
 *       in the first epoch (by number) computed after they link one ({@code carriedIn}; the kept row points
 *       to it, so it is paid once). Every epoch balances: budget + carriedIn = total + carriedOut +
 *       unallocated. An epoch whose kept shares a later one pays cannot be recomputed before that one.</li>
 *   <li>Contract calls are hand-encoded with web3j's {@code FunctionEncoder} (no codegen). The jar needs
 *       only the bytecode, to deploy on a dev chain: {@code resources/chain/*.bin}, copied from
 *       {@code reward-contract/build} by {@code npm run export:java} and committed, because solc is a node
 *       tool and the Maven build should not need node; {@code ContractBytecodeTest} fails when the copy
 *       is stale. Tests need {@code reward-contract/node_modules} (anvil, {@code @openzeppelin/merkle-tree})
 *       and run {@code npm ci} there on first use.</li>
 *   <li>Amounts are {@code BigInteger} base units, {@code NUMERIC(78,0)} in SQL and decimal strings in JSON.</li>
 * </ul>
 */
package dev.laurel.payout;
