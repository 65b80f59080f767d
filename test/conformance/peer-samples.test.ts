import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { decryptPayload } from '../../src/callback/decrypt-payload';
import { sealCallback } from '../../src/callback/seal-callback';
import { verifySignature } from '../../src/callback/verify-signature';
import { ManualClock } from '../../src/shared/clock';
import { forgeEncrypt } from '../helpers/callback-fixtures';
import { anAuthorization } from '../helpers/domain-builders';
import { createBot, MONDAY_10AM, SUITE, type Bot } from '../reliability/harness';

/** ../shared beside the repository (CI keeps a read-only copy there). */
const SAMPLES = join(__dirname, '..', '..', '..', 'shared', 'wecom', 'peer-samples');
const CORP = 'wwconformance00001';

/**
 * The samples SOURCES.md counts as not well-formed, and why: each lacks a field that defines its
 * kind (a text message without AgentID, a create_auth without AuthCode, a suite_ticket without
 * TimeStamp), so the bot refuses it rather than record half an event.
 */
const MALFORMED: Record<string, string> = {
  'binarywang_WxJava__text-kitchen_sink.xml': 'missing_field',
  'w7corp_easywechat__create_auth.xml': 'missing_field',
  'w7corp_easywechat__suite_ticket.xml': 'missing_field',
};

/** The kinds the bot types; any other sample is recorded as `unknown`. */
const KINDS = new Set([
  'suite_ticket',
  'create_auth',
  'change_auth',
  'cancel_auth',
  'reset_permanent_code',
  'change_app_admin',
  'text',
  'image',
  'voice',
  'video',
  'location',
  'link',
  'template_card_event',
  'enter_agent',
]);

interface Vector {
  name: string;
  token: string;
  encodingAESKey: string;
  receiveId: string;
  verify?: { msg_signature: string; timestamp: string; nonce: string; echostr: string; expected?: string };
  verifyBad?: { msg_signature: string; timestamp: string; nonce: string; echostr: string };
  post?: { msg_signature: string; timestamp: string; nonce: string; body: string; expectedPlain?: string };
  reply?: {
    random: string;
    nonce: string;
    timestamp: string;
    plain: string;
    encrypt: string;
    msg_signature: string;
  };
  aes?: { random: string; plain: string; encrypt: string }[];
}

const sampleFiles = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.xml'))
  .sort();
const vectors = JSON.parse(readFileSync(join(SAMPLES, 'vectors.json'), 'utf8')) as Vector[];

/** Replaces the first leaf `name` with `value`, keeping the sample otherwise as written. */
function setLeaf(xml: string, name: string, value: string): string {
  const open = xml.indexOf(`<${name}>`);
  if (open < 0) return xml;
  const close = xml.indexOf(`</${name}>`, open);
  return `${xml.slice(0, open)}<${name}><![CDATA[${value}]]>${xml.slice(close)}`;
}

/** 指令回调 carry InfoType and go to the template URL; the rest are 数据回调 for the app URL. */
function addressed(xml: string): { target: 'templates' | 'apps'; xml: string } {
  if (xml.includes('<InfoType>')) {
    return { target: 'templates', xml: setLeaf(setLeaf(xml, 'SuiteId', SUITE.suiteId), 'AuthCorpId', CORP) };
  }
  return { target: 'apps', xml: setLeaf(xml, 'ToUserName', CORP) };
}

/** The kind a sample is named for (`<owner>_<repo>__<event type>[-variant].xml`). */
function kindOf(file: string): string {
  const type = file.slice(file.indexOf('__') + 2, -'.xml'.length).split('-')[0]!;
  return KINDS.has(type) ? type : 'unknown';
}

describe('peer samples: every callback of six peer SDKs, encrypted, signed and posted', () => {
  let clock: ManualClock;
  let bot: Bot;

  beforeAll(async () => {
    clock = new ManualClock(MONDAY_10AM);
    bot = await createBot({
      clock,
      apiBase: 'http://127.0.0.1:9',
      sendImmediately: false,
      config: { scheduler: { enabled: false } },
    });
    await bot.stores.authorizations.create(
      anAuthorization(clock.now(), {
        suiteId: SUITE.suiteId,
        corpId: CORP,
        corpName: '同行样例',
        agentId: 1,
        admins: ['zhangsan'],
        permanentCodeEnc: bot.container.secrets.seal('unused'),
      }),
    );
  });

  afterAll(() => bot.container.close());

  it('finds all 64 samples and every malformed one among them', () => {
    expect(sampleFiles).toHaveLength(64);
    for (const name of Object.keys(MALFORMED)) expect(sampleFiles).toContain(name);
  });

  it.each(sampleFiles)('%s', async (file) => {
    const { target, xml } = addressed(readFileSync(join(SAMPLES, file), 'utf8'));
    const receiverId = target === 'templates' ? SUITE.suiteId : CORP;
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    const sealed = sealCallback(xml, { ...SUITE, receiverId }, { timestamp });
    const res = await bot.post(sealed, target);
    const refused = MALFORMED[file];
    if (refused) {
      expect({ status: res.status, text: res.text }).toEqual({ status: 400, text: refused });
      return;
    }
    expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: 'success' });
    const accepted = bot.logs().filter((l) => l.msg === 'callback accepted');
    const { eventKey } = accepted[accepted.length - 1]! as { eventKey: string };
    const [recorded] = (await bot.stores.inbox.list()).filter((e) => e.key === eventKey);
    expect(recorded?.event).toMatchObject({ kind: kindOf(file), suiteId: SUITE.suiteId });
    if (target === 'apps') expect(recorded?.event).toMatchObject({ corpId: CORP });
  });
});

describe('peer crypto vectors', () => {
  let bot: Bot;

  beforeAll(async () => {
    // Each vector's receive id as a template's suite id: the template URL checks exactly that receiver.
    const templates = vectors.map((v) => ({
      suiteId: v.receiveId,
      suiteSecret: 'unused',
      token: v.token,
      encodingAESKey: v.encodingAESKey,
    }));
    bot = await createBot({
      clock: new ManualClock(MONDAY_10AM),
      apiBase: 'http://127.0.0.1:9',
      sendImmediately: false,
      // The vectors were signed years ago: the replay window is off for them.
      config: { templates, scheduler: { enabled: false }, wecom: { callbackMaxAgeSeconds: 0 } },
    });
  });

  afterAll(() => bot.container.close());

  const url = (v: Vector) => `/wecom/templates/${v.receiveId}/callback`;

  it.each(vectors.filter((v) => v.verify).map((v) => [v.name, v] as const))(
    '%s: URL verification answers the decrypted echostr',
    async (_name, v) => {
      const res = await bot.http().get(url(v)).query(v.verify!);
      expect(res.status).toBe(200);
      if (v.verify!.expected !== undefined) expect(res.text).toBe(v.verify!.expected);
      else expect(res.text).toMatch(/^\d+$/);
    },
  );

  it.each(vectors.filter((v) => v.verifyBad).map((v) => [v.name, v] as const))(
    '%s: the broken verification is refused',
    async (_name, v) => {
      const res = await bot.http().get(url(v)).query(v.verifyBad!);
      expect({ status: res.status, text: res.text }).toEqual({ status: 401, text: 'bad_signature' });
    },
  );

  it.each(vectors.filter((v) => v.post).map((v) => [v.name, v] as const))(
    '%s: the signed POST is answered success',
    async (_name, v) => {
      const { body, expectedPlain, ...query } = v.post!;
      const res = await request(bot.app.callback()).post(url(v)).query(query).type('text/xml').send(body);
      expect({ status: res.status, text: res.text }).toEqual({ status: 200, text: 'success' });
      if (expectedPlain !== undefined) {
        const encrypt = /<Encrypt><!\[CDATA\[([^\]]+)\]\]><\/Encrypt>/.exec(body)![1]!;
        expect(decryptPayload(v.encodingAESKey, encrypt, [v.receiveId]).message).toBe(expectedPlain);
      }
    },
  );

  it.each(vectors.filter((v) => v.reply || v.aes).map((v) => [v.name, v] as const))(
    '%s: our encryption matches the peer byte for byte',
    (_name, v) => {
      const seal = (random: string, plain: string) =>
        forgeEncrypt(v.encodingAESKey, { msg: plain, receiverId: v.receiveId, random: Buffer.from(random) });
      for (const aes of v.aes ?? []) {
        expect(seal(aes.random, aes.plain)).toBe(aes.encrypt);
        expect(decryptPayload(v.encodingAESKey, aes.encrypt, [v.receiveId]).message).toBe(aes.plain);
      }
      if (v.reply) {
        const { random, plain, encrypt, msg_signature: signature, timestamp, nonce } = v.reply;
        expect(seal(random, plain)).toBe(encrypt);
        expect(verifySignature({ token: v.token, timestamp, nonce, encrypted: encrypt, signature })).toBe(
          true,
        );
      }
    },
  );
});
