import nock from '../../helpers/nock';
import { WecomApiError } from '../../../src/domain/ports/wecom-errors';
import { corpTokenKey, suiteTokenKey } from '../../../src/wecom/token-cache';
import {
  AGENT_ID,
  API,
  CORP,
  CREDS,
  expectNoSecretsLogged,
  PERMANENT_CODE,
  seedToken,
  SUITE,
  SUITE_SECRET,
  wecomKit,
} from './wecom-test-kit';

const gettoken = (token: string, times = 1) =>
  nock(API)
    .get('/cgi-bin/gettoken')
    .query({ corpid: CORP, corpsecret: PERMANENT_CODE })
    .times(times)
    .reply(200, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });

const agentAnswer = {
  errcode: 0,
  errmsg: 'ok',
  agentid: AGENT_ID,
  name: '试点助手',
  allow_userinfos: { user: [{ userid: 'zhangsan' }, { userid: 'lisi' }] },
  allow_partys: { partyid: [1, 2] },
  allow_tags: { tagid: [7] },
  close: 0,
  customized_publish_status: 2,
};

const thrown = async (p: Promise<unknown>): Promise<WecomApiError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof WecomApiError) return err;
    throw err;
  }
  throw new Error('expected a WecomApiError');
};

describe('createWecomClient', () => {
  it('fetches the app token with gettoken (permanent code as corpsecret) and reuses it', async () => {
    const kit = wecomKit();
    const token = gettoken('TOKEN_A');
    const agent = nock(API)
      .get('/cgi-bin/agent/get')
      .query({ access_token: 'TOKEN_A', agentid: String(AGENT_ID) })
      .times(2)
      .reply(200, agentAnswer);
    const corp = kit.makeClient().forCorp(CREDS);

    const first = await corp.getAgent();
    await corp.getAgent();

    expect(first).toEqual({
      agentId: AGENT_ID,
      name: '试点助手',
      visibility: { users: ['zhangsan', 'lisi'], parties: [1, 2], tags: [7] },
      closed: false,
      publishStatus: 2,
    });
    expect(token.isDone()).toBe(true);
    expect(agent.isDone()).toBe(true);
    expect((await kit.stores.credentials.getToken(corpTokenKey(SUITE, CORP)))?.token).toBe('TOKEN_A');
    expectNoSecretsLogged(kit.lines(), ['TOKEN_A', PERMANENT_CODE]);
  });

  it('on 42001 drops the token, fetches one new token and retries once', async () => {
    const kit = wecomKit();
    await seedToken(kit, corpTokenKey(SUITE, CORP), 'OLD');
    const expired = nock(API)
      .post('/cgi-bin/message/send')
      .query({ access_token: 'OLD' })
      .reply(200, { errcode: 42001, errmsg: 'access_token expired' });
    const token = gettoken('NEW');
    const sent = nock(API)
      .post('/cgi-bin/message/send')
      .query({ access_token: 'NEW' })
      .reply(200, { errcode: 0, errmsg: 'ok', msgid: 'm1' });

    const result = await kit
      .makeClient()
      .forCorp(CREDS)
      .sendMessage({
        touser: 'zhangsan',
        msgtype: 'text',
        text: { content: 'hi' },
      });

    expect(result.msgId).toBe('m1');
    expect(expired.isDone() && token.isDone() && sent.isDone()).toBe(true);
    expect(await kit.stores.wecomErrors.list()).toEqual([]);
  });

  it('gives up after one refresh when the new token is rejected too', async () => {
    const kit = wecomKit();
    await seedToken(kit, corpTokenKey(SUITE, CORP), 'OLD');
    nock(API)
      .get('/cgi-bin/agent/get')
      .query(true)
      .times(2)
      .reply(200, { errcode: 40014, errmsg: 'invalid' });
    gettoken('NEW');

    const err = await thrown(kit.makeClient().forCorp(CREDS).getAgent());
    expect(err.disposition).toBe('token_expired');
    expect(nock.isDone()).toBe(true);
  });

  it('single-flight: ten concurrent calls fetch one token', async () => {
    const kit = wecomKit();
    const token = gettoken('TOKEN_A');
    nock(API).get('/cgi-bin/agent/get').query(true).times(10).reply(200, agentAnswer);
    const corp = kit.makeClient().forCorp(CREDS);

    await Promise.all(Array.from({ length: 10 }, () => corp.getAgent()));

    expect(token.isDone()).toBe(true);
    expect(nock.isDone()).toBe(true);
  });

  it('two instances on one credential store refresh once between them', async () => {
    const kit = wecomKit();
    // The instance that loses the lease waits until the winner has stored its token: the order of
    // I/O under nock is not something to count event-loop turns on.
    let stored!: () => void;
    const tokenStored = new Promise<void>((resolve) => (stored = resolve));
    const put = kit.stores.credentials.putToken.bind(kit.stores.credentials);
    kit.stores.credentials.putToken = async (t) => {
      const ok = await put(t);
      stored();
      return ok;
    };
    const sleep = async (ms: number) => {
      kit.clock.advance(ms);
      await tokenStored;
    };
    const token = gettoken('SHARED');
    nock(API)
      .get('/cgi-bin/agent/get')
      .query({ access_token: 'SHARED', agentid: String(AGENT_ID) })
      .times(10)
      .reply(200, agentAnswer);
    const a = kit.makeClient({ sleep }).forCorp(CREDS);
    const b = kit.makeClient({ sleep }).forCorp(CREDS);

    await Promise.all(Array.from({ length: 5 }, () => [a.getAgent(), b.getAgent()]).flat());

    expect(token.isDone()).toBe(true);
    expect(nock.isDone()).toBe(true);
  });

  it('retries -1 (busy) with full-jitter backoff, then succeeds', async () => {
    const kit = wecomKit();
    await seedToken(kit, corpTokenKey(SUITE, CORP), 'T');
    nock(API)
      .post('/cgi-bin/message/update_template_card')
      .query(true)
      .times(2)
      .reply(200, { errcode: -1, errmsg: 'system busy' });
    const ok = nock(API)
      .post('/cgi-bin/message/update_template_card')
      .query(true)
      .reply(200, { errcode: 0, errmsg: 'ok' });
    const client = kit.makeClient({ backoffBaseMs: 100, backoffCapMs: 1000, random: () => 0.5 });

    await client
      .forCorp(CREDS)
      .updateTemplateCard({ userids: ['a'], response_code: 'RC', button: { replace_name: '已处理' } });

    expect(ok.isDone()).toBe(true);
    // random 0.5 × min(cap, base × 2^(n-1)): 50 then 100.
    expect(kit.slept).toEqual([50, 100]);
  });

  it('retries HTTP 5xx and network errors up to maxRetries, then throws a network error', async () => {
    const kit = wecomKit();
    await seedToken(kit, corpTokenKey(SUITE, CORP), 'T');
    nock(API).get('/cgi-bin/agent/get').query(true).reply(502, 'bad gateway');
    nock(API).get('/cgi-bin/agent/get').query(true).replyWithError({ code: 'ECONNRESET', message: 'reset' });
    nock(API).get('/cgi-bin/agent/get').query(true).times(2).reply(200, '<html>proxy</html>');

    const err = await thrown(kit.makeClient({ maxRetries: 3 }).forCorp(CREDS).getAgent());

    expect(err.disposition).toBe('network');
    expect(err.retryable).toBe(true);
    expect(nock.isDone()).toBe(true);
    expect(kit.slept).toHaveLength(3);
    expectNoSecretsLogged(kit.lines(), ['access_token=T']);
  });

  it('throws rate_limited on 45009 at once, without retrying', async () => {
    const kit = wecomKit();
    await seedToken(kit, corpTokenKey(SUITE, CORP), 'T');
    const limited = nock(API)
      .post('/cgi-bin/message/send')
      .query(true)
      .reply(200, { errcode: 45009, errmsg: 'api freq out of limit' });

    const err = await thrown(kit.makeClient().forCorp(CREDS).sendMessage({ touser: 'a', msgtype: 'text' }));

    expect(err.disposition).toBe('rate_limited');
    expect(limited.isDone()).toBe(true);
    expect(kit.slept).toEqual([]);
  });

  it('a permanent error (60020) is thrown at once, recorded and reported with the IP in the hint', async () => {
    const kit = wecomKit();
    await seedToken(kit, corpTokenKey(SUITE, CORP), 'T');
    nock(API).post('/cgi-bin/message/send').query(true).reply(200, {
      errcode: 60020,
      errmsg:
        'not allow to access from your ip, hint: [1700000000_1_abc], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=60020',
    });
    const seen: WecomApiError[] = [];
    const client = kit.makeClient({ onPermanentError: (e) => void seen.push(e) });

    const err = await thrown(client.forCorp(CREDS).sendMessage({ touser: 'a', msgtype: 'text' }));

    expect(err.disposition).toBe('permanent');
    expect(err.errmsg).toContain('203.0.113.7');
    expect(seen).toEqual([err]);
    expect(await kit.stores.wecomErrors.list()).toEqual([
      expect.objectContaining({ corpId: CORP, suiteId: SUITE, api: 'message/send', errcode: 60020 }),
    ]);
    expect(kit.slept).toEqual([]);
  });

  it('message/send adds agentid and the duplicate check, and reads the answer fields', async () => {
    const kit = wecomKit();
    await seedToken(kit, corpTokenKey(SUITE, CORP), 'T');
    const bodies: unknown[] = [];
    nock(API)
      .post('/cgi-bin/message/send', (body) => {
        bodies.push(body);
        return true;
      })
      .query({ access_token: 'T' })
      .reply(200, {
        errcode: 0,
        errmsg: 'ok',
        invaliduser: 'ghost1|ghost2',
        unlicenseduser: 'nolicence',
        msgid: 'MSG1',
        response_code: 'RC1',
      });

    const result = await kit
      .makeClient({ textDuplicateCheckIntervalSec: 600 })
      .forCorp(CREDS)
      .sendMessage({ touser: 'a|ghost1|ghost2|nolicence', msgtype: 'text', text: { content: '你好' } });

    expect(bodies).toEqual([
      {
        touser: 'a|ghost1|ghost2|nolicence',
        msgtype: 'text',
        text: { content: '你好' },
        agentid: AGENT_ID,
        enable_duplicate_check: 1,
        duplicate_check_interval: 600,
      },
    ]);
    expect(result).toEqual({
      msgId: 'MSG1',
      responseCode: 'RC1',
      invalidUsers: ['ghost1', 'ghost2'],
      unlicensedUsers: ['nolicence'],
    });
  });

  it('message/send keeps a card’s duplicate check long (its task id is unique) and a text’s short', async () => {
    const kit = wecomKit();
    await seedToken(kit, corpTokenKey(SUITE, CORP), 'T');
    const bodies: Record<string, unknown>[] = [];
    nock(API)
      .post('/cgi-bin/message/send', (body) => Boolean(bodies.push(body)))
      .times(2)
      .query({ access_token: 'T' })
      .reply(200, { errcode: 0, errmsg: 'ok', msgid: 'M' });
    const corp = kit.makeClient({ duplicateCheckIntervalSec: 3600 }).forCorp(CREDS);
    // Texts keep the default: five minutes, enough for a retried or crash-resent send.
    await corp.sendMessage({ touser: 'a', msgtype: 'template_card', template_card: { task_id: 't1' } });
    await corp.sendMessage({ touser: 'a', msgtype: 'text', text: { content: '帮助' } });
    expect(bodies[0]).toMatchObject({ enable_duplicate_check: 1, duplicate_check_interval: 3600 });
    expect(bodies[1]).toMatchObject({ enable_duplicate_check: 1, duplicate_check_interval: 300 });
  });

  it('refuses a duplicate check interval over WeCom’s 4 hours', () => {
    expect(() => wecomKit().makeClient({ duplicateCheckIntervalSec: 14401 })).toThrow(/14400/);
    expect(() => wecomKit().makeClient({ textDuplicateCheckIntervalSec: 0 })).toThrow(/14400/);
  });

  it('gets the suite token with the stored ticket, then the permanent code through service/v2', async () => {
    const kit = wecomKit();
    await kit.stores.credentials.saveSuiteTicket({
      suiteId: SUITE,
      ticket: 'TICKET-1',
      timestamp: 1,
      receivedAt: kit.clock.now(),
    });
    const suiteToken = nock(API)
      .post(
        '/cgi-bin/service/get_suite_token',
        (b) => b.suite_id === SUITE && b.suite_secret === SUITE_SECRET && b.suite_ticket === 'TICKET-1',
      )
      .reply(200, { errcode: 0, errmsg: 'ok', suite_access_token: 'SUITE_T', expires_in: 7200 });
    // No errcode at all: WeCom's older APIs only send one on failure.
    const permanent = nock(API)
      .post('/cgi-bin/service/v2/get_permanent_code', { auth_code: 'AUTH_CODE' })
      .query({ suite_access_token: 'SUITE_T' })
      .reply(200, {
        permanent_code: 'PC',
        auth_corp_info: { corpid: CORP, corp_name: '测试企业' },
        auth_user_info: { userid: 'admin1' },
        state: 's1',
      });

    const result = await kit.makeClient().getPermanentCode(SUITE, 'AUTH_CODE');

    expect(result).toEqual({
      permanentCode: 'PC',
      corpId: CORP,
      corpName: '测试企业',
      authUserId: 'admin1',
      state: 's1',
    });
    expect(suiteToken.isDone() && permanent.isDone()).toBe(true);
    expect((await kit.stores.credentials.getToken(suiteTokenKey(SUITE)))?.token).toBe('SUITE_T');
    expectNoSecretsLogged(kit.lines(), [SUITE_SECRET, 'TICKET-1', 'SUITE_T', 'PC"']);
  });

  it('says suite_ticket_missing when no ticket was pushed yet', async () => {
    const kit = wecomKit();
    await expect(kit.makeClient().getPermanentCode(SUITE, 'AUTH_CODE')).rejects.toMatchObject({
      code: 'suite_ticket_missing',
    });
  });

  it('refetches the suite token once on 42009', async () => {
    const kit = wecomKit();
    await seedToken(kit, suiteTokenKey(SUITE), 'STALE');
    await kit.stores.credentials.saveSuiteTicket({
      suiteId: SUITE,
      ticket: 'TK',
      timestamp: 1,
      receivedAt: kit.clock.now(),
    });
    nock(API)
      .post('/cgi-bin/service/get_auth_info')
      .query({ suite_access_token: 'STALE' })
      .reply(200, { errcode: 42009, errmsg: 'suite_access_token expired' });
    nock(API)
      .post('/cgi-bin/service/get_suite_token')
      .reply(200, { errcode: 0, suite_access_token: 'FRESH', expires_in: 7200 });
    nock(API)
      .post('/cgi-bin/service/get_auth_info', { auth_corpid: CORP, permanent_code: 'PC' })
      .query({ suite_access_token: 'FRESH' })
      .reply(200, {
        errcode: 0,
        auth_corp_info: { corpid: CORP, corp_name: '测试企业' },
        auth_info: {
          agent: [
            {
              agentid: AGENT_ID,
              name: '助手',
              is_customized_app: true,
              privilege: { level: 1, allow_user: ['u1'], allow_party: [3], allow_tag: [] },
            },
          ],
        },
      });

    const info = await kit.makeClient().getAuthInfo(SUITE, CORP, 'PC');

    expect(info).toEqual({
      corpId: CORP,
      corpName: '测试企业',
      agentId: AGENT_ID,
      appName: '助手',
      privilege: { users: ['u1'], parties: [3], tags: [], level: 1 },
    });
    expect(nock.isDone()).toBe(true);
  });

  it('reads admins with agent/get_admin_list, falling back to service/get_admin_list on 48002', async () => {
    const kit = wecomKit();
    await seedToken(kit, corpTokenKey(SUITE, CORP), 'T');
    await seedToken(kit, suiteTokenKey(SUITE), 'ST');
    nock(API)
      .post('/cgi-bin/agent/get_admin_list', { agentid: AGENT_ID })
      .query({ access_token: 'T' })
      .reply(200, { errcode: 48002, errmsg: 'api forbidden' });
    nock(API)
      .post('/cgi-bin/service/get_admin_list', { auth_corpid: CORP, agentid: AGENT_ID })
      .query({ suite_access_token: 'ST' })
      .reply(200, { errcode: 0, admin: [{ userid: 'boss', open_userid: 'o1', auth_type: 1 }] });
    const seen: unknown[] = [];

    const admins = await kit
      .makeClient({ onPermanentError: (e) => void seen.push(e) })
      .forCorp(CREDS)
      .getAdminList();

    expect(admins).toEqual([{ userId: 'boss', authType: 1 }]);
    expect(nock.isDone()).toBe(true);
    // The refusal was expected, so it is neither recorded nor reported.
    expect(seen).toEqual([]);
    expect(await kit.stores.wecomErrors.list()).toEqual([]);
  });

  it('probes get_follow_user_list with a GET; a 48002 answer is thrown but not reported', async () => {
    const kit = wecomKit();
    await seedToken(kit, corpTokenKey(SUITE, CORP), 'T');
    nock(API)
      .get('/cgi-bin/externalcontact/get_follow_user_list')
      .query({ access_token: 'T' })
      .reply(200, { errcode: 0, follow_user: [] });
    nock(API)
      .get('/cgi-bin/externalcontact/get_follow_user_list')
      .query(true)
      .reply(200, { errcode: 48002, errmsg: 'api forbidden' });
    const corp = kit.makeClient().forCorp(CREDS);

    await corp.probe('get_follow_user_list');
    const err = await thrown(corp.probe('get_follow_user_list'));

    expect(err.errcode).toBe(48002);
    expect(await kit.stores.wecomErrors.list()).toEqual([]);
    await expect(corp.probe('nope')).rejects.toThrow(/unknown probe/);
  });

  it('posts to the group robot webhook and checks its errcode, never logging the key', async () => {
    const kit = wecomKit();
    const url = `${API}/cgi-bin/webhook/send?key=ROBOT-KEY-SECRET`;
    const body = { msgtype: 'markdown', markdown: { content: 'hello' } };
    nock(API)
      .post('/cgi-bin/webhook/send', body)
      .query({ key: 'ROBOT-KEY-SECRET' })
      .reply(200, { errcode: 0, errmsg: 'ok' });
    nock(API)
      .post('/cgi-bin/webhook/send')
      .query(true)
      .reply(200, { errcode: 93000, errmsg: 'invalid webhook url' });
    const client = kit.makeClient();

    await client.sendWebhook(url, body);
    const err = await thrown(client.sendWebhook(url, body));

    expect(err).toMatchObject({ errcode: 93000, disposition: 'permanent', api: 'webhook/send' });
    expectNoSecretsLogged(kit.lines(), ['ROBOT-KEY-SECRET']);
  });
});
