import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { serveRequests } from './child';

export interface Latency {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface UnderFlood {
  /** /healthz alone, one request after another. */
  quiet: Latency;
  /** /healthz while `inFlight` hostile callbacks are always on their way. */
  flooded: Latency;
  inFlight: number;
  hostileSent: number;
  /** Statuses the hostile callbacks got: all 4xx, none `success`. */
  hostileStatuses: Record<string, number>;
}

/** A 64 KB CDATA-opener flood with a made-up signature: what once cost 150–280 ms of CPU each. */
function cdataFlood(): Buffer {
  const open = '<xml><Encrypt>';
  const close = '</Encrypt></xml>';
  return Buffer.from(
    open + '<![CDATA['.repeat(Math.floor((65_000 - open.length - close.length) / 9)) + close,
  );
}

/** One request; resolves with its status once the answer is read. */
function send(
  agent: Agent,
  url: URL,
  method: 'GET' | 'POST',
  body?: Buffer,
  headers: Record<string, string> = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method,
        headers: body ? { ...headers, 'content-type': 'text/xml', 'content-length': body.length } : headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function summary(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
  return { requests: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? 0 };
}

/** GETs `url` one after another for `seconds` (or `count` times), timing each from send to end. */
async function latency(
  agent: Agent,
  url: URL,
  opts: { seconds?: number; count?: number; headers?: Record<string, string> },
): Promise<Latency> {
  const times: number[] = [];
  const until = performance.now() + (opts.seconds ?? Infinity) * 1000;
  while (performance.now() < until && times.length < (opts.count ?? Infinity)) {
    const started = performance.now();
    const status = await send(agent, url, 'GET', undefined, opts.headers);
    if (status !== 200) throw new Error(`${url.pathname} answered ${status}`);
    times.push(performance.now() - started);
  }
  return summary(times);
}

/** /healthz alone, then while `inFlight` hostile callbacks to `callbackUrl` are always in flight. */
async function underFlood(callbackUrl: string, seconds: number, inFlight: number): Promise<UnderFlood> {
  const base = new URL(callbackUrl);
  const healthz = new URL('/healthz', base);
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight + 1 });
  try {
    const quiet = await latency(agent, healthz, { seconds });
    const body = cdataFlood();
    const statuses: Record<string, number> = {};
    let sent = 0;
    let stop = false;
    const attacker = async () => {
      while (!stop) {
        const url = new URL(base);
        url.search = new URLSearchParams({
          msg_signature: randomBytes(20).toString('hex'),
          timestamp: String(Math.floor(Date.now() / 1000)),
          nonce: randomBytes(4).toString('hex'),
        }).toString();
        const status = await send(agent, url, 'POST', body);
        statuses[status] = (statuses[status] ?? 0) + 1;
        sent += 1;
      }
    };
    const attackers = Array.from({ length: inFlight }, attacker);
    const flooded = await latency(agent, healthz, { seconds });
    stop = true;
    await Promise.all(attackers);
    return { quiet, flooded, inFlight, hostileSent: sent, hostileStatuses: statuses };
  } finally {
    agent.destroy();
  }
}

serveRequests(async (m) => {
  switch (m.cmd) {
    case 'under-flood':
      return underFlood(m.url as string, m.seconds as number, m.inFlight as number);
    case 'latency': {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const headers = m.headers as Record<string, string> | undefined;
        return await latency(agent, new URL(m.url as string), { count: m.count as number, headers });
      } finally {
        agent.destroy();
      }
    }
    default:
      throw new Error(`unknown command ${String(m.cmd)}`);
  }
});
