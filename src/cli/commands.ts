import {
  checkConfig,
  type ConfigCheckInput,
  parseConfigCheckInput,
} from '../domain/config-check/check-config';
import { ValidationError } from '../shared/errors';
import type { CliQuery, RolloutAction, SupportBackend } from './backend';
import type { Format } from './format';
import { type FlagKind, UsageError } from './parse-args';

export interface CommandContext {
  args: string[];
  flags: Record<string, string | true>;
  format: Format;
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

const PAGING: Record<string, FlagKind> = { page: 'value', 'page-size': 'value' };
const FILTERS: Record<string, FlagKind> = {
  status: 'value',
  template: 'value',
  stuck: 'switch',
  pending: 'switch',
  authorization: 'value',
  ...PAGING,
};
const BY: Record<string, FlagKind> = { by: 'value' };

/** CLI flags as the API's query: kebab-case to its keys, a bare switch to "true". */
function toQuery(flags: CommandContext['flags'], names: Record<string, string>): CliQuery {
  const query: CliQuery = {};
  for (const [flag, key] of Object.entries(names)) {
    const value = flags[flag];
    if (value !== undefined) query[key] = value === true ? 'true' : value;
  }
  return query;
}

const FILTER_KEYS = {
  status: 'status',
  template: 'template',
  stuck: 'stuck',
  pending: 'pending',
  authorization: 'authorization',
  page: 'page',
  'page-size': 'pageSize',
};
const MESSAGE_FILTER_KEYS = {
  corp: 'corpId',
  suite: 'suiteId',
  status: 'status',
  channel: 'channel',
  topic: 'topic',
  page: 'page',
  'page-size': 'pageSize',
};

const by = (ctx: CommandContext): string | undefined => str(ctx.flags.by, 'by');

function str(value: string | true | undefined, flag: string): string | undefined {
  if (value === true) throw new UsageError(`--${flag} 需要一个值 / --${flag} needs a value`);
  return value;
}

async function readJson(ctx: CommandContext, path: string): Promise<unknown> {
  const bytes = await readInput(ctx, path);
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch (err) {
    throw new UsageError(`${path} 不是有效的 JSON / ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

async function readInput(ctx: CommandContext, path: string): Promise<Uint8Array> {
  try {
    return await ctx.readFile(path);
  } catch (err) {
    throw new UsageError(
      `无法读取 / cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

function kebab(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

const ROLLOUT_ACTIONS: readonly RolloutAction[] = ['pause', 'resume', 'restart'];

export const COMMANDS: readonly Command[] = [
  {
    name: 'overview',
    args: '',
    summary: '总数与今天需要人工处理的事 / counts and what needs a person today',
    min: 0,
    max: 0,
    async run(ctx) {
      const o = await (await ctx.backend()).overview();
      return { value: o, text: ctx.format.overview(o) };
    },
  },
  {
    name: 'enterprises',
    args: '[filters]',
    summary: '企业列表 / list enterprises',
    flags: FILTERS,
    min: 0,
    max: 0,
    async run(ctx) {
      const page = await (await ctx.backend()).listEnterprises(toQuery(ctx.flags, FILTER_KEYS));
      return { value: page, text: ctx.format.enterprises(page) };
    },
  },
  {
    name: 'apps',
    args: '[filters]',
    summary: '应用列表 / list apps',
    flags: FILTERS,
    min: 0,
    max: 0,
    async run(ctx) {
      const page = await (await ctx.backend()).listApps(toQuery(ctx.flags, FILTER_KEYS));
      return { value: page, text: ctx.format.apps(page) };
    },
  },
  {
    name: 'app',
    args: '<suiteId> <corpId>',
    summary: '一个应用及其最近的历史 / one app and its latest history',
    min: 2,
    max: 2,
    async run(ctx) {
      const [suiteId, corpId] = ctx.args as [string, string];
      const backend = await ctx.backend();
      const app = await backend.getApp(suiteId, corpId);
      const history = await backend.timeline(suiteId, corpId, { pageSize: '10' });
      return { value: { app, timeline: history.items }, text: ctx.format.app(app, history) };
    },
  },
  {
    name: 'timeline',
    args: '<suiteId> <corpId> [--page N] [--page-size N]',
    summary: '一个应用的完整历史，最新在前 / an app’s full history, newest first',
    flags: PAGING,
    min: 2,
    max: 2,
    async run(ctx) {
      const [suiteId, corpId] = ctx.args as [string, string];
      const page = await (await ctx.backend()).timeline(suiteId, corpId, toQuery(ctx.flags, FILTER_KEYS));
      return { value: page, text: ctx.format.timeline(page) };
    },
  },
  {
    name: 'diagnose',
    args: '[corpId]',
    summary:
      '企业为什么卡住；不带 corpId 时列出所有需要人工处理的事 / why an enterprise is stuck; without corpId, everything that needs a person',
    min: 0,
    max: 1,
    async run(ctx) {
      const backend = await ctx.backend();
      const [corpId] = ctx.args;
      if (corpId === undefined) {
        const all = await backend.diagnoseAll();
        return { value: all, text: ctx.format.needsPerson(all) };
      }
      const d = await backend.diagnose(corpId);
      return { value: d, text: ctx.format.diagnosis(d) };
    },
  },
  {
    name: 'messages',
    args: '[--corp ID] [--suite ID] [--status S] [--channel C] [--topic T] [--page N] [--page-size N]',
    summary: '发件箱消息 / outbox messages',
    flags: { corp: 'value', suite: 'value', status: 'value', channel: 'value', topic: 'value', ...PAGING },
    min: 0,
    max: 0,
    async run(ctx) {
      const page = await (await ctx.backend()).listMessages(toQuery(ctx.flags, MESSAGE_FILTER_KEYS));
      return { value: page, text: ctx.format.messages(page) };
    },
  },
  {
    name: 'set-status',
    args: '<suiteId> <corpId> <developing|in_review|approved|enabled>',
    summary: '设置应用状态（enabled 会通知管理员） / set the app status (enabled notifies the admins)',
    min: 3,
    max: 3,
    async run(ctx) {
      const [suiteId, corpId, status] = ctx.args as [string, string, string];
      const app = await (await ctx.backend()).setStatus(suiteId, corpId, status);
      return { value: app, text: `「${app.name}」 ${app.suiteId} / ${app.corpId}: ${app.status}` };
    },
  },
  {
    name: 'request-permissions',
    args: '<suiteId> <corpId> <permission>... [--by NAME]',
    summary: '提出自定义权限申请 / file a custom-permission request',
    flags: BY,
    min: 3,
    max: Infinity,
    async run(ctx) {
      const [suiteId, corpId, ...permissions] = ctx.args as [string, string, ...string[]];
      const r = await (await ctx.backend()).fileRequest(suiteId, corpId, permissions, by(ctx));
      return { value: r, text: `已提出 / filed ${r.id}: ${r.requested.join(', ')} — ${r.stateLabel}` };
    },
  },
  {
    name: 'rollout',
    args: '<pause|resume|restart> <suiteId> <corpId> [--by NAME]',
    summary: '暂停、恢复或重新开始扩大可见范围 / pause, resume or restart the rollout',
    flags: BY,
    min: 3,
    max: 3,
    async run(ctx) {
      const [action, suiteId, corpId] = ctx.args as [string, string, string];
      if (!ROLLOUT_ACTIONS.includes(action as RolloutAction)) {
        throw new UsageError(`rollout 的动作须为 / the action must be one of: ${ROLLOUT_ACTIONS.join(', ')}`);
      }
      const r = await (await ctx.backend()).rollout(action as RolloutAction, suiteId, corpId, by(ctx));
      return { value: r, text: ctx.format.rollout(r) };
    },
  },
  {
    name: 'set-plan',
    args: '<suiteId> <corpId> <plan.json> [--by NAME]',
    summary:
      '设置企业自己的阶段计划（JSON：[{name, reach, waitMinutes}] 或 {stages: [...]}） / set the enterprise’s own plan',
    flags: BY,
    min: 3,
    max: 3,
    async run(ctx) {
      const [suiteId, corpId, file] = ctx.args as [string, string, string];
      const json = await readJson(ctx, file);
      const stages = Array.isArray(json) ? json : (json as { stages?: unknown } | null)?.stages;
      if (stages === undefined) throw new UsageError(`${file}: 需要 stages 数组 / needs a stages array`);
      const r = await (await ctx.backend()).setPlan(suiteId, corpId, stages, by(ctx));
      return { value: r, text: ctx.format.rollout(r) };
    },
  },
  {
    name: 'resend',
    args: '<messageId>',
    summary:
      '重发一条消息（新消息，卡片用新的 task_id） / resend a message (a new copy; cards get a fresh task_id)',
    min: 1,
    max: 1,
    async run(ctx) {
      const m = await (await ctx.backend()).resend(ctx.args[0]!);
      return {
        value: m,
        text: `已排队重发 / queued: ${m.id} (${m.dedupeKey}) → ${m.toUser ?? m.ref ?? '—'}`,
      };
    },
  },
  {
    name: 'templates',
    args: '',
    summary: '模版列表 / list templates',
    min: 0,
    max: 0,
    async run(ctx) {
      const list = await (await ctx.backend()).listTemplates();
      return { value: list, text: ctx.format.templates(list) };
    },
  },
  {
    name: 'record-template',
    args: '<suiteId> <name> [--status draft|in_review|online]',
    summary: '记录模版及其状态 / record a template and its status',
    flags: { status: 'value' },
    min: 2,
    max: 2,
    async run(ctx) {
      const [suiteId, name] = ctx.args as [string, string];
      const status = str(ctx.flags.status, 'status');
      const t = await (await ctx.backend()).recordTemplate({ suiteId, name, ...(status ? { status } : {}) });
      return { value: t, text: `已记录 / recorded ${t.suiteId}「${t.name}」: ${t.status}` };
    },
  },
  {
    name: 'batch-qr',
    args: '',
    summary: '批量授权二维码列表 / list batch-authorization QR codes',
    min: 0,
    max: 0,
    async run(ctx) {
      const list = await (await ctx.backend()).listBatchQrCodes();
      return { value: list, text: ctx.format.batchQrCodes(list) };
    },
  },
  {
    name: 'record-batch-qr',
    args: '<suiteId>... [--url URL]',
    summary:
      '记录批量授权二维码（2–9 个已上线模版，10 天有效） / record a batch QR code (2–9 online templates, valid 10 days)',
    flags: { url: 'value' },
    min: 1,
    max: Infinity,
    async run(ctx) {
      const url = str(ctx.flags.url, 'url');
      const qr = await (
        await ctx.backend()
      ).recordBatchQrCode({ suiteIds: ctx.args, ...(url ? { url } : {}) });
      return {
        value: qr,
        text: `已记录 / recorded ${qr.id}: ${qr.suiteIds.join(', ')}，过期 / expires ${qr.expiresAt}`,
      };
    },
  },
  {
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
  },
];
