import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { serveRequests } from './child';
import { textCallbackPool, type SealedRequest } from './fixtures';

export interface LoadRequest {
  url: string;
  connections: number;
  /** Seconds; or `amount` requests in all. */
  duration?: number;
  amount?: number;
  /** Requests per second over all connections; absent means as fast as the server answers. */
  overallRate?: number;
  pool: PoolSpec;
}

export interface PoolSpec {
  size: number;
  firstMsgId: string;
  corps: number;
}

/** Pools sealed ahead by `prepare`, by first MsgId: sealing 200,000 takes seconds of its own. */
const prepared = new Map<string, SealedRequest[]>();

/** The pool `spec` names: made ahead by `prepare`, or sealed now with the current time. */
function poolFor(spec: PoolSpec): SealedRequest[] {
  const ready = prepared.get(spec.firstMsgId);
  prepared.delete(spec.firstMsgId);
  return (
    ready ??
    textCallbackPool({
      size: spec.size,
      firstMsgId: BigInt(spec.firstMsgId),
      corps: spec.corps,
      timestamp: Math.floor(Date.now() / 1000),
    })
  );
}

export interface LoadResult {
  rps: number;
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  /** More requests went out than the pool holds: some were repeats (dedupe answers them faster). */
  wrapped: boolean;
}

/** Sends the pool's sealed callbacks in order, one per request, shared by every connection. */
async function run(req: LoadRequest): Promise<LoadResult> {
  const pool = poolFor(req.pool);
  let next = 0;
  const result = await autocannon({
    url: req.url,
    connections: req.connections,
    ...(req.amount !== undefined ? { amount: req.amount } : { duration: req.duration ?? 10 }),
    // With a rate, autocannon backfills latencies assuming a 1 ms send interval whatever the rate
    // per connection (about 30/s here), which inflates the tail; report the response times as measured.
    ...(req.overallRate !== undefined && { overallRate: req.overallRate, ignoreCoordinatedOmission: true }),
    verifyBody: (body) => body === 'success',
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        setupRequest: (r) => {
          const sealed = pool[next++ % pool.length]!;
          return { ...r, path: sealed.path, body: sealed.body };
        },
      },
    ],
  });
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000;
  return {
    rps: result.requests.total / seconds,
    requests: result.requests.total,
    seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    wrapped: next > pool.length,
  };
}

export interface SteadyResult {
  sent: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Counted from when the request actually left: a gap to p99Ms means the generator fell behind. */
  p99FromSendMs: number;
  /** Answers that were not 200 `success`, and requests that got no answer. */
  bad: number;
}

/**
 * Open-loop load: request i leaves at start + i / rate whatever the earlier ones are doing, as
 * callbacks from many WeCom servers would. autocannon's overallRate instead lets each connection
 * send its quota for the second back to back and then wait, which keeps the server saturated for
 * part of every second. Latency counts from the planned departure, so a late send is not hidden.
 */
async function steady(req: LoadRequest & { overallRate: number }): Promise<SteadyResult> {
  const total = Math.floor(req.overallRate * (req.duration ?? 10));
  const pool = poolFor({ ...req.pool, size: Math.max(total, req.pool.size) });
  const url = new URL(req.url);
  const agent = new Agent({ keepAlive: true, maxSockets: req.connections });
  const latencies: number[] = [];
  const fromSend: number[] = [];
  let bad = 0;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    let sent = 0;
    let answered = 0;
    const finish = (planned: number, left: number, ok: boolean) => {
      const now = performance.now();
      latencies.push(now - planned);
      fromSend.push(now - left);
      if (!ok) bad += 1;
      if (++answered === total) resolve();
    };
    const send = (i: number) => {
      const planned = start + (i / req.overallRate) * 1000;
      const left = performance.now();
      const { path, body } = pool[i]!;
      const headers = { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(body) };
      const out = request(
        { agent, host: url.hostname, port: url.port, method: 'POST', path, headers },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => finish(planned, left, res.statusCode === 200 && text === 'success'));
        },
      );
      out.on('error', () => finish(planned, left, false));
      out.end(body);
    };
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * req.overallRate) + 1);
      while (sent < due) send(sent++);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  const at = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
  };
  return {
    sent: total,
    p50Ms: at(latencies, 0.5),
    p99Ms: at(latencies, 0.99),
    maxMs: at(latencies, 1),
    p99FromSendMs: at(fromSend, 0.99),
    bad,
  };
}

serveRequests(async (m) => {
  switch (m.cmd) {
    case 'run':
      return run(m as unknown as LoadRequest);
    case 'steady':
      return steady(m as unknown as LoadRequest & { overallRate: number });
    case 'prepare': {
      // Only for a server that does not check the timestamp's age (the memory phase).
      const spec = m.pool as PoolSpec;
      prepared.set(spec.firstMsgId, poolFor(spec));
      return spec.size;
    }
    default:
      throw new Error(`unknown command ${String(m.cmd)}`);
  }
});
