import Koa from 'koa';
import type * as Decrypt from '../../src/callback/decrypt-payload';
import type * as Extract from '../../src/callback/extract-encrypt';
import type * as Parse from '../../src/callback/parse-xml';
import type * as ReadBody from '../../src/callback/read-capped-body';
import type * as ToEvent from '../../src/callback/to-event';
import type * as Verify from '../../src/callback/verify-signature';
import { built } from './built';
import { SUITE } from './fixtures';

// The same build as the bot's (see built.ts).
const { decryptPayloadForAnyReceiver } = built<typeof Decrypt>('callback/decrypt-payload');
const { extractEncrypt } = built<typeof Extract>('callback/extract-encrypt');
const { parseXml } = built<typeof Parse>('callback/parse-xml');
const { readCappedBody } = built<typeof ReadBody>('callback/read-capped-body');
const { toEvent } = built<typeof ToEvent>('callback/to-event');
const { verifySignature } = built<typeof Verify>('callback/verify-signature');

const BODY_LIMIT = 64 * 1024;

/**
 * The floor: the least any honest receiver does with a callback, built from the bot's own
 * src/callback functions. koa reads the body, the signature is verified, the payload decrypted and
 * parsed into a typed event, and `success` answered; nothing is looked up, recorded or handled.
 */
export function floorApp(): Koa {
  const app = new Koa();
  app.use(async (ctx) => {
    const q = ctx.query as Record<string, string>;
    const encrypted = extractEncrypt(await readCappedBody(ctx.req, BODY_LIMIT));
    const signed = verifySignature({
      token: SUITE.token,
      timestamp: q.timestamp!,
      nonce: q.nonce!,
      encrypted,
      signature: q.msg_signature!,
    });
    if (!signed) throw new Error('the floor got a callback that does not verify');
    const payload = decryptPayloadForAnyReceiver(SUITE.encodingAESKey, encrypted);
    toEvent(parseXml(payload.message), { source: 'app', suiteId: SUITE.suiteId, corpId: payload.receiverId });
    ctx.type = 'text/plain';
    ctx.body = 'success';
  });
  return app;
}
