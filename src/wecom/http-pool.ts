import http from 'node:http';
import https from 'node:https';
import { TransportError, type HttpExchange, type HttpAnswer, type Transport } from './transport';

/** WeCom's answers are small JSON objects; anything this large is not one. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export interface HttpPoolOptions {
  /** Connections open at once per host. */
  maxSockets?: number;
  /** An idle connection is closed after this long, before a server would close it under us. */
  idleTimeoutMs?: number;
}

export interface HttpPool {
  transport: Transport;
  /** Closes every connection, idle or not. */
  close(): void;
}

/**
 * WeCom over node:http with keep-alive connections. Fetch's web streams cost more CPU per send
 * than answering a callback does; a plain request on a reused connection costs a fraction.
 */
export function createHttpPool(opts: HttpPoolOptions = {}): HttpPool {
  const agentOptions = {
    keepAlive: true,
    maxSockets: opts.maxSockets ?? 64,
    maxFreeSockets: opts.maxSockets ?? 64,
    // The agent applies this to free sockets only; a request in flight has its own timer.
    timeout: opts.idleTimeoutMs ?? 15_000,
    scheduling: 'lifo' as const,
  };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  const transport: Transport = (exchange) => {
    let url: URL;
    try {
      url = new URL(exchange.url);
    } catch {
      return Promise.reject(new TransportError('network error bad URL'));
    }
    const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : undefined;
    if (!protocol) return Promise.reject(new TransportError(`network error protocol ${url.protocol}`));
    return send(protocol, url, exchange);
  };

  const send = (protocol: 'http:' | 'https:', url: URL, exchange: HttpExchange): Promise<HttpAnswer> =>
    new Promise((resolve, reject) => {
      const body = exchange.body === undefined ? undefined : Buffer.from(exchange.body, 'utf8');
      const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
      if (body) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = body.length;
      }
      let settled = false;
      let req: http.ClientRequest | undefined;
      // One timer for the whole exchange: a server that stalls mid-answer is as late as one that never answers.
      const timer = setTimeout(() => fail('timeout'), exchange.timeoutMs);
      const finish = (outcome: () => void): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        outcome();
        return true;
      };
      const fail = (reason: string): void => {
        // A connection left mid-exchange cannot carry the next request: it is destroyed, not reused.
        if (finish(() => reject(new TransportError(reason)))) req?.destroy();
      };

      const lib = protocol === 'https:' ? https : http;
      try {
        req = lib.request(url, { method: exchange.method, headers, agent: agents[protocol] }, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) fail('answer too large');
            else chunks.push(chunk);
          });
          res.on('end', () =>
            finish(() =>
              resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
            ),
          );
          res.on('error', (err) => fail(reasonOf(err)));
          res.on('close', () => {
            if (!res.complete) fail('network error connection closed mid-answer');
          });
        });
      } catch (err) {
        fail(reasonOf(err as Error));
        return;
      }
      // Attached before the request can reach a socket, so no failure goes unheard.
      req.on('error', (err) => fail(reasonOf(err)));
      req.end(body);
    });

  return {
    transport,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

function reasonOf(err: Error): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `network error ${code}` : `network error ${err.name}`;
}
