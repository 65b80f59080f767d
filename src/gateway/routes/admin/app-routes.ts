import { z } from 'zod';
import type { Container } from '../../../container';
import { checkConfig } from '../../../domain/config-check/check-config';
import { configCheckBody } from '../../../domain/config-check/parse-config-check-input';
import { appStatusBody } from '../../../domain/lifecycle/enable-app';
import { batchQrCodeBody } from '../../../domain/support/admin-service';
import { testEnterpriseBody } from '../../../domain/support/mark-test-enterprise';
import { enterpriseLocaleBody } from '../../../domain/support/set-enterprise-locale';
import { LOCALES } from '../../../shared/locale';
import { moveTemplateBody, recordTemplateBody } from '../../../domain/templates/template-input';
import type { AdminApi } from './api/admin-api';
import * as answer from './api/answers';

/** Who did it, for the app's history: the dashboard/API caller. */
export const SUPPORT_ACTOR = 'support';

export function registerAppRoutes(api: AdminApi, c: Container): void {
  api.post('/admin/api/apps/:suiteId/:corpId/status', {
    summary: "Set an app's status as the provider console shows it ('enabled' notifies its admins once)",
    body: appStatusBody,
    answers: { 200: { description: 'the app', schema: z.strictObject({ app: answer.app }) } },
    errors: [404, 409],
    handle: async (ctx, { body }) => {
      const app = await c.lifecycle.setStatus(
        ctx.params.suiteId!,
        ctx.params.corpId!,
        body.status,
        SUPPORT_ACTOR,
      );
      ctx.body = { app };
    },
  });

  api.post('/admin/api/apps/:suiteId/:corpId/enabled-notice/resend', {
    summary: "Send the 'app enabled' card to every admin again (a new message)",
    answers: {
      202: {
        description: 'how many cards were queued',
        schema: z.strictObject({ queued: z.number().int() }),
      },
    },
    errors: [404, 409],
    handle: async (ctx) => {
      const queued = await c.lifecycle.resendEnabled(ctx.params.suiteId!, ctx.params.corpId!);
      ctx.status = 202;
      ctx.body = { queued };
    },
  });

  api.post('/admin/api/check-config', {
    summary: "Check a template's or an app's configuration against the standards before review",
    body: configCheckBody,
    answers: { 200: { description: 'every problem found', schema: answer.configCheckResult } },
    handle: (ctx, { body }) => {
      ctx.body = checkConfig(body);
    },
  });

  api.post('/admin/api/templates', {
    summary: 'Record a template in any state (a provider may add one already online)',
    body: recordTemplateBody,
    answers: {
      200: {
        description: 'it was known: its name updated',
        schema: z.strictObject({ template: answer.template }),
      },
      201: { description: 'recorded', schema: z.strictObject({ template: answer.template }) },
    },
    errors: [409],
    handle: async (ctx, { body }) => {
      const { template, created } = await c.admin.recordTemplate(body);
      ctx.status = created ? 201 : 200;
      ctx.body = { template };
    },
  });

  api.post('/admin/api/templates/:suiteId/status', {
    summary: 'Move a template: created → in_review → approved → online (a failed review back to created)',
    body: moveTemplateBody,
    answers: { 200: { description: 'the template', schema: z.strictObject({ template: answer.template }) } },
    errors: [404, 409],
    handle: async (ctx, { body }) => {
      ctx.body = { template: await c.admin.moveTemplate(ctx.params.suiteId!, body, SUPPORT_ACTOR) };
    },
  });

  api.post('/admin/api/enterprises/:corpId/test', {
    summary: "Mark or unmark the provider's own test enterprise (every authorization of the corp)",
    body: testEnterpriseBody,
    answers: {
      200: {
        description: 'the mark and how many authorizations carry it',
        schema: z.strictObject({ corpId: z.string(), test: z.boolean(), authorizations: z.number().int() }),
      },
    },
    errors: [404],
    handle: async (ctx, { body }) => {
      ctx.body = await c.admin.markTestEnterprise(ctx.params.corpId!, body);
    },
  });

  api.post('/admin/api/enterprises/:corpId/locale', {
    summary:
      "Set the one language the bot speaks to an enterprise's admins (every authorization of the corp)",
    body: enterpriseLocaleBody,
    answers: {
      200: {
        description: 'the language and how many authorizations carry it',
        schema: z.strictObject({
          corpId: z.string(),
          locale: z.enum(LOCALES),
          authorizations: z.number().int(),
        }),
      },
    },
    errors: [404],
    handle: async (ctx, { body }) => {
      ctx.body = await c.admin.setEnterpriseLocale(ctx.params.corpId!, body);
    },
  });

  api.post('/admin/api/batch-qr-codes', {
    summary: 'Record a batch-authorization QR code of 2 to 9 online templates (it expires after 10 days)',
    body: batchQrCodeBody,
    answers: {
      201: { description: 'recorded', schema: z.strictObject({ batchQrCode: answer.batchQrCode }) },
    },
    errors: [409],
    handle: async (ctx, { body }) => {
      ctx.status = 201;
      ctx.body = { batchQrCode: await c.admin.recordBatchQrCode(body) };
    },
  });
}
