import type { Locale } from '../shared/locale';
import type { SupportBackend } from './backend';
import type { Format } from './format';
import type { FlagKind } from './parse-args';

export interface CommandContext {
  args: string[];
  flags: Record<string, string | true>;
  format: Format;
  /** `--locale`: the language of the bot's findings (diagnoses, the overview's to-do list). */
  locale?: Locale;
  /** Opens the backend on first use, so wrong usage is caught before connecting. */
  backend(): Promise<SupportBackend>;
  readFile(path: string): Promise<Uint8Array>;
}

export interface CommandResult {
  /** What --json prints. */
  value: unknown;
  text: string;
  exitCode?: number;
}

export interface Command {
  name: string;
  args: string;
  summary: string;
  flags?: Record<string, FlagKind>;
  /** How many positional arguments (max Infinity for a list). */
  min: number;
  max: number;
  run(ctx: CommandContext): Promise<CommandResult>;
}
