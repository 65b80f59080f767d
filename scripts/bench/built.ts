import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');
const load = createRequire(__filename);

/** `npm run build`, once per bench run, so every server measured runs this checkout's code. */
export function build(): void {
  const tsc = spawnSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  if (tsc.status !== 0) throw new Error('npm run build failed');
}

/**
 * A module of the build in dist/, typed by its source: the servers measured run the JavaScript
 * production runs (`npm run start:prod`), not the bench's own TypeScript loader, which wraps each
 * named inner function of a hot path in a call that renames it.
 */
export function built<T>(modulePath: string): T {
  return load(path.join(ROOT, 'dist', modulePath)) as T;
}
