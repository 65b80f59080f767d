import Koa from 'koa';
import { decryptPayloadForAnyReceiver } from '../../src/callback/decrypt-payload';
import { extractEncrypt } from '../../src/callback/extract-encrypt';
import { parseXml } from '../../src/callback/parse-xml';
import { readCappedBody } from '../../src/callback/read-capped-body';
import { toEvent } from '../../src/callback/to-event';
import { verifySignature } from '../../src/callback/verify-signature';
import { SUITE } from './fixtures';

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
