import type { CliQuery } from './backend';
import type { Command, CommandContext } from './command';
import type { FlagKind } from './parse-args';

const PAGING: Record<string, FlagKind> = { page: 'value', 'page-size': 'value' };
const FILTERS: Record<string, FlagKind> = {
  status: 'value',
  template: 'value',
  stuck: 'switch',
  pending: 'switch',
  authorization: 'value',
  ...PAGING,
};

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

/** What support reads about enterprises, apps and messages. */
export const READ_COMMANDS: readonly Command[] = [
  {
    name: 'overview',
    args: '',
    summary: '总数与今天需要人工处理的事 / counts and what needs a person today',
    min: 0,
    max: 0,
    async run(ctx) {
      const o = await (await ctx.backend()).overview(ctx.locale);
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
        const all = await backend.diagnoseAll(ctx.locale);
        return { value: all, text: ctx.format.needsPerson(all) };
      }
      const d = await backend.diagnose(corpId, ctx.locale);
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
];
