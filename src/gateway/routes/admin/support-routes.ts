import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import type { Container } from '../../../container';
import {
  LIST_KEYS,
  MESSAGE_KEYS,
  parseAppFilter,
  parseMessageFilter,
  parseLocale,
  parsePaging,
  type Page,
  type Query,
  rejectUnknown,
} from '../../../domain/support/query-params';
import { withoutResponseCode } from './message-view';

/** Support staff's read side (lists, timeline, diagnosis, overview) and resend, under /admin/api. */
export function registerSupportRoutes(router: Router, c: Container): void {
  const { support } = c;
  // The findings' texts: `?locale=`, else the dashboard's language.
  const locale = (q: Query) => parseLocale(q, c.config.dashboard.locale);

  router.get('/admin/api/overview', async (ctx) => {
    rejectUnknown(query(ctx), ['locale']);
    ctx.body = { overview: await support.overview(locale(query(ctx))) };
  });

  router.get('/admin/api/enterprises', async (ctx) => {
    const q = listQuery(ctx);
    ctx.body = named('enterprises', await support.listEnterprises(parseAppFilter(q), parsePaging(q)));
  });

  router.get('/admin/api/enterprises/:corpId/diagnosis', async (ctx) => {
    rejectUnknown(query(ctx), ['locale']);
    ctx.body = { diagnosis: await support.diagnose(ctx.params.corpId!, locale(query(ctx))) };
  });

  router.get('/admin/api/diagnoses', async (ctx) => {
    rejectUnknown(query(ctx), ['locale']);
    ctx.body = { needsPerson: await support.diagnoseAll(locale(query(ctx))) };
  });

  router.get('/admin/api/apps', async (ctx) => {
    const q = listQuery(ctx);
    ctx.body = named('apps', await support.listApps(parseAppFilter(q), parsePaging(q)));
  });

  router.get('/admin/api/apps/:suiteId/:corpId', async (ctx) => {
    ctx.body = { app: await support.getApp(ctx.params.suiteId!, ctx.params.corpId!) };
  });

  router.get('/admin/api/apps/:suiteId/:corpId/timeline', async (ctx) => {
    const q = query(ctx);
    rejectUnknown(q, ['page', 'pageSize', 'locale']);
    const { suiteId, corpId } = ctx.params as { suiteId: string; corpId: string };
    const page = await support.appTimeline(suiteId, corpId, parsePaging(q), locale(q));
    ctx.body = named('timeline', page);
  });

  router.get('/admin/api/messages', async (ctx) => {
    const q = query(ctx);
    rejectUnknown(q, MESSAGE_KEYS);
    const page = await support.listMessages(parseMessageFilter(q), parsePaging(q));
    ctx.body = named('messages', { ...page, items: page.items.map(withoutResponseCode) });
  });

  router.get('/admin/api/messages/:id', async (ctx) => {
    ctx.body = { message: withoutResponseCode(await support.getMessage(ctx.params.id!)) };
  });

  router.post('/admin/api/messages/:id/resend', async (ctx) => {
    const { message, created } = await support.resend(ctx.params.id!);
    ctx.status = created ? 202 : 200;
    ctx.body = { message: withoutResponseCode(message), resendOf: ctx.params.id };
  });

  router.get('/admin/api/templates', async (ctx) => {
    ctx.body = { templates: await support.listTemplates() };
  });

  router.get('/admin/api/batch-qr-codes', async (ctx) => {
    ctx.body = { batchQrCodes: await support.listBatchQrCodes() };
  });
}

function query(ctx: RouterContext): Query {
  return ctx.query as Query;
}

function listQuery(ctx: RouterContext): Query {
  const q = query(ctx);
  rejectUnknown(q, LIST_KEYS);
  return q;
}

/** `{ apps: [...], total, page, pageSize }`: the list under its own name. */
function named<T>(name: string, page: Page<T>): Record<string, unknown> {
  const { items, ...rest } = page;
  return { [name]: items, ...rest };
}
