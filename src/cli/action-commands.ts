import { isLocale, LOCALES } from '../shared/locale';
import type { RolloutAction } from './backend';
import type { Command, CommandContext } from './command';
import { readJson, str } from './command-args';
import { type FlagKind, UsageError } from './parse-args';

const BY: Record<string, FlagKind> = { by: 'value' };

const by = (ctx: CommandContext): string | undefined => str(ctx.flags.by, 'by');

const ROLLOUT_ACTIONS: readonly RolloutAction[] = ['pause', 'resume', 'restart'];

/** What support changes on one app: its status, its permissions, its rollout, its messages. */
export const ACTION_COMMANDS: readonly Command[] = [
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
    name: 'permission-granted',
    args: '<suiteId> <corpId> <requestId> [--by NAME]',
    summary:
      '服务商后台「查看企业已确认权限」中已确认：记为已生效 / seen confirmed in the provider console: mark it granted',
    flags: BY,
    min: 3,
    max: 3,
    async run(ctx) {
      const [suiteId, corpId, requestId] = ctx.args as [string, string, string];
      const r = await (await ctx.backend()).confirmGranted(suiteId, corpId, requestId, by(ctx));
      return { value: r, text: `${r.id}: ${r.requested.join(', ')} — ${r.stateLabel}` };
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
      '设置企业自己的阶段计划（JSON：[{name, names?: {"zh-CN"?, en?}, reach, waitMinutes}] 或 {stages: [...]}） / set the enterprise’s own plan',
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
    name: 'set-test',
    args: '<corpId> <true|false>',
    summary:
      '标为（或取消）服务商自己的测试企业：不计入概览、不发升级提醒、短等待 / mark (or unmark) a test enterprise',
    min: 2,
    max: 2,
    async run(ctx) {
      const [corpId, flag] = ctx.args as [string, string];
      if (flag !== 'true' && flag !== 'false')
        throw new UsageError('set-test 的第二个参数须为 / the second argument must be: true, false');
      const r = await (await ctx.backend()).markTest(corpId, flag === 'true');
      return {
        value: r,
        text: `${r.corpId}: ${r.test ? '测试企业 / test enterprise' : '客户企业 / customer'}, ${r.authorizations} 个授权 / authorizations`,
      };
    },
  },
  {
    name: 'set-locale',
    args: `<corpId> <${LOCALES.join('|')}>`,
    summary: '设置对该企业管理员使用的语言 / set the language the bot speaks to the enterprise',
    min: 2,
    max: 2,
    async run(ctx) {
      const [corpId, locale] = ctx.args as [string, string];
      // The backend checks it too; here the usage error names the command.
      if (!isLocale(locale))
        throw new UsageError(
          `set-locale 的第二个参数须为 / the second argument must be: ${LOCALES.join(', ')}`,
        );
      const r = await (await ctx.backend()).setLocale(corpId, locale);
      return { value: r, text: `${r.corpId}: ${r.locale}, ${r.authorizations} 个授权 / authorizations` };
    },
  },
];
