// Starts a real Pathways server for the browser tests: migrate, seed the demo users, serve
// on a free loopback port, wait until ready. stop() always ends it.
import { writeFileSync } from 'node:fs';
import { spawn, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

/** @returns {Promise<number>} a port the OS had free a moment ago */
function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

/**
 * @param {string} bin
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 */
async function step(bin, args, env) {
  try {
    const { stdout } = await run(bin, args, { env, timeout: 120_000, maxBuffer: 16 << 20 });
    return stdout;
  } catch (err) {
    const e = /** @type {{stdout?: string, stderr?: string, message: string}} */ (err);
    throw new Error(`${bin} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`, { cause: err });
  }
}

/**
 * @typedef {{ baseURL: string, password: string, logs(): string, stop(): Promise<void> }} Running
 * @returns {Promise<Running>}
 */
export async function startServer() {
  const bin = resolve(here, '..', process.env.PATHWAYS_BIN ?? '../bin/pathways');
  const databaseURL = process.env.PATHWAYS_E2E_DATABASE_URL;
  if (!databaseURL) {
    throw new Error('PATHWAYS_E2E_DATABASE_URL must name an empty PostgreSQL database for the browser tests');
  }
  // Fresh secrets per run: nothing here is worth keeping, and nothing is reused by accident.
  const password = `e2e-${randomBytes(12).toString('base64url')}`;
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: databaseURL,
    PATHWAYS_ADDR: `127.0.0.1:${port}`,
    PATHWAYS_COOKIE_SECURE: 'false',
    PATHWAYS_SECRET: randomBytes(32).toString('hex'),
    PATHWAYS_DEMO_PASSWORD: password,
    PATHWAYS_LOG_LEVEL: process.env.PATHWAYS_LOG_LEVEL ?? 'warn',
    // No metrics listener: its default port (9090) may be taken by another server here.
    PATHWAYS_METRICS_ADDR: '',
  };

  await step(bin, ['migrate'], env);
  const seeded = await step(bin, ['seed', '--demo'], env);
  // seed --demo leaves existing demo users alone, so their password would not be ours.
  if (/already loaded/i.test(seeded)) {
    throw new Error('PATHWAYS_E2E_DATABASE_URL must name an EMPTY database: it already holds demo users, whose password is unknown to this run');
  }

  const child = spawn(bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  /** @type {Promise<number | null>} */
  const exited = new Promise((ok) => child.on('exit', (code) => ok(code)));
  // Last resort if the test process dies without running after(): never leave it behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    // PATHWAYS_E2E_LOG keeps the server's log for reading after a failed run.
    if (process.env.PATHWAYS_E2E_LOG) writeFileSync(process.env.PATHWAYS_E2E_LOG, output);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await waitReady(baseURL, exited);
  } catch (err) {
    await stop();
    throw new Error(`${/** @type {Error} */ (err).message}\nserver output:\n${output}`, { cause: err });
  }
  return { baseURL, password, logs: () => output, stop };
}

/**
 * @param {string} baseURL
 * @param {Promise<number | null>} exited
 */
async function waitReady(baseURL, exited) {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error('pathways serve exited before it was ready');
    try {
      const res = await fetch(`${baseURL}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${baseURL}/readyz did not answer 200 within 30 s`);
}
