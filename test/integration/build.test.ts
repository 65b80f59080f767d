import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');

/**
 * What `npm run build` emits, file by file, into `appDir` laid out as the repository is. With
 * isolatedModules each file's output does not depend on the others, so this is tsc's emit at a
 * fraction of its cost; type errors are `npm run typecheck`'s job.
 */
async function buildInto(appDir: string): Promise<void> {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.build.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const { rootDir, outDir } = parsed.options;
  const target = path.join(appDir, path.relative(ROOT, outDir!));
  for (const file of parsed.fileNames) {
    const out = path.join(target, path.relative(rootDir!, file)).replace(/\.ts$/, '.js');
    const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), {
      compilerOptions: { ...parsed.options, sourceMap: false },
      fileName: file,
    });
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, outputText);
  }
  // A deployment ships config/ and node_modules/ beside the build; links stand in for them here.
  await symlink(path.join(ROOT, 'config'), path.join(appDir, 'config'));
  await symlink(path.join(ROOT, 'node_modules'), path.join(appDir, 'node_modules'));
}

/** The next line of the server's output that `match` accepts. */
async function nextLine(lines: AsyncIterator<string>, match: (line: string) => boolean): Promise<string> {
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    if (match(next.value)) return next.value;
  }
  throw new Error('the server exited before printing the line awaited');
}

describe('npm run start:prod on the built output', () => {
  let appDir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    appDir = await mkdtemp(path.join(os.tmpdir(), 'wecom-bot-build-'));
    await buildInto(appDir);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await rm(appDir, { recursive: true, force: true });
  });

  it('starts from plain JavaScript, finds config/ beside it, answers /healthz and stops on SIGTERM', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const [command, ...args] = pkg.scripts['start:prod']!.split(' ');
    expect(command).toBe('node');
    const botConfig = path.join(appDir, 'test-config.json');
    // Free ports, loopback only: other suites and engineers share this machine.
    await writeFile(botConfig, JSON.stringify({ port: 0, host: '127.0.0.1', simulator: { port: 0 } }));
    const env: NodeJS.ProcessEnv = { ...process.env, BOT_CONFIG: botConfig, LOG_LEVEL: 'info' };
    delete env.MONGODB_URI;
    child = spawn(process.execPath, args, { cwd: appDir, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();

    const listening = JSON.parse(await nextLine(lines, (l) => l.includes('"msg":"listening"'))) as {
      port: number;
      store: string;
    };
    expect(listening.store).toBe('memory');
    // The banner comes once start-up is over and SIGTERM is handled.
    await nextLine(lines, (l) => l.includes('Support dashboard:'));
    const res = await fetch(`http://127.0.0.1:${listening.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
