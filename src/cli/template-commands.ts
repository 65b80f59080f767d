import type { Command } from './command';
import { str } from './command-args';

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
];
