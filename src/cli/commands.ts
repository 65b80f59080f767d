import { ACTION_COMMANDS } from './action-commands';
import { CHECK_CONFIG_COMMAND } from './check-config-command';
import type { Command } from './command';
import { READ_COMMANDS } from './read-commands';
import { TEMPLATE_COMMANDS } from './template-commands';

export type { Command, CommandContext, CommandResult } from './command';

/** Every command, in the order the usage lists them. */
export const COMMANDS: readonly Command[] = [
  ...READ_COMMANDS,
  ...ACTION_COMMANDS,
  ...TEMPLATE_COMMANDS,
  CHECK_CONFIG_COMMAND,
];
