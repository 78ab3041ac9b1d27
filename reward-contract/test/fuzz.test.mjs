// Randomized property test: several overlapping epochs of random allocations, a random subset of
// claims interleaved across epochs (plus forged claims that must fail), then sweeps.
// Invariants: balance of the distributor == outstanding == sum of unclaimed at every step, and per
// epoch: sum of paid leaf balances + swept == total.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseUnits } from 'ethers';
import {
  startChain,
  deploy,
  buildTree,
  fundAndPublish,
  latestTimestamp,
  increaseTime,
  expectRevert,
} from '../test-support/fixtures.mjs';
import { createRandom } from '../test-support/random.mjs';

const EPOCHS = 3;
const LEAVES_PER_EPOCH = 30;
const MAX_AMOUNT = parseUnits('5000', 18);
const DAY = 24n * 3600n;

describe('property: claims + sweep conserve every epoch total', () => {
  let chain;
  before(async () => {
    chain = await startChain();
  });
  after(async () => chain?.stop());

  it('random allocations, random claim subsets, sweep', async (t) => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 32);
    t.diagnostic(`FUZZ_SEED=${seed}`);
    console.log(`fuzz: FUZZ_SEED=${seed} (set it to replay this run)`);
    const rnd = createRandom(seed);
    const { deployer, mallory } = chain.wallets;
    const { token, distributor } = await deploy(deployer);
    const distributorAddress = await distributor.getAddress();

    // Accounts are fresh random addresses, unique across epochs, so every balance is attributable.
    const now = await latestTimestamp(chain.provider);
    const epochs = [];
    for (let i = 0; i < EPOCHS; i++) {
      const allocations = Array.from({ length: LEAVES_PER_EPOCH }, () => [
        rnd.address(),
        // Mix dust amounts and large ones; dust catches rounding/off-by-one mistakes.
        rnd.float() < 0.2 ? BigInt(rnd.int(1, 1000)) : rnd.amount(MAX_AMOUNT),
      ]);
      const tree = buildTree(allocations);
      const epoch = BigInt(rnd.int(1, 1_000_000)) * 10n + BigInt(i); // sparse, non-sequential ids
      const deadline = now + BigInt(i + 1) * 7n * DAY;
      await fundAndPublish({ token, distributor, epoch, root: tree.root, total: tree.total, deadline, provenance: rnd.bytes32() });
      const claimRate = [0, 1, rnd.float()][rnd.int(0, 2)]; // sometimes none, sometimes all
      const toClaim = allocations.filter(() => rnd.float() < claimRate);
      epochs.push({ epoch, allocations, tree, deadline, toClaim, claimed: new Set(), treasury: rnd.address() });
    }

    const checkAccounting = async () => {
      let unclaimedSum = 0n;
      for (const e of epochs) {
        const info = await distributor.epochs(e.epoch);
        if (!info.swept) unclaimedSum += info.unclaimed;
        const paid = e.allocations.filter(([a]) => e.claimed.has(a)).reduce((s, [, v]) => s + v, 0n);
        assert.equal(info.total - info.unclaimed, paid, `claimed amount of epoch ${e.epoch}`);
      }
      assert.equal(await distributor.outstanding(), unclaimedSum);
      assert.equal(await token.balanceOf(distributorAddress), unclaimedSum);
    };

    // Interleave the claims of all epochs in one random order, submitted by a relayer.
    const queue = rnd.shuffle(epochs.flatMap((e) => e.toClaim.map((alloc) => ({ e, alloc }))));
    for (const [n, { e, alloc: [account, amount] }] of queue.entries()) {
      const proof = e.tree.proofFor(account);
      // Forgeries first: wrong amount, and the leaf redirected to the relayer. Both must fail.
      await expectRevert(distributor.connect(mallory).claim(e.epoch, account, amount + 1n, proof), distributor, 'InvalidProof');
      await expectRevert(distributor.connect(mallory).claim(e.epoch, mallory.address, amount, proof), distributor, 'InvalidProof');

      await (await distributor.connect(mallory).claim(e.epoch, account, amount, proof)).wait();
      e.claimed.add(account);
      assert.equal(await token.balanceOf(account), amount);
      assert.equal(await distributor.isClaimed(e.epoch, account), true);
      await expectRevert(distributor.claim(e.epoch, account, amount, proof), distributor, 'AlreadyClaimed');
      if (n % 10 === 0) await checkAccounting();
    }
    await checkAccounting();
    assert.equal(await token.balanceOf(mallory.address), 0n);

    // Sweep epochs one by one as their deadlines pass; later epochs must stay intact meanwhile.
    for (const e of epochs) {
      const current = await latestTimestamp(chain.provider);
      await increaseTime(chain.provider, e.deadline - current + 1n);
      await (await distributor.sweep(e.epoch, e.treasury)).wait();

      const swept = await token.balanceOf(e.treasury);
      let paid = 0n;
      for (const [account, amount] of e.allocations) {
        const balance = await token.balanceOf(account);
        assert.equal(balance, e.claimed.has(account) ? amount : 0n);
        assert.equal(await distributor.isClaimed(e.epoch, account), e.claimed.has(account));
        paid += balance;
      }
      assert.equal(paid + swept, e.tree.total, `epoch ${e.epoch}: paid + swept == total`);
      await checkAccounting();
    }
    assert.equal(await distributor.outstanding(), 0n);
    assert.equal(await token.balanceOf(distributorAddress), 0n);
    console.log(`fuzz: ${EPOCHS} epochs x ${LEAVES_PER_EPOCH} leaves, ${queue.length} claims, all invariants held`);
  });
});
