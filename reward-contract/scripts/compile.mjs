// Compiles contracts/*.sol with solcjs (standard JSON) and writes, per contract:
//   build/<Name>.abi   ABI JSON       } the pair web3j codegen / solc --abi --bin users expect
//   build/<Name>.bin   bytecode hex   }
//   build/<Name>.json  { contractName, abi, bytecode } for ethers and the tests
// solcjs is used because no native solc is available on our machines (see DESIGN.md).
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const contractsDir = join(root, 'contracts');
const buildDir = join(root, 'build');

const sources = {};
for (const file of readdirSync(contractsDir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[`contracts/${file}`] = { content: readFileSync(join(contractsDir, file), 'utf8') };
}

const input = {
  language: 'Solidity',
  sources,
  settings: {
    // Pinned rather than solc's default so the bytecode does not silently change with the
    // compiler; cancun is the oldest fork with transient storage (ReentrancyGuardTransient).
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 10_000 }, // claim is called far more often than deploy
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};

// Library imports (@openzeppelin/...) resolve from node_modules, so versions come from package-lock.
function findImports(path) {
  for (const base of [root, join(root, 'node_modules')]) {
    const candidate = join(base, path);
    if (existsSync(candidate)) return { contents: readFileSync(candidate, 'utf8') };
  }
  return { error: `File not found: ${path}` };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));

// 2394 = "transient storage can break composability": raised for OZ's ReentrancyGuardTransient,
// which clears its slot at the end of every call (the case the warning itself calls safe).
const KNOWN_SAFE = new Set(['2394']);
const problems = (output.errors ?? []).filter((p) => !KNOWN_SAFE.has(p.errorCode));
for (const p of problems) console.error(p.formattedMessage ?? p.message);
if (problems.some((p) => p.severity === 'error')) process.exit(1);

mkdirSync(buildDir, { recursive: true });
for (const sourceName of Object.keys(sources)) {
  for (const [name, contract] of Object.entries(output.contracts[sourceName] ?? {})) {
    const bin = contract.evm.bytecode.object;
    if (!bin) continue; // abstract contracts / interfaces have no bytecode
    writeFileSync(join(buildDir, `${name}.abi`), JSON.stringify(contract.abi));
    writeFileSync(join(buildDir, `${name}.bin`), bin);
    writeFileSync(
      join(buildDir, `${name}.json`),
      JSON.stringify({ contractName: name, abi: contract.abi, bytecode: `0x${bin}` }, null, 2),
    );
    console.log(`compiled ${name} (${bin.length / 2} bytes) with solc ${solc.version()}`);
  }
}
