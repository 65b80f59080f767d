import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  status: number;
  text: string;
}

/** WeCom's answers are a few KiB; anything far larger is not an answer worth reading. */
const MAX_ANSWER_BYTES = 1 << 20;
// Keep-alive: every send would otherwise pay a TCP (and TLS) handshake to qyapi.weixin.qq.com.
const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * One request and its whole answer as text, on node:http rather than fetch: undici's web streams
 * cost several times more CPU per call, and the outbox makes one call per message. A timeout
 * rejects with an error named TimeoutError; transport errors keep their code (ECONNRESET, …).
 */
export function httpExchange(
  url: string,
  opts: { method: 'GET' | 'POST'; body?: string; timeoutMs: number },
): Promise<HttpAnswer> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const agent = target.protocol === 'https:' ? agents['https:'] : agents['http:'];
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: opts.method,
        agent,
        headers:
          opts.body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body) },
      },
      (res) => readAnswer(res).then(resolve, reject),
    );
    const timer = setTimeout(() => {
      req.destroy(
        Object.assign(new Error(`no answer within ${opts.timeoutMs} ms`), { name: 'TimeoutError' }),
      );
    }, opts.timeoutMs);
    req.once('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(opts.body);
  });
}

function readAnswer(res: IncomingMessage): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) res.destroy(new Error('answer too large'));
      else chunks.push(chunk);
    });
    res.on('error', reject);
    res.once('end', () =>
      resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}
