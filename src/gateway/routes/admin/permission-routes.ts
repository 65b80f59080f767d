import { z } from 'zod';
import type { PermissionRequest } from '../../../domain/model';
import type { PermissionService } from '../../../domain/permissions/permission-service';
import { fileRequestBody, grantedBody } from '../../../domain/permissions/request-input';
import { permissionRequestsQuery } from '../../../domain/support/query-params';
import type { AdminApi } from './api/admin-api';
import * as answer from './api/answers';

/** Who filed a request when the caller does not say: the admin API has one shared token. */
const DEFAULT_FILED_BY = 'support';

const one = z.strictObject({ request: answer.permissionRequest });
const many = z.strictObject({ requests: z.array(answer.permissionRequest) });

/** Support staff: file custom-permission requests, see them with the state as the provider console words it. */
export function registerPermissionRoutes(api: AdminApi, permissions: PermissionService): void {
  const view = (r: PermissionRequest) => ({ ...r, stateLabel: permissions.stateLabel(r) });

  api.post('/admin/api/apps/:suiteId/:corpId/permission-requests', {
    summary: 'File a custom-permission change and put it to the enterprise admins',
    body: fileRequestBody,
    answers: { 201: { description: 'filed (a pending one is superseded)', schema: one } },
    errors: [404, 409],
    handle: async (ctx, { body }) => {
      const filedBy = body.filedBy?.trim() || DEFAULT_FILED_BY;
      const request = await permissions.file(
        ctx.params.suiteId!,
        ctx.params.corpId!,
        body.permissions,
        filedBy,
      );
      ctx.status = 201;
      ctx.body = { request: view(request) };
    },
  });

  // Support saw it confirmed in the provider console: the only evidence for a permission WeCom cannot be asked about.
  api.post('/admin/api/apps/:suiteId/:corpId/permission-requests/:id/granted', {
    summary: 'Record that support saw the change confirmed in the provider console',
    body: grantedBody,
    answers: { 200: { description: 'the request, granted', schema: one } },
    errors: [404, 409],
    handle: async (ctx, { body }) => {
      const request = await permissions.confirmGranted(
        ctx.params.suiteId!,
        ctx.params.corpId!,
        ctx.params.id!,
        body.by,
      );
      ctx.body = { request: view(request) };
    },
  });

  api.get('/admin/api/apps/:suiteId/:corpId/permission-requests', {
    summary: "An app's permission requests",
    answers: { 200: { description: 'newest first', schema: many } },
    handle: async (ctx) => {
      const found = await permissions.list({ suiteId: ctx.params.suiteId!, corpId: ctx.params.corpId! });
      ctx.body = { requests: found.map(view) };
    },
  });

  api.get('/admin/api/permission-requests', {
    summary: 'Every permission request, or those in one state',
    query: permissionRequestsQuery,
    answers: { 200: { description: 'newest first', schema: many } },
    handle: async (ctx, { query }) => {
      const found = await permissions.list({ state: query.state });
      ctx.body = { requests: found.map(view) };
    },
  });

  api.get('/admin/api/permission-requests/:id', {
    summary: 'One permission request',
    answers: { 200: { description: 'the request', schema: one } },
    errors: [404],
    handle: async (ctx) => {
      ctx.body = { request: view(await permissions.get(ctx.params.id!)) };
    },
  });

  api.get('/admin/api/permission-catalogue', {
    summary: 'The custom permissions a request may name, with what each is for',
    answers: {
      200: {
        description: 'the catalogue',
        schema: z.strictObject({ permissions: z.array(answer.permissionInfo) }),
      },
    },
    handle: (ctx) => {
      ctx.body = { permissions: permissions.catalogue };
    },
  });
}
