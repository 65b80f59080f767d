import {
  checkConfig,
  type ConfigCheckInput,
  parseConfigCheckInput,
} from '../domain/config-check/check-config';
import { ValidationError } from '../shared/errors';
import type { Command } from './command';
import { readInput, str } from './command-args';
import { UsageError } from './parse-args';

/** Checks a template or app configuration against WeCom's filling rules before it goes to review. */
export const CHECK_CONFIG_COMMAND: Command = {
  name: 'check-config',
  args: '--kind template|app [--name ..] [--intro ..] [--callback-url ..] [--homepage-url ..] [--trusted-domain ..] [--ip-whitelist a,b] [--logo FILE]',
  summary:
    '提交审核前按填写标准检查配置（有问题时退出码 1） / check a configuration before review (exit 1 when it has problems)',
  flags: {
    kind: 'value',
    name: 'value',
    intro: 'value',
    'callback-url': 'value',
    'homepage-url': 'value',
    'trusted-domain': 'value',
    'ip-whitelist': 'value',
    logo: 'value',
  },
  min: 0,
  max: 0,
  // The rules are in this code: no bot and no store are needed.
  async run(ctx) {
    const f = (name: string) => str(ctx.flags[name], name);
    const body: Record<string, unknown> = { kind: f('kind') };
    const fields = {
      name: 'name',
      intro: 'intro',
      callbackUrl: 'callback-url',
      homepageUrl: 'homepage-url',
      trustedDomain: 'trusted-domain',
    } as const;
    for (const [key, flag] of Object.entries(fields)) body[key] = f(flag);
    const ips = f('ip-whitelist');
    if (ips !== undefined)
      body.ipWhitelist = ips
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    let input: ConfigCheckInput;
    try {
      input = parseConfigCheckInput(body);
    } catch (err) {
      if (err instanceof ValidationError) throw new UsageError(`--${kebab(err.field)}: ${err.message}`);
      throw err;
    }
    const logo = f('logo');
    const result = checkConfig(logo === undefined ? input : { ...input, logo: await readInput(ctx, logo) });
    return { value: result, text: ctx.format.check(result), exitCode: result.ok ? 0 : 1 };
  },
};

/** The flag for a field the validation names: `callbackUrl` → `callback-url`. */
function kebab(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
