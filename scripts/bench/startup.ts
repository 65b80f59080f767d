import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from './built';
import { SECRET_KEY, SUITE } from './fixtures';

export interface Startup {
  /** From spawning `node dist/main.js` to the first 200 from /readyz. */
  ms: number;
  /** Resident memory after a second with nothing to do. */
  idleRssMb: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

const ready = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path: '/readyz' }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    }).on('error', () => resolve(false));
  });

/**
 * The built server as production starts it (`node dist/main.js`, built at the bench's start), on the
 * embedded memory store with the bench template and no simulator: time to ready and idle RSS.
 */
export async function startup(): Promise<Startup> {
  const configFile = path.join(tmpdir(), `bench-startup-${process.pid}.json`);
  writeFileSync(
    configFile,
    JSON.stringify({
      logLevel: 'warn',
      secretKey: SECRET_KEY,
      adminToken: 'bench-startup-admin-token',
      templates: [SUITE],
      simulator: { enabled: false },
      store: 'memory',
    }),
  );
  const port = await freePort();
  const started = performance.now();
  const bot = spawn(process.execPath, ['dist/main.js'], {
    cwd: ROOT,
    env: { ...process.env, BOT_CONFIG: configFile, PORT: String(port), MONGODB_URI: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    while (!(await ready(port))) {
      if (bot.exitCode !== null) throw new Error(`the built server exited with ${bot.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const ms = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${bot.pid}/status`, 'utf8'))?.[1]);
    return { ms, idleRssMb: rssKb / 1024 };
  } finally {
    if (bot.exitCode === null) {
      const exited = new Promise((resolve) => bot.once('exit', resolve));
      bot.kill('SIGTERM');
      await exited;
    }
  }
}
