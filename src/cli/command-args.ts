import type { CommandContext } from './command';
import { UsageError } from './parse-args';

/** A flag that must carry a value: a bare `--flag` is wrong usage. */
export function str(value: string | true | undefined, flag: string): string | undefined {
  if (value === true) throw new UsageError(`--${flag} 需要一个值 / --${flag} needs a value`);
  return value;
}

/** The file an argument names; a missing or unreadable file is wrong usage, not a crash. */
export async function readInput(ctx: CommandContext, path: string): Promise<Uint8Array> {
  try {
    return await ctx.readFile(path);
  } catch (err) {
    throw new UsageError(
      `无法读取 / cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

export async function readJson(ctx: CommandContext, path: string): Promise<unknown> {
  const bytes = await readInput(ctx, path);
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch (err) {
    throw new UsageError(`${path} 不是有效的 JSON / ${path} is not valid JSON: ${(err as Error).message}`);
  }
}
