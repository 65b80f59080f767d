import Koa from 'koa';
import request from 'supertest';
import { sealEchostr } from '../../src/callback/seal-callback';
import { callbackRoutes, type CallbackRouteDeps } from '../../src/gateway/routes/callback';
import type { WecomEvent } from '../../src/events/types';
import { ManualClock } from '../../src/shared/clock';
import { createMemoryLogger } from '../../src/shared/logger';
import { fixture, officialVectors, signedCallback, signedCiphertext } from '../helpers/callback-fixtures';

const official = officialVectors();
const OFFICIAL_CORP = official.receiveId;

/** A template of our own, with the published fixtures' suite id. */
const TEMPLATE = {
  suiteId: 'dk1a2b3c4d5e6f7a8b',
  token: 'tplT0ken7Q',
  encodingAESKey: 'kWxPEV2QE6N1q9oGNVb5XQCMO1XIQV0MPPkO5q5Fj5o',
};
const CORP = 'wwcorp000000000001';
/** A template configured with the official vectors' token and key, for the published samples. */
const OFFICIAL_TEMPLATE = {
  suiteId: 'dkofficial',
  token: official.token,
  encodingAESKey: official.encodingAESKey,
};
/** The same secrets under the official receiveid as suite id, so the samples fit the template URL. */
const OFFICIAL_AS_SUITE = { ...OFFICIAL_TEMPLATE, suiteId: OFFICIAL_CORP };

const NOW = 1767578400; // the fixtures' TimeStamp/CreateTime and ManualClock's default
const KIB = 1024;
const SECRETS = [TEMPLATE.token, TEMPLATE.encodingAESKey, official.token, official.encodingAESKey];

interface Harness {
  app: Koa;
  deps: CallbackRouteDeps;
  clock: ManualClock;
  store: Map<string, WecomEvent>;
  recordEvent: jest.Mock;
  onAccepted: jest.Mock;
  accepted: () => WecomEvent[];
  lines: () => Record<string, unknown>[];
}

function harness(overrides: Partial<CallbackRouteDeps> = {}): Harness {
  const store = new Map<string, WecomEvent>();
  const known = new Set([`${TEMPLATE.suiteId}/${CORP}`, `${OFFICIAL_TEMPLATE.suiteId}/${OFFICIAL_CORP}`]);
  const templates = [TEMPLATE, OFFICIAL_TEMPLATE, OFFICIAL_AS_SUITE];
  const { logger, lines } = createMemoryLogger('debug');
  const clock = new ManualClock();
  const recordEvent = jest.fn(async (key: string, event: WecomEvent) => {
    if (store.has(key)) return 'duplicate' as const;
    store.set(key, event);
    return 'new' as const;
  });
  const onAccepted = jest.fn();
  const deps: CallbackRouteDeps = {
    findTemplate: (suiteId) => templates.find((t) => t.suiteId === suiteId),
    providerCorpId: '',
    isKnownCorp: async (suiteId, corpId) => known.has(`${suiteId}/${corpId}`),
    recordEvent,
    onAccepted,
    clock,
    logger,
    callbackMaxAgeSeconds: 300,
    bodyLimitBytes: 64 * KIB,
    recordBudgetMs: 800,
    ...overrides,
  };
  const app = new Koa();
  app.use(callbackRoutes(deps));
  return {
    app,
    deps,
    clock,
    store,
    recordEvent: deps.recordEvent as jest.Mock,
    onAccepted: deps.onAccepted as jest.Mock,
    accepted: () => (deps.onAccepted as jest.Mock).mock.calls.map(([, event]) => event as WecomEvent),
    lines,
  };
}

const templateUrl = (suiteId = TEMPLATE.suiteId) => `/wecom/templates/${suiteId}/callback`;
const appUrl = (suiteId = TEMPLATE.suiteId) => `/wecom/apps/${suiteId}/callback`;
const seal = (xml: string, receiverId: string, opts: { timestamp?: number; nonce?: string } = {}) =>
  signedCallback(
    xml,
    { token: TEMPLATE.token, aesKey: TEMPLATE.encodingAESKey, receiverId },
    { timestamp: NOW, ...opts },
  );

function post(h: Harness, url: string, sealed: { query: object; body: string }) {
  return request(h.app.callback()).post(url).query(sealed.query).type('text/xml').send(sealed.body);
}

function rejections(h: Harness): Record<string, unknown>[] {
  return h.lines().filter((l) => l.msg === 'callback rejected');
}

/** Every refused request: 4xx, its reason answered and logged, nothing recorded, no secret logged. */
function expectRejected(h: Harness, res: request.Response, reason: string, status = 400): void {
  expect({ status: res.status, text: res.text }).toEqual({ status, text: reason });
  expect(h.recordEvent).not.toHaveBeenCalled();
  expect(h.onAccepted).not.toHaveBeenCalled();
  expect(rejections(h)).toEqual([expect.objectContaining({ level: 40, reason })]);
  expectNoSecretsLogged(h);
}

function expectNoSecretsLogged(h: Harness, extra: string[] = []): void {
  const text = JSON.stringify(h.lines());
  for (const secret of [...SECRETS, official.urlVerification.echostr, ...extra])
    expect(text).not.toContain(secret);
}

describe('callback route', () => {
  describe('URL verification (GET)', () => {
    const { signature, timestamp, nonce, echostr, plaintext } = official.urlVerification;
    const query = { msg_signature: signature, timestamp, nonce, echostr };

    function officialHarness(overrides: Partial<CallbackRouteDeps> = {}): Harness {
      const h = harness(overrides);
      h.clock.set(Number(timestamp) * 1000);
      return h;
    }

    it('answers the official echostr on the app URL of a known corp, as exact plain text', async () => {
      const h = officialHarness();
      const res = await request(h.app.callback()).get(appUrl(OFFICIAL_TEMPLATE.suiteId)).query(query);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toBe(plaintext);
      expect(res.text).toBe('1616140317555161061');
      expect(h.recordEvent).not.toHaveBeenCalled();
      expectNoSecretsLogged(h);
    });

    it('answers it on the app URL when the receiver is the provider corp', async () => {
      const h = officialHarness({ providerCorpId: OFFICIAL_CORP, isKnownCorp: async () => false });
      const res = await request(h.app.callback()).get(appUrl(OFFICIAL_TEMPLATE.suiteId)).query(query);
      expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: plaintext });
    });

    it('answers it on the template URL whose suite id is the receiver', async () => {
      const h = officialHarness();
      const res = await request(h.app.callback()).get(templateUrl(OFFICIAL_CORP)).query(query);
      expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: plaintext });
    });

    it('answers an echostr sealed for the template on its template URL', async () => {
      const h = harness();
      const secrets = {
        token: TEMPLATE.token,
        encodingAESKey: TEMPLATE.encodingAESKey,
        receiverId: TEMPLATE.suiteId,
      };
      const res = await request(h.app.callback())
        .get(templateUrl())
        .query(sealEchostr('8723648726348', secrets, { timestamp: NOW }));
      expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: '8723648726348' });
    });

    it('refuses, on the template URL, an echostr sealed for a corp', async () => {
      const h = harness();
      const secrets = { token: TEMPLATE.token, encodingAESKey: TEMPLATE.encodingAESKey, receiverId: CORP };
      const res = await request(h.app.callback())
        .get(templateUrl())
        .query(sealEchostr('8723648726348', secrets, { timestamp: NOW }));
      expectRejected(h, res, 'receiver_id_mismatch');
    });

    it('refuses the official echostr on the app URL when its receiver is no known corp', async () => {
      const h = officialHarness({ isKnownCorp: async () => false });
      const res = await request(h.app.callback()).get(appUrl(OFFICIAL_TEMPLATE.suiteId)).query(query);
      expectRejected(h, res, 'receiver_id_mismatch');
    });

    it('refuses it on the template URL of another suite id', async () => {
      const h = officialHarness();
      const res = await request(h.app.callback()).get(templateUrl(OFFICIAL_TEMPLATE.suiteId)).query(query);
      expectRejected(h, res, 'receiver_id_mismatch');
    });

    it('refuses a missing echostr', async () => {
      const h = officialHarness();
      const res = await request(h.app.callback())
        .get(appUrl(OFFICIAL_TEMPLATE.suiteId))
        .query({ ...query, echostr: undefined });
      expectRejected(h, res, 'missing_parameter');
    });

    it('refuses a tampered echostr', async () => {
      const h = officialHarness();
      const res = await request(h.app.callback())
        .get(appUrl(OFFICIAL_TEMPLATE.suiteId))
        .query({ ...query, echostr: echostr.replace('P9n', 'P9m') });
      expectRejected(h, res, 'bad_signature', 401);
    });
  });

  describe('the official encrypted text message (POST)', () => {
    const { signature, timestamp, nonce, body } = official.message;

    it('is verified, decrypted, recorded and accepted as a text event', async () => {
      const h = harness();
      h.clock.set(Number(timestamp) * 1000);
      const res = await request(h.app.callback())
        .post(appUrl(OFFICIAL_TEMPLATE.suiteId))
        .query({ msg_signature: signature, timestamp, nonce })
        .type('text/xml')
        .send(body);
      expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: 'success' });
      expect(h.accepted()).toEqual([
        {
          kind: 'text',
          source: 'app',
          suiteId: OFFICIAL_TEMPLATE.suiteId,
          corpId: OFFICIAL_CORP,
          agentId: 218,
          fromUser: 'mycreate',
          createTime: 1409659813,
          msgId: '4561255354251345929',
          content: 'hello',
        },
      ]);
      expect([...h.store.keys()]).toEqual([`app:dkofficial:text:${OFFICIAL_CORP}:4561255354251345929`]);
      expectNoSecretsLogged(h);
    });

    it('is refused on the app URL when the corp is not authorized for that template', async () => {
      const h = harness({ isKnownCorp: async () => false });
      h.clock.set(Number(timestamp) * 1000);
      const res = await request(h.app.callback())
        .post(appUrl(OFFICIAL_TEMPLATE.suiteId))
        .query({ msg_signature: signature, timestamp, nonce })
        .send(body);
      expectRejected(h, res, 'receiver_id_mismatch');
    });

    it('is accepted with the replay check off whatever the clock says', async () => {
      const h = harness({ callbackMaxAgeSeconds: 0 });
      const res = await request(h.app.callback())
        .post(appUrl(OFFICIAL_TEMPLATE.suiteId))
        .query({ msg_signature: signature, timestamp, nonce })
        .send(body);
      expect(res.text).toBe('success');
      expect(h.accepted()).toHaveLength(1);
    });
  });

  describe('the URL', () => {
    it('takes a final slash and a percent-encoded suite id as the same callback URL', async () => {
      const h = harness();
      const encoded = TEMPLATE.suiteId.replace('d', '%64');
      const res = await post(h, `${appUrl(encoded)}/`, seal(fixture('text.xml'), CORP));
      expect(res.status).toBe(200);
      expect(res.text).toBe('success');
      expect(h.accepted()).toHaveLength(1);
    });
  });

  describe('a correct callback of each kind', () => {
    it.each([
      ['suite-ticket.xml', 'suite_ticket'],
      ['create-auth.xml', 'create_auth'],
      ['change-auth.xml', 'change_auth'],
      ['cancel-auth.xml', 'cancel_auth'],
      ['reset-permanent-code.xml', 'reset_permanent_code'],
      ['change-app-admin.xml', 'change_app_admin'],
      ['unknown-info-type.xml', 'unknown'],
    ])('template URL: %s → %s', async (name, kind) => {
      const h = harness();
      const res = await post(h, templateUrl(), seal(fixture(name), TEMPLATE.suiteId));
      expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: 'success' });
      expect(h.accepted()).toEqual([
        expect.objectContaining({ kind, source: 'template', suiteId: TEMPLATE.suiteId }),
      ]);
      expect(h.onAccepted.mock.calls[0][0]).toMatch(new RegExp(`^template:${TEMPLATE.suiteId}:${kind}:`));
      expect(rejections(h)).toEqual([]);
      expectNoSecretsLogged(h, ['Cfp0_givEagXcYJIztF6sfbdmIZCmpaR8ZBsvJEFFNBrWmnD5', 'AUTHCODE_']);
    });

    it.each([
      ['text.xml', 'text'],
      ['template-card-event.xml', 'template_card_event'],
      ['enter-agent.xml', 'enter_agent'],
      ['change-app-admin-event.xml', 'change_app_admin'],
      ['unknown-event.xml', 'unknown'],
    ])('app URL: %s → %s', async (name, kind) => {
      const h = harness();
      const res = await post(h, appUrl(), seal(fixture(name), CORP));
      expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: 'success' });
      expect(h.accepted()).toEqual([expect.objectContaining({ kind, source: 'app', corpId: CORP })]);
      expectNoSecretsLogged(h, ['RESPONSE_CODE_']);
    });

    it('app URL: the event belongs to the verified receiver, whatever ToUserName says', async () => {
      const h = harness();
      const xml = fixture('text.xml').replace(CORP, 'wwsomeoneelse00001');
      const res = await post(h, appUrl(), seal(xml, CORP));
      expect(res.text).toBe('success');
      expect(h.accepted()).toEqual([expect.objectContaining({ kind: 'text', corpId: CORP })]);
    });

    it('the signature is checked before the ciphertext is decrypted or parsed', async () => {
      const h = harness();
      const sealed = seal(fixture('text.xml'), CORP);
      const body = sealed.body.replace(sealed.encrypted, '<!DOCTYPE x [<!ENTITY e "e">]>&e;');
      expectRejected(h, await post(h, appUrl(), { ...sealed, body }), 'bad_signature', 401);
    });

    it('logs the acceptance with the event key and kind', async () => {
      const h = harness();
      await post(h, appUrl(), seal(fixture('text.xml'), CORP));
      expect(h.lines()).toContainEqual(
        expect.objectContaining({
          msg: 'callback accepted',
          kind: 'text',
          outcome: 'new',
          suiteId: TEMPLATE.suiteId,
        }),
      );
    });
  });

  describe('bad callbacks', () => {
    const officialSigned = (encrypted: string) =>
      signedCiphertext(encrypted, official.token, { timestamp: NOW, nonce: '1372623149' });

    it('wrong signature', async () => {
      const h = harness();
      const sealed = seal(fixture('text.xml'), CORP);
      const res = await post(h, appUrl(), {
        ...sealed,
        query: { ...sealed.query, msg_signature: 'f'.repeat(40) },
      });
      expectRejected(h, res, 'bad_signature', 401);
    });

    it('a signature made with another token', async () => {
      const h = harness();
      const sealed = signedCallback(
        fixture('suite-ticket.xml'),
        { token: 'notTheToken', aesKey: TEMPLATE.encodingAESKey, receiverId: TEMPLATE.suiteId },
        { timestamp: NOW },
      );
      expectRejected(h, await post(h, templateUrl(), sealed), 'bad_signature', 401);
    });

    it.each(['msg_signature', 'timestamp', 'nonce'])('missing %s', async (name) => {
      const h = harness();
      const sealed = seal(fixture('text.xml'), CORP);
      const res = await post(h, appUrl(), { ...sealed, query: { ...sealed.query, [name]: undefined } });
      expectRejected(h, res, 'missing_parameter');
    });

    it('an empty nonce', async () => {
      const h = harness();
      const sealed = seal(fixture('text.xml'), CORP);
      const res = await post(h, appUrl(), { ...sealed, query: { ...sealed.query, nonce: '' } });
      expectRejected(h, res, 'missing_parameter');
    });

    it('a repeated parameter', async () => {
      const h = harness();
      const sealed = seal(fixture('text.xml'), CORP);
      const { msg_signature, timestamp, nonce } = sealed.query;
      const res = await request(h.app.callback())
        .post(
          `${appUrl()}?msg_signature=${msg_signature}&timestamp=${timestamp}&nonce=${nonce}&nonce=${nonce}`,
        )
        .send(sealed.body);
      expectRejected(h, res, 'duplicate_parameter');
    });

    it.each([
      ['bad-base64.txt', 'bad_base64'],
      ['bad-block-size.txt', 'bad_block_size'],
      ['bad-padding.txt', 'bad_padding'],
      ['bad-length-prefix.txt', 'bad_length_prefix'],
      ['bad-utf8.txt', 'bad_utf8'],
      ['wrong-receiver.txt', 'receiver_id_mismatch'],
    ])('a correctly signed %s → %s', async (name, reason) => {
      const h = harness();
      const res = await post(h, templateUrl(OFFICIAL_CORP), officialSigned(fixture(name).trim()));
      expectRejected(h, res, reason);
    });

    it('wrong receiver id: a template callback sealed for another suite', async () => {
      const h = harness();
      const res = await post(h, templateUrl(), seal(fixture('suite-ticket.xml'), 'dkSOMEONEELSE'));
      expectRejected(h, res, 'receiver_id_mismatch');
    });

    it('wrong receiver id: an app callback from a corp that never authorized the template', async () => {
      const h = harness();
      const res = await post(h, appUrl(), seal(fixture('text.xml'), 'wwstranger00000001'));
      expectRejected(h, res, 'receiver_id_mismatch');
    });

    it('wrong receiver id: an app callback with an empty receiver', async () => {
      const h = harness({ isKnownCorp: async () => true });
      const res = await post(h, appUrl(), seal(fixture('text.xml'), ''));
      expectRejected(h, res, 'receiver_id_mismatch');
    });

    it('a DOCTYPE with entities inside the encrypted payload', async () => {
      const h = harness();
      const res = await post(h, appUrl(), seal(fixture('doctype-entities.xml'), CORP));
      expectRejected(h, res, 'doctype_refused');
    });

    it('a DOCTYPE with entities in the outer body', async () => {
      const h = harness();
      const sealed = seal(fixture('text.xml'), CORP);
      const res = await post(h, appUrl(), { ...sealed, body: fixture('doctype-entities.xml') });
      expectRejected(h, res, 'doctype_refused');
    });

    it('malformed XML inside the payload', async () => {
      const h = harness();
      expectRejected(h, await post(h, appUrl(), seal(fixture('malformed.xml'), CORP)), 'bad_xml');
    });

    it('a body that is not XML', async () => {
      const h = harness();
      const sealed = seal(fixture('text.xml'), CORP);
      expectRejected(h, await post(h, appUrl(), { ...sealed, body: '{"encrypt":"x"}' }), 'bad_xml');
    });

    it('a body without Encrypt', async () => {
      const h = harness();
      const sealed = seal(fixture('text.xml'), CORP);
      expectRejected(
        h,
        await post(h, appUrl(), { ...sealed, body: '<xml><ToUserName>x</ToUserName></xml>' }),
        'missing_encrypt',
      );
    });

    it('a known kind missing its defining field', async () => {
      const h = harness();
      const res = await post(
        h,
        templateUrl(),
        seal(fixture('create-auth-missing-auth-code.xml'), TEMPLATE.suiteId),
      );
      expectRejected(h, res, 'missing_field');
    });

    it('a payload naming another template', async () => {
      const h = harness();
      const xml = fixture('suite-ticket.xml').replace(TEMPLATE.suiteId, 'dkSOMEONEELSE');
      expectRejected(h, await post(h, templateUrl(), seal(xml, TEMPLATE.suiteId)), 'suite_id_mismatch');
    });

    it('a body over the cap (declared length)', async () => {
      const h = harness({ bodyLimitBytes: 1 * KIB });
      const sealed = seal(fixture('text.xml'), CORP);
      const res = await post(h, appUrl(), { ...sealed, body: sealed.body + ' '.repeat(KIB) });
      expectRejected(h, res, 'body_too_large', 413);
    });

    it('a body over the cap (chunked, no declared length)', async () => {
      const h = harness({ bodyLimitBytes: 1 * KIB });
      const sealed = seal(fixture('text.xml'), CORP);
      const req = request(h.app.callback())
        .post(appUrl())
        .query(sealed.query)
        .set('Transfer-Encoding', 'chunked');
      for (let i = 0; i < 4; i += 1) req.write(' '.repeat(512));
      const res = await req;
      expectRejected(h, res, 'body_too_large', 413);
    });

    it('a body at 64 KiB is read; one byte more is refused', async () => {
      const sealed = seal(fixture('text.xml'), CORP);
      const padding = (n: number) => sealed.body.replace('</xml>', `${' '.repeat(n)}</xml>`);
      const exact = padding(64 * KIB - Buffer.byteLength(sealed.body));
      const ok = harness();
      expect((await post(ok, appUrl(), { ...sealed, body: exact })).text).toBe('success');
      const over = harness();
      expectRejected(
        over,
        await post(over, appUrl(), { ...sealed, body: `${exact} ` }),
        'body_too_large',
        413,
      );
    });

    it('an unknown suite id, on either URL, before anything else', async () => {
      for (const url of [templateUrl('dkNOBODY'), appUrl('dkNOBODY')]) {
        const h = harness();
        expectRejected(h, await request(h.app.callback()).post(url).send('<xml/>'), 'unknown_suite', 404);
      }
    });

    it('a stale timestamp', async () => {
      const h = harness();
      h.clock.advance(301_000);
      expectRejected(h, await post(h, appUrl(), seal(fixture('text.xml'), CORP)), 'stale_timestamp');
    });

    it('a timestamp from the future', async () => {
      const h = harness();
      expectRejected(
        h,
        await post(h, appUrl(), seal(fixture('text.xml'), CORP, { timestamp: NOW + 301 })),
        'stale_timestamp',
      );
    });

    it('accepts a timestamp at the edge of the window', async () => {
      const h = harness();
      h.clock.advance(300_000);
      expect((await post(h, appUrl(), seal(fixture('text.xml'), CORP))).text).toBe('success');
    });

    it('a timestamp that is not a number', async () => {
      const h = harness();
      const sealed = seal(fixture('text.xml'), CORP);
      const res = await post(h, appUrl(), {
        ...sealed,
        query: { ...sealed.query, timestamp: '1767578400.5' },
      });
      expectRejected(h, res, 'bad_timestamp');
    });

    it('an unknown kind in the path is not routed', async () => {
      const h = harness();
      const res = await request(h.app.callback())
        .post(`/wecom/others/${TEMPLATE.suiteId}/callback`)
        .send('<xml/>');
      expect(res.status).toBe(404);
      expect(h.recordEvent).not.toHaveBeenCalled();
    });

    it.each([
      `/wecom/apps/${TEMPLATE.suiteId}/callback/extra`,
      `/wecom/apps/${TEMPLATE.suiteId}/callbacks`,
      '/wecom/apps//callback',
      '/wecom/apps/callback',
    ])('%s is not a callback URL', async (path) => {
      const h = harness();
      const res = await request(h.app.callback()).post(path).send('<xml/>');
      expect(res.status).toBe(404);
      expect(h.recordEvent).not.toHaveBeenCalled();
    });

    it('other methods are refused with 405 and the allowed ones; OPTIONS lists them', async () => {
      const h = harness();
      const path = `/wecom/apps/${TEMPLATE.suiteId}/callback`;
      const put = await request(h.app.callback()).put(path).send('<xml/>');
      expect(put.status).toBe(405);
      expect(put.headers.allow).toBe('HEAD, GET, POST');
      const options = await request(h.app.callback()).options(path);
      expect(options.status).toBe(200);
      expect(options.headers.allow).toBe('HEAD, GET, POST');
      expect(h.recordEvent).not.toHaveBeenCalled();
    });
  });

  describe('dedupe and the store', () => {
    it('a retried delivery is answered success twice and accepted once', async () => {
      const h = harness();
      const sealed = seal(fixture('create-auth.xml'), TEMPLATE.suiteId);
      const first = await post(h, templateUrl(), sealed);
      const retry = await post(h, templateUrl(), sealed);
      expect([first.text, retry.text]).toEqual(['success', 'success']);
      expect(h.recordEvent).toHaveBeenCalledTimes(2);
      expect(h.onAccepted).toHaveBeenCalledTimes(1);
      expect(h.lines()).toContainEqual(
        expect.objectContaining({ msg: 'callback accepted', outcome: 'duplicate' }),
      );
    });

    it('a retry re-encrypted with new random bytes and nonce is still the same event', async () => {
      const h = harness();
      await post(h, appUrl(), seal(fixture('text.xml'), CORP, { nonce: 'a' }));
      await post(h, appUrl(), seal(fixture('text.xml'), CORP, { nonce: 'b', timestamp: NOW + 5 }));
      expect(h.onAccepted).toHaveBeenCalledTimes(1);
    });

    it('two distinct taps by one user in one second are two events', async () => {
      const h = harness();
      const card = fixture('template-card-event.xml');
      await post(h, appUrl(), seal(card, CORP));
      await post(
        h,
        appUrl(),
        seal(card.replace('first_tap', 'second_tap').replace('[approve]', '[not_now]'), CORP),
      );
      expect(h.accepted().map((e) => (e.kind === 'template_card_event' ? e.eventKey : ''))).toEqual([
        'approve',
        'not_now',
      ]);
      expect(h.store.size).toBe(2);
    });

    it('two suite tickets in one second are two events', async () => {
      const h = harness();
      const ticket = fixture('suite-ticket.xml');
      await post(h, templateUrl(), seal(ticket, TEMPLATE.suiteId));
      await post(h, templateUrl(), seal(ticket.replace('Cfp0_', 'Zzz9_'), TEMPLATE.suiteId));
      expect(h.onAccepted).toHaveBeenCalledTimes(2);
    });

    it('a store that throws → 503, nothing accepted, the error logged', async () => {
      const h = harness({ recordEvent: jest.fn().mockRejectedValue(new Error('connection reset')) });
      const res = await post(h, appUrl(), seal(fixture('text.xml'), CORP));
      expect({ status: res.status, text: res.text }).toEqual({ status: 503, text: 'store_unavailable' });
      expect(h.onAccepted).not.toHaveBeenCalled();
      expect(h.lines()).toContainEqual(expect.objectContaining({ level: 50, msg: 'callback record failed' }));
      expectNoSecretsLogged(h);
    });

    it('a store that throws synchronously → 503', async () => {
      const h = harness({
        recordEvent: jest.fn(() => {
          throw new Error('not connected');
        }),
      });
      const res = await post(h, appUrl(), seal(fixture('text.xml'), CORP));
      expect(res.status).toBe(503);
      expect(h.onAccepted).not.toHaveBeenCalled();
    });

    it('a store slower than the budget → 503; a late write is still handed on once', async () => {
      let finish: (outcome: 'new' | 'duplicate') => void = () => undefined;
      const slow = new Promise<'new' | 'duplicate'>((resolve) => (finish = resolve));
      const h = harness({ recordBudgetMs: 5, recordEvent: jest.fn(() => slow) });
      const res = await post(h, appUrl(), seal(fixture('text.xml'), CORP));
      expect({ status: res.status, text: res.text }).toEqual({ status: 503, text: 'store_unavailable' });
      expect(h.onAccepted).not.toHaveBeenCalled();
      expect(h.lines()).toContainEqual(
        expect.objectContaining({ level: 50, msg: 'callback record timed out' }),
      );

      finish('new');
      await new Promise(setImmediate);
      expect(h.onAccepted).toHaveBeenCalledTimes(1);
    });

    it('a late duplicate is not handed on', async () => {
      let finish: (outcome: 'new' | 'duplicate') => void = () => undefined;
      const slow = new Promise<'new' | 'duplicate'>((resolve) => (finish = resolve));
      const h = harness({ recordBudgetMs: 5, recordEvent: jest.fn(() => slow) });
      expect((await post(h, appUrl(), seal(fixture('text.xml'), CORP))).status).toBe(503);
      finish('duplicate');
      await new Promise(setImmediate);
      expect(h.onAccepted).not.toHaveBeenCalled();
    });

    it('a corp lookup that fails → 503, nothing recorded', async () => {
      const h = harness({ isKnownCorp: () => Promise.reject(new Error('store down')) });
      const res = await post(h, appUrl(), seal(fixture('text.xml'), CORP));
      expect(res.status).toBe(503);
      expect(h.recordEvent).not.toHaveBeenCalled();
    });

    it('an enqueue that throws still answers success (the event is recorded) and logs the error', async () => {
      const h = harness({
        onAccepted: jest.fn(() => {
          throw new Error('queue full');
        }),
      });
      const res = await post(h, appUrl(), seal(fixture('text.xml'), CORP));
      expect(res.text).toBe('success');
      expect(h.store.size).toBe(1);
      expect(h.lines()).toContainEqual(
        expect.objectContaining({ level: 50, msg: 'callback enqueue failed' }),
      );
    });
  });
});
