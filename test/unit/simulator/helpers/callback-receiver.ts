import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { decrypt, getSignature } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import { readBody } from '../../../../src/simulator/read-body';

export interface ReceivedCallback {
  method: string;
  kind: 'templates' | 'apps';
  suiteId: string;
  query: Record<string, string>;
  outer: Record<string, string>;
  signatureOk: boolean;
  /** Decrypted plaintext and receiver id. */
  message: string;
  receiverId: string;
  fields: Record<string, string>;
}

export type Answer = { status?: number; body?: string; hold?: Promise<void> };

const parser = new XMLParser({ processEntities: false, parseTagValue: false });

/**
 * A tiny stand-in for the bot's gateway: checks the signature, decrypts with @wecom/crypto and
 * records what arrived. `answer` decides each response (hold it to miss the deadline).
 */
export async function startReceiver(secrets: { token: string; encodingAESKey: string }) {
  const received: ReceivedCallback[] = [];
  let answer: (n: number) => Answer = () => ({});
  const app = new Koa();
  app.use(async (ctx) => {
    const match = /^\/wecom\/(templates|apps)\/([^/]+)\/callback$/.exec(ctx.path);
    if (!match) return;
    const query = Object.fromEntries(Object.entries(ctx.query).map(([k, v]) => [k, String(v)]));
    const raw = await readBody(ctx.req);
    const outer: Record<string, string> =
      ctx.method === 'POST' ? (parser.parse(raw) as { xml: Record<string, string> }).xml : {};
    const encrypted = ctx.method === 'POST' ? outer.Encrypt : query.echostr;
    const signature = getSignature(secrets.token, query.timestamp, query.nonce, encrypted);
    const { message, id } = decrypt(secrets.encodingAESKey, encrypted);
    const fields =
      ctx.method === 'POST' ? (parser.parse(message) as { xml: Record<string, string> }).xml : {};
    received.push({
      method: ctx.method,
      kind: match[1] as 'templates' | 'apps',
      suiteId: decodeURIComponent(match[2]),
      query,
      outer,
      signatureOk: signature === query.msg_signature,
      message,
      receiverId: id,
      fields,
    });
    const a = answer(received.length);
    if (a.hold) await a.hold;
    ctx.status = a.status ?? 200;
    ctx.body = a.body ?? (ctx.method === 'GET' ? message : 'success');
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received,
    answerWith(fn: (n: number) => Answer) {
      answer = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
