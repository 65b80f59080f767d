import nock from '../helpers/nock';
import type { Stores } from '../../src/domain/ports/stores';
import { createMemoryStores } from '../../src/stores/memory';
import { createTestBot, SUITE, WECOM_BASE, type TestBot } from '../helpers/test-bot';
import { authorizeThroughCallbacks, cardClick, CORP, mockAuthorizationApis } from '../helpers/wecom-nock';

/** Memory stores whose authorization reads are counted. */
function countingStores(): { stores: Stores; reads: () => number; reset: () => void } {
  const stores = createMemoryStores();
  let reads = 0;
  // Every other method passes through, whatever the store interface grows.
  const authorizations = new Proxy(stores.authorizations, {
    get(target, name) {
      const value = Reflect.get(target, name, target) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (name === 'get' || name === 'list') reads += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    stores: { ...stores, authorizations },
    reads: () => reads,
    reset: () => void (reads = 0),
  };
}

/** WeCom answering every send, card update and permission probe. */
function answerSends(): void {
  nock(WECOM_BASE)
    .persist()
    .post('/cgi-bin/message/send')
    .query(true)
    .reply(200, () => ({ errcode: 0, errmsg: 'ok', msgid: 'm', response_code: `rc-${Math.random()}` }))
    .post('/cgi-bin/message/update_template_card')
    .query(true)
    .reply(200, { errcode: 0, errmsg: 'ok' })
    .get('/cgi-bin/externalcontact/get_follow_user_list')
    .query(true)
    .reply(200, { errcode: 0, follow_user: [] });
}

describe('one event reads its enterprise once (the context), not once per step', () => {
  let bot: TestBot;
  let counted: ReturnType<typeof countingStores>;
  beforeEach(async () => {
    counted = countingStores();
    // Sends wait for the worker's tick, so the event's own reads and the sends' are told apart.
    bot = await createTestBot({}, { stores: counted.stores, sendImmediately: false });
  });
  afterEach(() => bot.close());

  it('create_auth reads the authorization at most twice', async () => {
    mockAuthorizationApis();
    // The suite_ticket before it reads none, so the count is create_auth's alone.
    await authorizeThroughCallbacks(bot);
    expect(counted.reads()).toBeLessThanOrEqual(2);
    expect(await bot.stores.authorizations.get(SUITE.suiteId, CORP)).toMatchObject({
      state: 'active',
      admins: ['zhangsan', 'lisi'],
    });
  });

  it('a 同意 tap reads the authorization at most twice; its messages are sent with one more read', async () => {
    mockAuthorizationApis();
    await authorizeThroughCallbacks(bot);
    answerSends();
    const filed = await bot.admin('post', `/admin/api/apps/${SUITE.suiteId}/${CORP}/permission-requests`, {
      permissions: ['客户联系'],
    });
    expect(filed.status).toBe(201);
    await bot.container.outboxWorker.tick();

    counted.reset();
    await cardClick(bot, 'zhangsan', `perm:approve:${filed.body.request.id}`, 'rc-tap-1');
    expect(counted.reads()).toBeLessThanOrEqual(2);
    const request = await bot.stores.permissionRequests.get(filed.body.request.id);
    expect(request).toMatchObject({
      state: 'granted',
      answer: { by: 'zhangsan' },
      evidence: { kind: 'probe' },
    });

    counted.reset();
    const sent = await bot.container.outboxWorker.tick();
    // The tapper's card (已同意，待确认生效) and where to confirm; the check call worked, so both
    // admins' cards say 已生效 and both are thanked.
    expect(sent).toMatchObject({ sent: 6, failed: 0 });
    expect(counted.reads()).toBe(1);
  });
});
