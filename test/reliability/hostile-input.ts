import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { getSignature } from '@wecom/crypto';
import { sealCallback, type SealedCallback } from '../../src/callback/seal-callback';
import { forgeEncrypt, pkcs7To32 } from '../helpers/callback-fixtures';
import { SUITE, xml } from './harness';

/** Bodies stay under the 64 KiB limit so they reach the parser; a few go over to meet the cap. */
export const BODY_LIMIT = 65_536;
const NEAR_LIMIT = 60_000;

export interface Secrets {
  token: string;
  encodingAESKey: string;
}

export type Query = Record<string, string | string[]>;

/** Repeats `unit` up to about `bytes` long. */
function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
}

/** Mostly small, one in five up to the limit: the big ones are slow to send and few find more. */
const size = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 2000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2000, max: NEAR_LIMIT }) },
);

/** Named kinds of input: a quick run tries each kind, however few repetitions it can afford. */
export type Kinds<T> = Record<string, fc.Arbitrary<T>>;

/**
 * Documents built to hurt a parser: entity expansion, floods of numeric and named entities,
 * huge attributes, deep nesting, wide siblings, comments, PIs and CDATA openers, at any size up
 * to the body limit.
 */
export const hostileXmlKinds: Kinds<string> = {
  'billion laughs': fc
    .tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 }))
    .map(([depth, width]) => {
      // Each entity refers to the previous one `width` times.
      const entities = Array.from({ length: depth }, (_, i) =>
        i === 0 ? '<!ENTITY e0 "lol">' : `<!ENTITY e${i} "${`&e${i - 1};`.repeat(width)}">`,
      ).join('');
      return `<?xml version="1.0"?><!DOCTYPE xml [${entities}]><xml><Encrypt>&e${depth - 1};</Encrypt></xml>`;
    }),
  'hex entity flood': size.map((n) => `<xml><Encrypt>${fill('&#x41;', n)}</Encrypt></xml>`),
  'out-of-range entity flood': size.map((n) => `<xml><Encrypt>${fill('&#1114111;&#0;', n)}</Encrypt></xml>`),
  'named entity flood': size.map((n) => `<xml><Encrypt>${fill('&lt;&amp;&quot;', n)}</Encrypt></xml>`),
  'huge attribute': size.map((n) => `<xml a="${fill('x', n)}"><Encrypt>a</Encrypt></xml>`),
  'many attributes': size.map((n) => `<xml ${fill('a="1" ', n)}><Encrypt>a</Encrypt></xml>`),
  'unterminated attribute': size.map((n) => `<xml a="${fill('x', n)}`),
  'deep nesting': size.map((n) => `<xml>${fill('<a>', n / 2)}${fill('</a>', n / 2)}</xml>`),
  'unclosed nesting': size.map((n) => `<xml>${fill('<a>', n)}`),
  'wide siblings': fc.integer({ min: 1, max: 2000 }).map((n) => `<xml>${'<a>x</a>'.repeat(n)}</xml>`),
  'comment flood': size.map((n) => `<xml>${fill('<!-- c -->', n)}<Encrypt>a</Encrypt></xml>`),
  'processing instruction flood': size.map((n) => `<xml>${fill('<?p x?>', n)}<Encrypt>a</Encrypt></xml>`),
  'CDATA openers': size.map((n) => `<xml>${fill('<![CDATA[', n / 4)}</xml>`),
  'CDATA of brackets': size.map((n) => `<xml><Encrypt><![CDATA[${fill(']]', n)}]]></Encrypt></xml>`),
  'huge tag name': size.map((n) => `<${fill('x', n)}>`),
};

/** Hostile documents that need no generator: every run sends each of them. */
export const FIXED_HOSTILE_XML: readonly string[] = [
  '<!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Encrypt>&x;</Encrypt></xml>',
  '<!doctype xml [<!ENTITY % p SYSTEM "http://169.254.169.254/">%p;]><xml/>',
  '<xml><!DOCTYPE x><Encrypt>a</Encrypt></xml>',
  '<xml><Encrypt><![CDATA[a]]><!ENTITY x "y"></Encrypt></xml>',
  '<xml><__proto__><polluted>1</polluted></__proto__></xml>',
  '<xml><constructor><prototype>1</prototype></constructor></xml>',
  '<xml><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>',
  '<xml><Encrypt><Encrypt>a</Encrypt></Encrypt></xml>',
  '<xml></xml><xml></xml>',
  '<xml>',
  '</xml>',
  '',
  '\uFEFF<xml/>',
];

/** XML-shaped noise: random trees of WeCom's and hostile names, text, CDATA, entities, attributes. */
export const randomXml: fc.Arbitrary<string> = fc
  .letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.string({ maxLength: 40 }),
      fc.string({ maxLength: 40 }).map((s) => `<![CDATA[${s}]]>`),
      fc.constantFrom('&amp;', '&#65;', '&#x1F600;', '&unknown;', '&', '<', ']]>', '<!-- x -->', '<?pi?>'),
      fc
        .tuple(
          fc.constantFrom(
            'xml',
            'Encrypt',
            'ToUserName',
            'AgentID',
            'MsgType',
            'a',
            '__proto__',
            'x:y',
            '1x',
          ),
          fc.string({ maxLength: 12 }),
          fc.array(tie('node'), { maxLength: 4 }),
        )
        .map(
          ([name, attr, children]) => `<${name}${attr ? ` a="${attr}"` : ''}>${children.join('')}</${name}>`,
        ),
    ),
  }))
  .node.map((inner) => `<xml>${inner}</xml>`);

/** Any body at all: text, raw bytes, XML noise, hostile documents (FIXED_HOSTILE_XML besides). */
export const anyBodyKinds: Kinds<string | Buffer> = {
  'binary text': fc.string({ unit: 'binary', maxLength: 2000 }),
  'raw bytes': fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
  'XML noise': randomXml,
  ...hostileXmlKinds,
};

const hex40 = fc.stringMatching(/^[0-9a-f]{40}$/);

/** Parameters WeCom would send, or near misses of them. */
export function plausibleQuery(nowSeconds: number): fc.Arbitrary<Query> {
  return fc.record({
    msg_signature: fc.oneof(hex40, fc.string({ maxLength: 60 })),
    timestamp: fc.oneof(
      fc.constant(String(nowSeconds)),
      fc.integer({ min: -1e6, max: 1e6 }).map((d) => String(nowSeconds + d)),
      fc.string({ maxLength: 20 }),
    ),
    nonce: fc.string({ maxLength: 20 }),
  });
}

/** A parameter value replaced by something WeCom never sends. */
const badValue: fc.Arbitrary<string | string[] | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(''),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => [a, b]),
  // Long, but the request line stays under Node's 16 KiB header limit: past it Node answers 431
  // before the app sees the request, which is Node's doing, not the bot's.
  fc.integer({ min: 1, max: 4000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('-1', '1e9', '0x10', '١٢٣', '99999999999999999999', ' 1', 'NaN'),
);

/** The query of a valid callback with at least one of its parameters replaced, plus stray extras. */
export function brokenQuery(valid: Record<string, string>): fc.Arbitrary<Query> {
  const names = Object.keys(valid);
  return fc
    .tuple(
      fc.subarray(names, { minLength: 1 }),
      fc.array(badValue, { minLength: names.length, maxLength: names.length }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
    )
    .map(([broken, values, extra]) => {
      const query: Query = {};
      for (const [k, v] of Object.entries(extra)) if (!names.includes(k)) query[k] = v;
      names.forEach((name, i) => {
        const value = broken.includes(name) ? values[i] : valid[name];
        if (value !== undefined) query[name] = value;
      });
      return query;
    })
    .filter((q) => names.some((n) => JSON.stringify(q[n]) !== JSON.stringify(valid[n])));
}

/** The ways one edit changes a string: a character changed, dropped or added, or the end cut off. */
export const EDITS = ['change', 'drop', 'add', 'cut'] as const;
export type Edit = (typeof EDITS)[number];

/** `original` with one edit of this kind anywhere in it. */
export function mutated(original: string, how: Edit): fc.Arbitrary<string> {
  return fc
    .tuple(fc.nat({ max: original.length - 1 }), fc.string({ minLength: 1, maxLength: 3 }))
    .map(([at, text]) => {
      switch (how) {
        case 'change':
          return original.slice(0, at) + text + original.slice(at + 1);
        case 'drop':
          return original.slice(0, at) + original.slice(at + 1);
        case 'add':
          return original.slice(0, at) + text + original.slice(at);
        case 'cut':
          return original.slice(0, at);
      }
    })
    .filter((s) => s !== original);
}

/** A POST body around an Encrypt value, as WeCom wraps it. */
export function envelope(encrypted: string, toUserName = 'x'): string {
  return `<xml><ToUserName><![CDATA[${toUserName}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
}

/** A ciphertext signed correctly, so the checks after the signature are the ones that must hold. */
export function signed(secrets: Secrets, encrypted: string, timestamp: number): SealedCallback {
  const ts = String(timestamp);
  const nonce = randomBytes(4).toString('hex');
  return {
    query: { msg_signature: getSignature(secrets.token, ts, nonce, encrypted), timestamp: ts, nonce },
    body: envelope(encrypted),
    encrypted,
  };
}

/**
 * Ciphertexts that must never decrypt to an event, each signed correctly: random bytes, a real
 * ciphertext with its first or last block flipped (the length prefix and the root tag, or the
 * padding and the receiver id), cut, extended, re-encoded loosely, or built from parts that lie.
 */
export function badCiphertextKinds(secrets: Secrets, real: () => string, receiverId: string): Kinds<string> {
  const bytes = (b64: string) => Buffer.from(b64, 'base64');
  return {
    'random bytes': fc
      .uint8Array({ minLength: 0, maxLength: 4096 })
      .map((a) => Buffer.from(a).toString('base64')),
    'first or last block flipped': fc
      .tuple(fc.nat({ max: 15 }), fc.integer({ min: 1, max: 255 }), fc.boolean())
      .map(([at, mask, last]) => {
        const c = bytes(real());
        c[last ? c.length - 16 + at : at]! ^= mask;
        return c.toString('base64');
      }),
    cut: fc.integer({ min: 0, max: 200 }).map((cut) => {
      const c = bytes(real());
      return c.subarray(0, Math.max(0, c.length - 1 - cut)).toString('base64');
    }),
    extended: fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .map((extra) => Buffer.concat([bytes(real()), Buffer.from(extra)]).toString('base64')),
    'loosely encoded': fc
      .tuple(fc.nat({ max: 400 }), fc.constantFrom(' ', '\n', '=', '*', '-', '_', '%3D', '=='))
      .map(([at, junk]) => {
        const c = real();
        const i = at % c.length;
        return c.slice(0, i) + junk + c.slice(i);
      }),
    'not base64': fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
    ...forgedCiphertextKinds(secrets, receiverId),
  };
}

/** Well-encrypted plaintexts whose framing lies: padding, length prefix, receiver id, UTF-8. */
function forgedCiphertextKinds(secrets: Secrets, receiverId: string): Kinds<string> {
  const msg = xml({ ToUserName: receiverId, MsgType: 'text', Content: 'x', MsgId: '1', AgentID: 1 });
  return {
    'padding of the wrong value': fc
      .integer({ min: 0, max: 255 })
      .filter((p) => p === 0 || p > 32)
      .map((p) =>
        forgeEncrypt(secrets.encodingAESKey, { msg, receiverId, pad: (n) => Buffer.alloc(32 - (n % 32), p) }),
      ),
    'padding of mixed bytes': fc.integer({ min: 1, max: 31 }).map((p) =>
      forgeEncrypt(secrets.encodingAESKey, {
        msg,
        receiverId,
        pad: (n) => Buffer.concat([Buffer.alloc(32 - (n % 32) - 1, p === 1 ? 2 : 1), Buffer.from([p])]),
      }),
    ),
    'length prefix past the end': fc
      .integer({ min: msg.length + 1, max: 2 ** 32 - 1 })
      .map((lengthPrefix) => forgeEncrypt(secrets.encodingAESKey, { msg, receiverId, lengthPrefix })),
    'another receiver id': fc
      .string({ maxLength: 30 })
      .filter((r) => r !== receiverId)
      .map((other) => forgeEncrypt(secrets.encodingAESKey, { msg, receiverId: other })),
    'invalid UTF-8': fc.uint8Array({ minLength: 1, maxLength: 8 }).map((junk) =>
      forgeEncrypt(secrets.encodingAESKey, {
        msg: Buffer.concat([Buffer.from(msg), Buffer.from([0xc3, 0x28]), Buffer.from(junk)]),
        receiverId,
        pad: pkcs7To32,
      }),
    ),
  };
}

/** A hostile plaintext, encrypted and signed correctly for `receiverId`: only the XML checks stand. */
export function sealedPlaintext(plain: string, receiverId: string, timestamp: number): SealedCallback {
  return sealCallback(
    plain,
    { token: SUITE.token, encodingAESKey: SUITE.encodingAESKey, receiverId },
    { timestamp },
  );
}
