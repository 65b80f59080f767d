/** A flag takes a value (`--page 2`, `--page=2`), is a switch (`--json`), or a switch that may say false (`--stuck=false`). */
export type FlagKind = 'value' | 'switch';

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

/** Wrong usage: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses argv against the flags a command knows; anything else is a UsageError. `--` ends the flags. */
export function parseArgs(argv: readonly string[], known: Readonly<Record<string, FlagKind>>): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = known[name];
    if (!kind) throw new UsageError(`未知选项 / unknown option: --${name}`);
    if (name in flags) throw new UsageError(`选项重复 / option given twice: --${name}`);
    if (eq !== -1) {
      flags[name] = arg.slice(eq + 1);
    } else if (kind === 'switch') {
      flags[name] = true;
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`--${name} 需要一个值 / --${name} needs a value`);
      }
      flags[name] = value;
      i += 1;
    }
  }
  return { positionals, flags };
}
