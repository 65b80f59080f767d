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
  // A deployment ships config/ beside the build; a link stands in for it here.
  await symlink(path.join(ROOT, 'config'), path.join(appDir, 'config'));
  await linkProductionDependencies(appDir);
}

/**
 * What `npm ci --omit=dev` installs: every top-level package of the lockfile not marked dev,
 * linked from the installed tree. The built code finds nothing else, so a dev dependency it
 * needs at run time fails here as it would in the image.
 */
async function linkProductionDependencies(appDir: string): Promise<void> {
  const lock = JSON.parse(await readFile(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const names = Object.entries(lock.packages)
    .filter(([key, entry]) => key.startsWith('node_modules/') && !entry.dev)
    .map(([key]) => key.slice('node_modules/'.length))
    .filter((name) => !name.includes('/node_modules/'));
  for (const name of names) {
    const link = path.join(appDir, 'node_modules', name);
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules', name), link);
  }
}

/** The next line of the server's output that `match` accepts. */
async function nextLine(lines: AsyncIterator<string>, match: (line: string) => boolean): Promise<string> {
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    if (match(next.value)) return next.value;
  }
  throw new Error('the server exited before printing the line awaited');
}

interface Stage {
  from: string;
  /** Each instruction as written, continuation lines joined: `RUN npm ci`. */
  steps: string[];
}

/** The Dockerfile's stages, each with its instructions (comments and blank lines left out). */
function readDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.replace(/\s*\\\n\s*/g, ' ').split('\n');
  for (const line of lines.map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))) {
    if (line.startsWith('FROM ')) stages.push({ from: line.slice(5), steps: [] });
    else stages.at(-1)!.steps.push(line);
  }
  return stages;
}

/** The exec form (`["node", …]`) after `prefix` in the one step that starts with it. */
function execForm(stage: Stage, prefix: RegExp): string[] {
  const steps = stage.steps.filter((s) => prefix.test(s));
  expect(steps).toHaveLength(1);
  return JSON.parse(steps[0]!.replace(prefix, '')) as string[];
}

const runs = (stage: Stage) => stage.steps.filter((s) => s.startsWith('RUN ')).map((s) => s.slice(4));

describe('the Dockerfile, the compose file and the commands they run', () => {
  let build: Stage;
  let runtime: Stage;
  let scripts: Record<string, string>;

  beforeAll(async () => {
    const stages = readDockerfile(await readFile(path.join(ROOT, 'Dockerfile'), 'utf8'));
    expect(stages).toHaveLength(2);
    [build, runtime] = stages as [Stage, Stage];
    scripts = (
      JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
  });

  it('builds with every dependency, and runs the compiled code with production ones only, as a non-root user', () => {
    expect(build.from).toMatch(/^node:20\S* AS build$/);
    expect(runs(build)).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
    // What buildInto() below emits: npm run build is tsc on tsconfig.build.json.
    expect(scripts.build).toBe('tsc -p tsconfig.build.json');

    expect(runtime.from).toMatch(/^node:20\S* AS runtime$/);
    expect(runs(runtime)).toEqual(['npm ci --omit=dev --no-audit --no-fund && npm cache clean --force']);
    expect(runtime.steps).toEqual(
      expect.arrayContaining(['COPY config ./config', 'COPY --from=build /app/dist ./dist', 'USER node']),
    );
    const user = runtime.steps.filter((s) => s.startsWith('USER ')).at(-1);
    expect(user).not.toMatch(/^USER (root|0)\b/);
    expect(execForm(runtime, /^CMD /)).toEqual(scripts['start:prod']!.split(' '));
    expect(execForm(runtime, /^HEALTHCHECK (--\S+ )*CMD /).join(' ')).toContain('/readyz');
  });

  it('runs the bot beside MongoDB with secrets from the environment, and keeps the context small', async () => {
    const compose = await readFile(path.join(ROOT, 'compose.yaml'), 'utf8');
    expect(compose).toMatch(/^ {2}bot:$/m);
    expect(compose).toMatch(/^ {2}mongo:\n {4}image: mongo:\d/m);
    expect(compose).toContain('MONGODB_URI: mongodb://mongo:27017/');
    for (const secret of ['BOT_SECRET_KEY', 'ADMIN_TOKEN']) {
      expect(compose).toMatch(new RegExp(`${secret}: \\$\\{${secret}:\\?`));
    }
    const ignored = (await readFile(path.join(ROOT, '.dockerignore'), 'utf8')).split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', 'dist', 'test']));
  });

  describe('its start command on the built output, with production dependencies only', () => {
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

    /** The image's HEALTHCHECK command against the bot on `port`: its exit code. */
    async function healthcheck(port: number): Promise<number | null> {
      const [command, ...args] = execForm(runtime, /^HEALTHCHECK (--\S+ )*CMD /);
      expect(command).toBe('node');
      const check = spawn(process.execPath, args, {
        env: { ...process.env, PORT: String(port) },
        stdio: 'ignore',
      });
      const [code] = (await once(check, 'exit')) as [number | null];
      return code;
    }

    it('starts from plain JavaScript, finds config/ beside it, is ready for the HEALTHCHECK and stops on SIGTERM', async () => {
      const [command, ...args] = execForm(runtime, /^CMD /);
      expect(command).toBe('node');
      const botConfig = path.join(appDir, 'test-config.json');
      // Free ports, loopback only: other suites and engineers share this machine.
      await writeFile(botConfig, JSON.stringify({ host: '127.0.0.1', simulator: { port: 0 } }));
      // The image's ENV, but a free port (PORT overrides the file, as in the image).
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NODE_ENV: 'production',
        PORT: '0',
        BOT_CONFIG: botConfig,
        LOG_LEVEL: 'info',
      };
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
      expect(await res.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`http://127.0.0.1:${listening.port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready' });
      expect(await healthcheck(listening.port)).toBe(0);

      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect(await healthcheck(listening.port)).toBe(1);
    });
  });
});
