import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A bench child process spoken to by request and reply over the IPC channel. */
export interface Child {
  request<T>(message: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

const hasTaskset = spawnSync('taskset', ['-V']).status === 0;

/**
 * Starts `script` (a .ts file in this folder) under node + tsx, pinned to `cpu` when taskset exists,
 * so the bot and the load generator each get a core of their own instead of sharing an event loop.
 */
export function startChild(script: string, opts: { cpu?: number; nodeFlags?: string[] } = {}): Child {
  const node = [...(opts.nodeFlags ?? []), '--import', 'tsx', path.join(__dirname, script)];
  const [cmd, args] =
    hasTaskset && opts.cpu !== undefined
      ? ['taskset', ['-c', String(opts.cpu), process.execPath, ...node]]
      : [process.execPath, node];
  const proc: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let seq = 0;
  const waiting = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  proc.on('message', (m: { id: number; ok: boolean; value?: never; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.resolve(m.value as never);
    else w?.reject(new Error(`${script}: ${m.error}`));
  });
  proc.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`${script} exited with ${code}`));
    waiting.clear();
  });
  return {
    request<T>(message: Record<string, unknown>) {
      const id = ++seq;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: never) => void, reject });
        proc.send({ ...message, id });
      });
    },
    stop() {
      return new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.disconnect();
      });
    },
  };
}

/** The child's side: answers each request with the handler's value; exits when the parent lets go. */
export function serveRequests(handler: (message: Record<string, unknown>) => Promise<unknown>): void {
  process.on('message', (m: { id: number } & Record<string, unknown>) => {
    handler(m).then(
      (value) => process.send?.({ id: m.id, ok: true, value }),
      (err: unknown) =>
        process.send?.({ id: m.id, ok: false, error: err instanceof Error ? err.stack : String(err) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

export const cpusPinned = hasTaskset;
