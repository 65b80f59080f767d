import { z } from 'zod';
import type { Locale } from '../../../shared/locale';
import type { Container } from '../../../container';
import {
  appListQuery,
  localeQuery,
  messageListQuery,
  type Page,
  timelineQuery,
} from '../../../domain/support/query-params';
import type { AdminApi } from './api/admin-api';
import * as answer from './api/answers';
import { withoutResponseCode } from './message-view';

/** `{ apps: [...], total, page, pageSize }`: the list under its own name. */
const listOf = (name: string, item: z.ZodType) => z.strictObject({ [name]: z.array(item), ...answer.page });

/** Support staff's read side (lists, timeline, diagnosis, overview) and resend, under /admin/api. */
export function registerSupportRoutes(api: AdminApi, c: Container): void {
  const { support } = c;
  // The findings' texts: `?locale=`, else the dashboard's language.
  const inLocale = (query: { locale?: Locale }): Locale => query.locale ?? c.config.dashboard.locale;

  api.get('/admin/api/overview', {
    summary: "Counts at a glance and what needs a person today (the provider's test enterprises left out)",
    query: localeQuery,
    answers: { 200: { description: 'the overview', schema: z.strictObject({ overview: answer.overview }) } },
    handle: async (ctx, { query }) => {
      ctx.body = { overview: await support.overview(inLocale(query)) };
    },
  });

  api.get('/admin/api/enterprises', {
    summary: 'Enterprises with their apps, filtered and paged; newest authorization first',
    query: appListQuery,
    answers: { 200: { description: 'one page', schema: listOf('enterprises', answer.enterpriseRow) } },
    handle: async (ctx, { query }) => {
      ctx.body = named('enterprises', await support.listEnterprises(query.filter, query.paging));
    },
  });

  api.get('/admin/api/enterprises/:corpId/diagnosis', {
    summary: 'Why an enterprise is stuck: its state, recent callbacks and WeCom errors, and what to do',
    answers: {
      200: { description: 'the diagnosis', schema: z.strictObject({ diagnosis: answer.diagnosis }) },
    },
    query: localeQuery,
    errors: [404],
    handle: async (ctx, { query }) => {
      ctx.body = { diagnosis: await support.diagnose(ctx.params.corpId!, inLocale(query)) };
    },
  });

  api.get('/admin/api/diagnoses', {
    summary:
      'Every finding that needs a person, over the most urgent enterprises (a bounded number) and every template, the most urgent first',
    answers: {
      200: {
        description: 'the findings, and how many enterprises that may need a person were not checked',
        schema: z.strictObject({ needsPerson: z.array(answer.needsPerson), ...answer.toDoBound }),
      },
    },
    query: localeQuery,
    handle: async (ctx, { query }) => {
      ctx.body = await support.diagnoseAll(inLocale(query));
    },
  });

  api.get('/admin/api/apps', {
    summary: 'Apps with their rollout and waiting permission request, filtered and paged',
    query: appListQuery,
    answers: { 200: { description: 'one page', schema: listOf('apps', answer.appRow) } },
    handle: async (ctx, { query }) => {
      ctx.body = named('apps', await support.listApps(query.filter, query.paging));
    },
  });

  api.get('/admin/api/apps/:suiteId/:corpId', {
    summary: 'One app: its admins, configuration, visibility and requests (never its permanent code)',
    answers: { 200: { description: 'the app', schema: z.strictObject({ app: answer.appDetail }) } },
    errors: [404],
    handle: async (ctx) => {
      ctx.body = { app: await support.getApp(ctx.params.suiteId!, ctx.params.corpId!) };
    },
  });

  api.get('/admin/api/apps/:suiteId/:corpId/timeline', {
    summary: "An app's story from every part of the bot, newest first, paged",
    query: timelineQuery,
    answers: { 200: { description: 'one page', schema: listOf('timeline', answer.timelineEntry) } },
    errors: [404],
    handle: async (ctx, { query }) => {
      const { suiteId, corpId } = ctx.params as { suiteId: string; corpId: string };
      const page = await support.appTimeline(suiteId, corpId, query.paging, inLocale(query));
      ctx.body = named('timeline', page);
    },
  });

  api.get('/admin/api/messages', {
    summary: 'Outbox messages, filtered and paged',
    query: messageListQuery,
    answers: { 200: { description: 'one page', schema: listOf('messages', answer.messageRow) } },
    handle: async (ctx, { query }) => {
      const page = await support.listMessages(query.filter, query.paging);
      ctx.body = named('messages', { ...page, items: page.items.map(withoutResponseCode) });
    },
  });

  api.get('/admin/api/messages/:id', {
    summary: 'One outbox message',
    answers: { 200: { description: 'the message', schema: z.strictObject({ message: answer.message }) } },
    errors: [404],
    handle: async (ctx) => {
      ctx.body = { message: withoutResponseCode(await support.getMessage(ctx.params.id!)) };
    },
  });

  const resent = z.strictObject({ message: answer.message, resendOf: z.string() });
  api.post('/admin/api/messages/:id/resend', {
    summary: 'Send a new copy of a failed or sent message (each ask makes another copy)',
    answers: {
      200: { description: 'the copy a simultaneous ask made', schema: resent },
      202: { description: 'a new copy, queued', schema: resent },
    },
    errors: [404, 409],
    handle: async (ctx) => {
      const { message, created } = await support.resend(ctx.params.id!);
      ctx.status = created ? 202 : 200;
      ctx.body = { message: withoutResponseCode(message), resendOf: ctx.params.id };
    },
  });

  api.get('/admin/api/templates', {
    summary: 'Every recorded template with its status history',
    answers: {
      200: {
        description: 'the templates',
        schema: z.strictObject({ templates: z.array(answer.templateRow) }),
      },
    },
    handle: async (ctx) => {
      ctx.body = { templates: await support.listTemplates() };
    },
  });

  api.get('/admin/api/batch-qr-codes', {
    summary: 'Every recorded batch-authorization QR code',
    answers: {
      200: {
        description: 'the codes',
        schema: z.strictObject({ batchQrCodes: z.array(answer.batchQrRow) }),
      },
    },
    handle: async (ctx) => {
      ctx.body = { batchQrCodes: await support.listBatchQrCodes() };
    },
  });
}

function named<T>(name: string, page: Page<T>): Record<string, unknown> {
  const { items, ...rest } = page;
  return { [name]: items, ...rest };
}
