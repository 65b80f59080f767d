import Router from '@koa/router';
import Koa from 'koa';
import request from 'supertest';
import { errorHandler } from '../../src/gateway/middleware/error-handler';
import { jsonBody } from '../../src/gateway/middleware/json-body';
import { createAdminApi } from '../../src/gateway/routes/admin/api/admin-api';
import { registerPermissionRoutes } from '../../src/gateway/routes/admin/permission-routes';
import { CORP, createPermissionFixture, SUITE } from '../unit/domain/permissions/permission-fixture';

/** The permission routes behind the same error mapping and body reader the admin router uses. */
async function createRoutes() {
  const f = await createPermissionFixture();
  const router = new Router();
  registerPermissionRoutes(createAdminApi(router), f.service);
  const app = new Koa();
  app.silent = true;
  app.use(errorHandler).use(jsonBody()).use(router.routes());
  return { f, http: () => request(app.callback()) };
}

const base = `/admin/api/apps/${SUITE}/${CORP}/permission-requests`;

describe('permission routes', () => {
  it('files a request and answers 201 with its state label', async () => {
    const { f, http } = await createRoutes();
    const res = await http()
      .post(base)
      .send({ permissions: ['客户联系', 'Calendar'], filedBy: 'support:li' });

    expect(res.status).toBe(201);
    expect(res.body.request).toMatchObject({
      requested: ['customer_contact', 'schedule'],
      previous: ['contact_read'],
      state: 'pending',
      filedBy: 'support:li',
      stateLabel: '待企业客户确认 / waiting for the enterprise',
    });
    expect(await f.cards(res.body.request.id)).toHaveLength(3);
  });

  it('answers 400 with the known permissions for an unknown one', async () => {
    const { http } = await createRoutes();
    const res = await http()
      .post(base)
      .send({ permissions: ['读心术'] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'invalid_input',
      field: 'permissions',
      rule: 'unknown_permission',
    });
    expect(res.body.message).toContain('customer_contact (客户联系 / Customer contact)');
  });

  it('answers 404 for an unknown app and 409 for a cancelled authorization', async () => {
    const { f, http } = await createRoutes();
    expect(
      (
        await http()
          .post(`/admin/api/apps/${SUITE}/wwnobody/permission-requests`)
          .send({ permissions: ['客户联系'] })
      ).status,
    ).toBe(404);
    await f.stores.authorizations.cancel(SUITE, CORP, f.clock.now());
    expect(
      (
        await http()
          .post(base)
          .send({ permissions: ['客户联系'] })
      ).status,
    ).toBe(409);
  });

  it('lists an app’s requests, all requests by state, one request, and the catalogue', async () => {
    const { f, http } = await createRoutes();
    const first = (
      await http()
        .post(base)
        .send({ permissions: ['客户联系'] })
    ).body.request;
    f.clock.advance(60_000);
    const second = (
      await http()
        .post(base)
        .send({ permissions: ['日程'] })
    ).body.request;

    const forApp = await http().get(base);
    expect(forApp.body.requests.map((r: { id: string; stateLabel: string }) => [r.id, r.stateLabel])).toEqual(
      [
        [second.id, '待企业客户确认 / waiting for the enterprise'],
        [first.id, '已被新申请取代 / superseded'],
      ],
    );
    expect(first.filedBy).toBe('support');

    const superseded = await http().get('/admin/api/permission-requests').query({ state: 'superseded' });
    expect(superseded.body.requests.map((r: { id: string }) => r.id)).toEqual([first.id]);
    expect((await http().get('/admin/api/permission-requests').query({ state: 'bogus' })).status).toBe(400);

    expect((await http().get(`/admin/api/permission-requests/${second.id}`)).body.request.id).toBe(second.id);
    expect((await http().get('/admin/api/permission-requests/nope')).status).toBe(404);

    const catalogue = await http().get('/admin/api/permission-catalogue');
    expect(catalogue.body.permissions).toContainEqual(
      expect.objectContaining({ id: 'customer_contact', name: '客户联系', probe: 'get_follow_user_list' }),
    );
  });
});
