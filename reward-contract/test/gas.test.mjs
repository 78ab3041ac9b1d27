// Measures gas of publishEpoch and claim for a few tree sizes and prints a table.
// Worst case for a claim: the epoch's and the recipient's first claim (fresh storage slots,
// recipient token balance goes from zero to non-zero).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseUnits } from 'ethers';
import { startChain, deploy, buildTree, fundAndPublish, latestTimestamp } from '../test-support/fixtures.mjs';
import { createRandom } from '../test-support/random.mjs';

const CLAIM_GAS_LIMIT = 110_000n;
// Proof lengths 1, 5, 10, 13-14. Larger trees cost ~750 gas per extra proof level (100k leaves measured
// ~108k gas) but take minutes to build in JS, so they are left out of the suite.
const LEAF_COUNTS = [2, 30, 1_000, 10_000];

describe('gas', () => {
  let chain;
  before(async () => {
    chain = await startChain();
  });
  after(async () => chain?.stop());

  it(`publish and claim stay cheap (claim <= ${CLAIM_GAS_LIMIT})`, async () => {
    const rnd = createRandom(42);
    const { deployer, alice } = chain.wallets;
    const { token, distributor } = await deploy(deployer);
    const rows = [];
    for (const [i, leaves] of LEAF_COUNTS.entries()) {
      const allocations = Array.from({ length: leaves }, () => [rnd.address(), rnd.amount(parseUnits('1000', 18))]);
      const tree = buildTree(allocations);
      const deadline = (await latestTimestamp(chain.provider)) + 86_400n;
      const epoch = BigInt(i + 1);
      const publish = await fundAndPublish({ token, distributor, epoch, root: tree.root, total: tree.total, deadline });

      // First claim of the epoch by a never-funded account (the expensive path).
      const [first, second] = allocations;
      const proof = tree.proofFor(first[0]);
      const claimFresh = await (await distributor.connect(alice).claim(epoch, ...first, proof)).wait();
      // Pre-fund the second account so its claim shows the cheaper "already holds tokens" path.
      await (await token.mint(second[0], 1n)).wait();
      const claimHolder = await (await distributor.connect(alice).claim(epoch, ...second, tree.proofFor(second[0]))).wait();

      rows.push({
        leaves,
        proofLength: proof.length,
        publishGas: Number(publish.gasUsed),
        claimGasFreshAccount: Number(claimFresh.gasUsed),
        claimGasHolder: Number(claimHolder.gasUsed),
      });
      assert.ok(claimFresh.gasUsed <= CLAIM_GAS_LIMIT, `claim used ${claimFresh.gasUsed} gas for ${leaves} leaves`);
      assert.ok(claimHolder.gasUsed <= claimFresh.gasUsed);
    }
    console.log('gas used (anvil, solc 0.8.37, optimizer 10000 runs, evm cancun):');
    console.table(rows);
  });
});
