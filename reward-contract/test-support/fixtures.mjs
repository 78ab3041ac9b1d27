// Shared test fixtures: anvil accounts, contract deployment, Merkle trees, revert assertions.
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContractFactory, JsonRpcProvider, Wallet, hexlify, randomBytes } from 'ethers';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { startAnvil } from './anvil.mjs';

const buildDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'build');

export const CHAIN_ID = 31337n;
export const LEAF_ENCODING = ['address', 'uint256'];

// Anvil's default accounts, derived from the public mnemonic
// "test test test test test test test test test test test junk". These are the anvil well-known
// test keys: public knowledge, funded only on local dev chains, never to be used anywhere real.
export const ANVIL_KEYS = {
  deployer: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', // anvil well-known test key #0
  alice: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d', // anvil well-known test key #1
  bob: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a', // anvil well-known test key #2
  carol: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6', // anvil well-known test key #3
  mallory: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a', // anvil well-known test key #4
  treasury: '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba', // anvil well-known test key #5
};

export function loadArtifact(name) {
  const file = join(buildDir, `${name}.json`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Starts anvil and returns a provider plus one wallet per anvil well-known test key. */
export async function startChain() {
  const anvil = await startAnvil();
  // No request cache (stale nonces/balances between quick calls), fast polling for tx.wait().
  const provider = new JsonRpcProvider(anvil.url, Number(CHAIN_ID), {
    staticNetwork: true,
    cacheTimeout: -1,
    pollingInterval: 20,
    batchMaxCount: 1, // no JSON-RPC batching: it waits batchStallTime (10 ms) before every request
  });
  const wallets = Object.fromEntries(
    Object.entries(ANVIL_KEYS).map(([name, key]) => [name, new Wallet(key, provider)]),
  );
  const stop = async () => {
    provider.destroy();
    await anvil.stop();
  };
  return { provider, wallets, stop };
}

/** Deploys LaurelToken + EpochDistributor; `deployer` is token admin + minter and distributor owner. */
export async function deploy(deployer) {
  const tokenArt = loadArtifact('LaurelToken');
  const distArt = loadArtifact('EpochDistributor');
  const token = await new ContractFactory(tokenArt.abi, tokenArt.bytecode, deployer).deploy(deployer.address);
  await token.waitForDeployment();
  await (await token.grantRole(await token.MINTER_ROLE(), deployer.address)).wait();
  const distributor = await new ContractFactory(distArt.abi, distArt.bytecode, deployer).deploy(
    await token.getAddress(),
    deployer.address,
  );
  await distributor.waitForDeployment();
  return { token, distributor };
}

/** allocations: [[address, bigint], ...] → StandardMerkleTree with the contract's leaf encoding. */
export function buildTree(allocations) {
  const tree = StandardMerkleTree.of(
    allocations.map(([account, amount]) => [account, amount.toString()]),
    LEAF_ENCODING,
  );
  const total = allocations.reduce((sum, [, amount]) => sum + BigInt(amount), 0n);
  const proofFor = (account) => {
    for (const [i, [leafAccount]] of tree.entries()) {
      if (leafAccount.toLowerCase() === account.toLowerCase()) return tree.getProof(i);
    }
    throw new Error(`no leaf for ${account}`);
  };
  return { tree, root: tree.root, total, proofFor };
}

export const randomProvenance = () => hexlify(randomBytes(32));

export async function latestTimestamp(provider) {
  return BigInt((await provider.getBlock('latest')).timestamp);
}

/** Moves the chain clock forward and mines a block so the next call sees the new time. */
export async function increaseTime(provider, seconds) {
  await provider.send('evm_increaseTime', [Number(seconds)]);
  await provider.send('evm_mine', []);
}

/** Mints `total` into the distributor and publishes the epoch; returns the publish receipt. */
export async function fundAndPublish({ token, distributor, epoch, root, total, deadline, provenance }) {
  await (await token.mint(await distributor.getAddress(), total)).wait();
  return (await distributor.publishEpoch(epoch, root, total, deadline, provenance ?? randomProvenance())).wait();
}

/**
 * Asserts that `promise` (a contract call or transaction) reverts with the custom error `name`,
 * decoded through `contract`'s ABI; optionally checks the error's arguments.
 */
export async function expectRevert(promise, contract, name, args) {
  await assert.rejects(promise, (err) => {
    const data = err?.data ?? err?.info?.error?.data ?? err?.error?.data;
    const decoded = err?.revert ?? (data ? contract.interface.parseError(data) : null);
    assert.ok(decoded, `expected revert ${name}, got: ${err?.shortMessage ?? err?.message}`);
    assert.equal(decoded.name, name, `expected revert ${name}, got ${decoded.name}`);
    if (args) assert.deepEqual([...decoded.args], args);
    return true;
  });
}
