import type { Template } from '../domain/model';
import type { Json } from './backend';
import type { Command, CommandContext } from './command';
import { str } from './command-args';

function templateFlags(flags: CommandContext['flags']): { status?: string; qrCode?: string } {
  const status = str(flags.status, 'status');
  const qrCode = str(flags['qr-code'], 'qr-code');
  return { ...(status ? { status } : {}), ...(qrCode ? { qrCode } : {}) };
}

function describe(t: Json<Template>): string {
  return `${t.suiteId}「${t.name}」: ${t.status}${t.qrCode ? ` (QR ${t.qrCode})` : ''}`;
}

/** The templates and batch-authorization QR codes support records and lists. */
export const TEMPLATE_COMMANDS: readonly Command[] = [
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
    args: '<suiteId> <name> [--status created|in_review|approved|online] [--qr-code URL_OR_REF]',
    summary:
      '记录模版（任意状态；二维码仅限已上线） / record a template (any state; a QR code only when online)',
    flags: { status: 'value', 'qr-code': 'value' },
    min: 2,
    max: 2,
    async run(ctx) {
      const [suiteId, name] = ctx.args as [string, string];
      const t = await (await ctx.backend()).recordTemplate({ suiteId, name, ...templateFlags(ctx.flags) });
      return { value: t, text: `已记录 / recorded ${describe(t)}` };
    },
  },
  {
    name: 'template-status',
    args: '<suiteId> <created|in_review|approved|online> [--qr-code URL_OR_REF]',
    summary:
      '模版状态变更：提交审核、审核通过/未通过、上线 / move a template: submit, review passed or failed, put online',
    flags: { 'qr-code': 'value' },
    min: 2,
    max: 2,
    async run(ctx) {
      const [suiteId, status] = ctx.args as [string, string];
      const t = await (await ctx.backend()).moveTemplate(suiteId, { status, ...templateFlags(ctx.flags) });
      return { value: t, text: `已变更 / moved ${describe(t)}` };
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
];
