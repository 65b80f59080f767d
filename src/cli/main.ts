import { readFile } from 'node:fs/promises';
import { ConfigError } from '../shared/errors';
import { isLocale, LOCALES } from '../shared/locale';
import { CliApiError } from './backend';
import { type Command, COMMANDS } from './commands';
import { connect as defaultConnect, type ConnectOptions, type Connection } from './connect';
import { createFormat } from './format';
import { type FlagKind, parseArgs, UsageError } from './parse-args';
import { stripControl } from './strip-control';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
  readFile?(path: string): Promise<Uint8Array>;
  /** Tests pass a backend over their own container or server; the default follows the configuration. */
  connect?(opts: ConnectOptions): Promise<Connection>;
}

const GLOBAL_FLAGS: Record<string, FlagKind> = {
  json: 'switch',
  url: 'value',
  token: 'value',
  locale: 'value',
  help: 'switch',
};

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Runs one CLI command; answers the exit code (0 ok, 1 the operation failed, 2 wrong usage).
 * Everything it prints, output and errors alike, is stripped of control characters.
 */
export async function main(argv: readonly string[], rawIo: CliIo): Promise<number> {
  const io: CliIo = {
    ...rawIo,
    out: (text) => rawIo.out(stripControl(text)),
    err: (text) => rawIo.err(stripControl(text)),
  };
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    const names = COMMANDS.map((c) => c.name).join(', ');
    io.err(
      `未知命令 / unknown command: ${name}\n命令 / commands: ${names}\n详见 / see: npm run cli -- --help`,
    );
    return EXIT.usage;
  }
  let connection: Connection | undefined;
  try {
    const { positionals, flags } = parseArgs(rest, { ...GLOBAL_FLAGS, ...command.flags });
    if (flags.help) {
      io.out(commandUsage(command));
      return EXIT.ok;
    }
    if (positionals.length < command.min || positionals.length > command.max) {
      throw new UsageError(`参数个数不对 / wrong number of arguments`);
    }
    const value = (flag: string): string | undefined => {
      const v = flags[flag];
      if (v === true) throw new UsageError(`--${flag} 需要一个值 / --${flag} needs a value`);
      return v;
    };
    const connectOpts: ConnectOptions = {
      env: io.env,
      url: value('url'),
      token: value('token'),
      log: (line) => io.err(line.trimEnd()),
    };
    const locale = value('locale');
    if (locale !== undefined && !isLocale(locale)) {
      throw new UsageError(`--locale 须为 / must be one of: ${LOCALES.join(', ')}`);
    }
    let timeZone = 'Asia/Shanghai';
    const result = await command.run({
      args: positionals,
      flags,
      locale,
      get format() {
        return createFormat(timeZone);
      },
      backend: async () => {
        connection ??= await (io.connect ?? defaultConnect)(connectOpts);
        timeZone = connection.timeZone;
        return connection.backend;
      },
      readFile: io.readFile ?? ((path) => readFile(path)),
    });
    io.out(flags.json ? JSON.stringify(result.value, null, 2) : result.text);
    return result.exitCode ?? EXIT.ok;
  } catch (err) {
    return report(err, io, command);
  } finally {
    await connection?.backend.close();
  }
}

function report(err: unknown, io: CliIo, command: Command): number {
  if (err instanceof UsageError) {
    io.err(`${err.message}\n\n${commandUsage(command)}`);
    return EXIT.usage;
  }
  if (err instanceof ConfigError) {
    io.err(`配置错误 / configuration error: ${err.message}`);
    return EXIT.usage;
  }
  if (err instanceof CliApiError) {
    // A value the bot refused (400) is wrong usage too: the message names the field.
    const code = err.status === 400 ? EXIT.usage : EXIT.failed;
    const where = [err.status ? `HTTP ${err.status}` : '', err.error, err.field ? `field ${err.field}` : '']
      .filter(Boolean)
      .join(', ');
    io.err(`错误 / error: ${err.message} (${where})`);
    return code;
  }
  io.err(`错误 / error: ${err instanceof Error ? err.message : String(err)}`);
  return EXIT.failed;
}

function commandUsage(c: Command): string {
  return `用法 / Usage: npm run cli -- ${c.name}${c.args ? ` ${c.args}` : ''} [--json]\n  ${c.summary}${
    c.args.includes('[filters]') ? `\n\n${FILTER_HELP}` : ''
  }`;
}

const FILTER_HELP = `筛选 / Filters:
  --status developing|in_review|approved|enabled   --template SUITE_ID
  --stuck[=false]   卡住的扩大可见范围 / stuck rollouts
  --pending[=false] 有待确认的权限申请 / a permission request waiting
  --authorization active|cancelled   --page N   --page-size N (≤ 100)`;

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `用法 / Usage: npm run cli -- <command> [arguments] [options]

命令 / Commands:
${lines.join('\n')}

${FILTER_HELP}

通用选项 / Options:
  --json            机器可读输出 / JSON output for scripts
  --url URL         运行中的机器人 / a running bot’s address (default: MongoDB in this process if
                    configured, else http://localhost:<port>)
  --token TOKEN     管理令牌 / admin token (default: ADMIN_TOKEN or the configuration)
  --locale L        诊断与待办的语言 / language of diagnoses and the to-do list: zh-CN, en
                    (default: the bot's dashboard.locale)
  --help            命令帮助 / help for a command

退出码 / Exit codes: 0 成功 ok, 1 操作失败 failed (check-config: problems found), 2 用法错误 wrong usage or value`;
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
  }).then((code) => {
    process.exitCode = code;
  });
}
