// Starts a throwaway anvil node for one test file and stops it afterwards.
// Lives outside test/ because `node --test test/` would run every module in test/ as a test file.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);

/** Path of the anvil binary shipped by the platform package of @foundry-rs/anvil (no download). */
export function anvilBinary() {
  if (process.env.ANVIL_BIN) return process.env.ANVIL_BIN;
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch] ?? process.arch;
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}`;
  const exe = process.platform === 'win32' ? 'anvil.exe' : 'anvil';
  // Spawning the binary directly (not the bin.mjs wrapper) means kill() reaches anvil itself.
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', exe);
}

/**
 * Spawns `anvil --host 127.0.0.1 --port 0` and resolves once it prints the port it chose.
 * @returns {Promise<{url: string, port: number, stop: () => Promise<void>}>}
 */
export function startAnvil({ timeoutMs = 30_000, extraArgs = [] } = {}) {
  const child = spawn(anvilBinary(), ['--host', '127.0.0.1', '--port', '0', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never leave an orphaned node behind, even if the test process dies without calling stop().
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const recent = []; // last lines of output, for a useful error message
  const remember = (line) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
  };
  createInterface({ input: child.stderr }).on('line', remember);
  // Keep draining stdout for the node's whole life: anvil logs every RPC call, and a full pipe
  // would block it.
  const lines = createInterface({ input: child.stdout });

  const stop = () =>
    new Promise((resolve) => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });

  return new Promise((resolve, reject) => {
    const fail = (message) => {
      clearTimeout(timer);
      stop().then(() => reject(new Error(`${message}\n--- anvil output ---\n${recent.join('\n')}`)));
    };
    const timer = setTimeout(() => fail(`anvil did not report a port within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (err) => fail(`cannot start anvil (${anvilBinary()}): ${err.message}`));
    child.once('exit', (code, signal) => fail(`anvil exited early (code ${code}, signal ${signal})`));
    lines.on('line', (line) => {
      remember(line);
      const match = /Listening on 127\.0\.0\.1:(\d+)/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const port = Number(match[1]);
      resolve({ url: `http://127.0.0.1:${port}`, port, stop });
    });
  });
}
