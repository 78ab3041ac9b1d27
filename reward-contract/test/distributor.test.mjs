// Behaviour of LaurelToken + EpochDistributor against a real anvil node.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ContractFactory, ZeroHash, parseUnits } from 'ethers';
import {
  startChain,
  deploy,
  buildTree,
  fundAndPublish,
  latestTimestamp,
  increaseTime,
  expectRevert,
  loadArtifact,
  randomProvenance,
} from '../test-support/fixtures.mjs';

const LRL = (n) => parseUnits(String(n), 18);
const WEEK = 7n * 24n * 3600n;

describe('LaurelToken + EpochDistributor', () => {
  let chain, w;

  before(async () => {
    chain = await startChain();
    w = chain.wallets;
  });
  after(async () => chain?.stop());

  /** Fresh contracts + one published epoch (alice 100, bob 250, carol 40) with a one-week deadline. */
  async function publishedEpoch(epoch = 1n) {
    const { token, distributor } = await deploy(w.deployer);
    const allocations = [
      [w.alice.address, LRL(100)],
      [w.bob.address, LRL(250)],
      [w.carol.address, LRL(40)],
    ];
    const tree = buildTree(allocations);
    const deadline = (await latestTimestamp(chain.provider)) + WEEK;
    const provenance = randomProvenance();
    await fundAndPublish({ token, distributor, epoch, root: tree.root, total: tree.total, deadline, provenance });
    return { token, distributor, tree, epoch, deadline, provenance };
  }

  describe('publish', () => {
    it('stores root, total, deadline and provenance and emits EpochPublished', async () => {
      const { distributor, tree, epoch, deadline, provenance } = await publishedEpoch(7n);
      const e = await distributor.epochs(epoch);
      assert.equal(e.root, tree.root);
      assert.equal(e.provenance, provenance);
      assert.equal(e.total, tree.total);
      assert.equal(e.unclaimed, tree.total);
      assert.equal(e.deadline, deadline);
      assert.equal(e.swept, false);
      assert.equal(await distributor.outstanding(), tree.total);
      const [log] = await distributor.queryFilter(distributor.filters.EpochPublished(epoch));
      assert.deepEqual([...log.args], [epoch, tree.root, tree.total, deadline, provenance]);
    });

    it('rejects publishing the same epoch twice', async () => {
      const { token, distributor, tree, epoch, deadline } = await publishedEpoch();
      await (await token.mint(await distributor.getAddress(), tree.total)).wait();
      await expectRevert(
        distributor.publishEpoch(epoch, tree.root, tree.total, deadline, ZeroHash),
        distributor,
        'EpochAlreadyPublished',
        [epoch],
      );
    });

    it('rejects a total larger than the unpromised balance', async () => {
      const { token, distributor } = await deploy(w.deployer);
      const deadline = (await latestTimestamp(chain.provider)) + WEEK;
      const root = buildTree([[w.alice.address, LRL(10)]]).root;
      await (await token.mint(await distributor.getAddress(), LRL(15))).wait();
      // No balance at all is promised yet: 15 available, 16 asked.
      await expectRevert(
        distributor.publishEpoch(1n, root, LRL(16), deadline, ZeroHash),
        distributor,
        'InsufficientBalance',
        [LRL(15), LRL(16)],
      );
      // After epoch 1 takes 10, only 5 are left for epoch 2 although the contract holds 15.
      await (await distributor.publishEpoch(1n, root, LRL(10), deadline, ZeroHash)).wait();
      await expectRevert(
        distributor.publishEpoch(2n, root, LRL(6), deadline, ZeroHash),
        distributor,
        'InsufficientBalance',
        [LRL(5), LRL(6)],
      );
      await (await distributor.publishEpoch(2n, root, LRL(5), deadline, ZeroHash)).wait();
    });

    it('rejects a zero root and a deadline that is not in the future', async () => {
      const { token, distributor } = await deploy(w.deployer);
      await (await token.mint(await distributor.getAddress(), LRL(1))).wait();
      const now = await latestTimestamp(chain.provider);
      const root = buildTree([[w.alice.address, LRL(1)]]).root;
      await expectRevert(distributor.publishEpoch(1n, ZeroHash, LRL(1), now + WEEK, ZeroHash), distributor, 'InvalidRoot');
      await expectRevert(distributor.publishEpoch(1n, root, LRL(1), now, ZeroHash), distributor, 'InvalidDeadline', [now]);
    });
  });

  describe('claim', () => {
    it('pays exactly the allocated amount to the leaf account and emits Claimed', async () => {
      const { token, distributor, tree, epoch } = await publishedEpoch();
      const receipt = await (
        await distributor.connect(w.alice).claim(epoch, w.alice.address, LRL(100), tree.proofFor(w.alice.address))
      ).wait();
      assert.equal(await token.balanceOf(w.alice.address), LRL(100));
      assert.equal(await token.balanceOf(await distributor.getAddress()), tree.total - LRL(100));
      assert.equal(await distributor.isClaimed(epoch, w.alice.address), true);
      assert.equal(await distributor.isClaimed(epoch, w.bob.address), false);
      assert.equal(await distributor.claimedAmount(epoch), LRL(100));
      assert.equal(await distributor.outstanding(), tree.total - LRL(100));
      const claimed = receipt.logs.map((l) => distributor.interface.parseLog(l)).find((l) => l?.name === 'Claimed');
      assert.deepEqual([...claimed.args], [epoch, w.alice.address, LRL(100)]);
    });

    it('lets anyone submit the claim, but tokens go to the leaf account', async () => {
      const { token, distributor, tree, epoch } = await publishedEpoch();
      await (await distributor.connect(w.mallory).claim(epoch, w.bob.address, LRL(250), tree.proofFor(w.bob.address))).wait();
      assert.equal(await token.balanceOf(w.bob.address), LRL(250));
      assert.equal(await token.balanceOf(w.mallory.address), 0n);
    });

    it('rejects a second claim of the same leaf', async () => {
      const { token, distributor, tree, epoch } = await publishedEpoch();
      const proof = tree.proofFor(w.alice.address);
      await (await distributor.connect(w.alice).claim(epoch, w.alice.address, LRL(100), proof)).wait();
      await expectRevert(
        distributor.connect(w.alice).claim(epoch, w.alice.address, LRL(100), proof),
        distributor,
        'AlreadyClaimed',
        [epoch, w.alice.address],
      );
      assert.equal(await token.balanceOf(w.alice.address), LRL(100));
    });

    it('rejects a wrong amount', async () => {
      const { distributor, tree, epoch } = await publishedEpoch();
      const proof = tree.proofFor(w.alice.address);
      for (const amount of [LRL(101), LRL(99), LRL(100) + 1n, 0n]) {
        await expectRevert(distributor.connect(w.alice).claim(epoch, w.alice.address, amount, proof), distributor, 'InvalidProof');
      }
    });

    it('rejects a wrong proof', async () => {
      const { distributor, tree, epoch } = await publishedEpoch();
      const proof = tree.proofFor(w.alice.address);
      const tampered = [...proof];
      tampered[0] = `0x${'11'.repeat(32)}`;
      const cases = [[], tampered, tree.proofFor(w.bob.address), proof.slice(0, -1)];
      for (const p of cases) {
        await expectRevert(distributor.connect(w.alice).claim(epoch, w.alice.address, LRL(100), p), distributor, 'InvalidProof');
      }
      // A valid proof for another epoch's tree does not work either.
      const other = buildTree([[w.alice.address, LRL(100)], [w.mallory.address, LRL(1)]]);
      await expectRevert(
        distributor.connect(w.alice).claim(epoch, w.alice.address, LRL(100), other.proofFor(w.alice.address)),
        distributor,
        'InvalidProof',
      );
    });

    it("rejects claiming someone else's leaf for yourself", async () => {
      const { token, distributor, tree, epoch } = await publishedEpoch();
      // Mallory replays bob's (amount, proof) with her own address: the leaf changes, the proof fails.
      await expectRevert(
        distributor.connect(w.mallory).claim(epoch, w.mallory.address, LRL(250), tree.proofFor(w.bob.address)),
        distributor,
        'InvalidProof',
      );
      assert.equal(await token.balanceOf(w.mallory.address), 0n);
      assert.equal(await distributor.isClaimed(epoch, w.bob.address), false);
    });

    it('rejects claims for an unpublished epoch', async () => {
      const { distributor, tree } = await publishedEpoch(1n);
      await expectRevert(
        distributor.claim(2n, w.alice.address, LRL(100), tree.proofFor(w.alice.address)),
        distributor,
        'EpochNotPublished',
        [2n],
      );
    });

    it('accepts a claim at the deadline and rejects it after', async () => {
      const { distributor, tree, epoch, deadline } = await publishedEpoch();
      // The claim's block lands exactly on the deadline: still allowed (deadline is inclusive).
      await chain.provider.send('evm_setNextBlockTimestamp', [Number(deadline)]);
      await (await distributor.claim(epoch, w.alice.address, LRL(100), tree.proofFor(w.alice.address))).wait();
      await increaseTime(chain.provider, 1n);
      await expectRevert(
        distributor.claim(epoch, w.bob.address, LRL(250), tree.proofFor(w.bob.address)),
        distributor,
        'ClaimDeadlinePassed',
        [epoch, deadline],
      );
    });

    it('never pays out more than the epoch total, even for a faulty tree', async () => {
      const { token, distributor } = await deploy(w.deployer);
      const deadline = (await latestTimestamp(chain.provider)) + WEEK;
      // Leaves sum to 150 but only 100 is published: the 2nd claim must not eat other epochs' funds.
      const tree = buildTree([[w.alice.address, LRL(80)], [w.bob.address, LRL(70)]]);
      await fundAndPublish({ token, distributor, epoch: 1n, root: tree.root, total: LRL(100), deadline });
      await fundAndPublish({ token, distributor, epoch: 2n, root: tree.root, total: LRL(100), deadline });
      await (await distributor.claim(1n, w.alice.address, LRL(80), tree.proofFor(w.alice.address))).wait();
      await expectRevert(
        distributor.claim(1n, w.bob.address, LRL(70), tree.proofFor(w.bob.address)),
        distributor,
        'ExceedsEpochTotal',
        [1n, LRL(70), LRL(20)],
      );
    });
  });

  describe('sweep', () => {
    it('is rejected before (and at) the deadline', async () => {
      const { distributor, epoch, deadline } = await publishedEpoch();
      await expectRevert(distributor.sweep(epoch, w.treasury.address), distributor, 'DeadlineNotReached', [epoch, deadline]);
      await chain.provider.send('evm_setNextBlockTimestamp', [Number(deadline)]);
      await chain.provider.send('evm_mine', []);
      // Evaluated in the block mined at the deadline: a plain call runs in the pending block, whose
      // timestamp follows the wall clock and passes the deadline once a second has gone by.
      await expectRevert(
        distributor.sweep.staticCall(epoch, w.treasury.address, { blockTag: 'latest' }),
        distributor,
        'DeadlineNotReached',
        [epoch, deadline],
      );
    });

    it('after the deadline transfers exactly the unclaimed rest, once', async () => {
      const { token, distributor, tree, epoch } = await publishedEpoch();
      await (await distributor.claim(epoch, w.alice.address, LRL(100), tree.proofFor(w.alice.address))).wait();
      await increaseTime(chain.provider, WEEK + 1n);
      const receipt = await (await distributor.sweep(epoch, w.treasury.address)).wait();
      const rest = tree.total - LRL(100);
      assert.equal(await token.balanceOf(w.treasury.address), rest);
      assert.equal(await token.balanceOf(await distributor.getAddress()), 0n);
      assert.equal(await distributor.outstanding(), 0n);
      assert.equal(await distributor.claimedAmount(epoch), LRL(100));
      assert.equal((await distributor.epochs(epoch)).swept, true);
      const swept = receipt.logs.map((l) => distributor.interface.parseLog(l)).find((l) => l?.name === 'Swept');
      assert.deepEqual([...swept.args], [epoch, w.treasury.address, rest]);
      await expectRevert(distributor.sweep(epoch, w.treasury.address), distributor, 'AlreadySwept', [epoch]);
      // Late claims stay closed after the sweep.
      await expectRevert(
        distributor.claim(epoch, w.bob.address, LRL(250), tree.proofFor(w.bob.address)),
        distributor,
        'ClaimDeadlinePassed',
      );
    });

    it('only touches its own epoch', async () => {
      const { token, distributor, tree } = await publishedEpoch(1n);
      const now = await latestTimestamp(chain.provider);
      await fundAndPublish({ token, distributor, epoch: 2n, root: tree.root, total: tree.total, deadline: now + 3n * WEEK });
      await increaseTime(chain.provider, WEEK + 1n);
      await (await distributor.sweep(1n, w.treasury.address)).wait();
      assert.equal(await token.balanceOf(w.treasury.address), tree.total);
      // Epoch 2 stays fully claimable.
      for (const [account, amount] of [[w.alice, LRL(100)], [w.bob, LRL(250)], [w.carol, LRL(40)]]) {
        await (await distributor.claim(2n, account.address, amount, tree.proofFor(account.address))).wait();
      }
      assert.equal(await token.balanceOf(await distributor.getAddress()), 0n);
    });

    it('rejects an unpublished epoch', async () => {
      const { distributor } = await publishedEpoch(1n);
      await expectRevert(distributor.sweep(9n, w.treasury.address), distributor, 'EpochNotPublished', [9n]);
    });
  });

  describe('pause', () => {
    it('blocks claim and publish until unpaused; events are emitted', async () => {
      const { token, distributor, tree, epoch, deadline } = await publishedEpoch();
      const pauseReceipt = await (await distributor.pause()).wait();
      assert.ok(pauseReceipt.logs.some((l) => distributor.interface.parseLog(l)?.name === 'Paused'));
      assert.equal(await distributor.paused(), true);
      const proof = tree.proofFor(w.alice.address);
      await expectRevert(distributor.claim(epoch, w.alice.address, LRL(100), proof), distributor, 'EnforcedPause');
      await (await token.mint(await distributor.getAddress(), tree.total)).wait();
      await expectRevert(distributor.publishEpoch(2n, tree.root, tree.total, deadline, ZeroHash), distributor, 'EnforcedPause');

      const unpauseReceipt = await (await distributor.unpause()).wait();
      assert.ok(unpauseReceipt.logs.some((l) => distributor.interface.parseLog(l)?.name === 'Unpaused'));
      await (await distributor.claim(epoch, w.alice.address, LRL(100), proof)).wait();
      assert.equal(await token.balanceOf(w.alice.address), LRL(100));
    });
  });

  describe('roles', () => {
    it('only minters can mint; the admin can grant and revoke the minter role', async () => {
      const { token } = await deploy(w.deployer);
      const MINTER_ROLE = await token.MINTER_ROLE();
      await expectRevert(token.connect(w.alice).mint(w.alice.address, 1n), token, 'AccessControlUnauthorizedAccount', [
        w.alice.address,
        MINTER_ROLE,
      ]);
      // A non-admin cannot hand out the role either.
      await expectRevert(token.connect(w.alice).grantRole(MINTER_ROLE, w.alice.address), token, 'AccessControlUnauthorizedAccount');

      await (await token.grantRole(MINTER_ROLE, w.alice.address)).wait();
      await (await token.connect(w.alice).mint(w.alice.address, 5n)).wait();
      assert.equal(await token.balanceOf(w.alice.address), 5n);
      await (await token.revokeRole(MINTER_ROLE, w.alice.address)).wait();
      await expectRevert(token.connect(w.alice).mint(w.alice.address, 1n), token, 'AccessControlUnauthorizedAccount');
    });

    it('the admin is not a minter unless granted', async () => {
      // deploy() grants the role; deploy a bare token to see the constructor's defaults.
      const art = loadArtifact('LaurelToken');
      const token = await new ContractFactory(art.abi, art.bytecode, w.deployer).deploy(w.deployer.address);
      await token.waitForDeployment();
      assert.equal(await token.hasRole(await token.DEFAULT_ADMIN_ROLE(), w.deployer.address), true);
      assert.equal(await token.hasRole(await token.MINTER_ROLE(), w.deployer.address), false);
      await expectRevert(token.mint(w.deployer.address, 1n), token, 'AccessControlUnauthorizedAccount');
    });

    it('only the owner can publish, sweep, pause and unpause', async () => {
      const { token, distributor, tree, epoch } = await publishedEpoch();
      const asMallory = distributor.connect(w.mallory);
      const deadline = (await latestTimestamp(chain.provider)) + WEEK;
      await (await token.mint(await distributor.getAddress(), tree.total)).wait();
      const calls = [
        () => asMallory.publishEpoch(2n, tree.root, tree.total, deadline, ZeroHash),
        () => asMallory.pause(),
        () => asMallory.unpause(),
      ];
      for (const call of calls) {
        await expectRevert(call(), distributor, 'OwnableUnauthorizedAccount', [w.mallory.address]);
      }
      await increaseTime(chain.provider, WEEK + 1n);
      await expectRevert(asMallory.sweep(epoch, w.mallory.address), distributor, 'OwnableUnauthorizedAccount', [
        w.mallory.address,
      ]);
    });

    it('ownership moves only when the new owner accepts (Ownable2Step)', async () => {
      const { distributor } = await deploy(w.deployer);
      await (await distributor.transferOwnership(w.alice.address)).wait();
      assert.equal(await distributor.owner(), w.deployer.address);
      await expectRevert(distributor.connect(w.bob).acceptOwnership(), distributor, 'OwnableUnauthorizedAccount');
      await (await distributor.connect(w.alice).acceptOwnership()).wait();
      assert.equal(await distributor.owner(), w.alice.address);
      await expectRevert(distributor.pause(), distributor, 'OwnableUnauthorizedAccount', [w.deployer.address]);
    });
  });
});
