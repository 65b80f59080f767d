import { performance } from 'node:perf_hooks';
import { decryptPayloadForAnyReceiver } from '../../src/callback/decrypt-payload';
import { eventKey } from '../../src/callback/event-key';
import { extractEncrypt } from '../../src/callback/extract-encrypt';
import { parseXml } from '../../src/callback/parse-xml';
import { toEvent } from '../../src/callback/to-event';
import { verifySignature } from '../../src/callback/verify-signature';
import { serveRequests } from './child';
import { SUITE, textCallbackPool } from './fixtures';

interface Prepared {
  timestamp: string;
  nonce: string;
  signature: string;
  encrypted: string;
  body: string;
}

export interface CryptoResult {
  /** verifySignature + decryptPayload + parseXml + toEvent + eventKey, per second of wall time. */
  opsPerSec: number;
  /** The same per second of this process's CPU time: what one core does when it is not shared. */
  opsPerCpuSec: number;
  /** With Encrypt taken out of the outer envelope first, as the route does. */
  withEnvelopeOpsPerSec: number;
  withEnvelopeOpsPerCpuSec: number;
}

function prepare(size: number): Prepared[] {
  const pool = textCallbackPool({ size, firstMsgId: 1n, corps: 100, timestamp: 1_767_578_400 });
  return pool.map(({ path, body }) => {
    const q = new URLSearchParams(path.slice(path.indexOf('?') + 1));
    return {
      timestamp: q.get('timestamp')!,
      nonce: q.get('nonce')!,
      signature: q.get('msg_signature')!,
      encrypted: extractEncrypt(body),
      body,
    };
  });
}

/** The work of one callback, without HTTP or the store. Throws on anything the route would reject. */
function handleOne(p: Prepared, withEnvelope: boolean): string {
  const encrypted = withEnvelope ? extractEncrypt(p.body) : p.encrypted;
  const ok = verifySignature({
    token: SUITE.token,
    timestamp: p.timestamp,
    nonce: p.nonce,
    encrypted,
    signature: p.signature,
  });
  if (!ok) throw new Error('signature did not verify');
  const payload = decryptPayloadForAnyReceiver(SUITE.encodingAESKey, encrypted);
  const origin = { source: 'app', suiteId: SUITE.suiteId, corpId: payload.receiverId } as const;
  const event = toEvent(parseXml(payload.message), origin);
  return eventKey(event);
}

/** Loops over distinct callbacks for `seconds` after a warm-up; one thread, so one core. */
function measure(pool: Prepared[], seconds: number, withEnvelope: boolean): { wall: number; cpu: number } {
  for (let i = 0; i < 2000; i++) handleOne(pool[i % pool.length]!, withEnvelope);
  let done = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    // A batch between clock reads keeps the timer out of the measurement.
    for (let i = 0; i < 256; i++) handleOne(pool[done++ % pool.length]!, withEnvelope);
  }
  const wallSeconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { wall: done / wallSeconds, cpu: done / ((used.user + used.system) / 1e6) };
}

function runCryptoLoop(seconds: number): CryptoResult {
  const pool = prepare(20_000);
  const bare = measure(pool, seconds, false);
  const withEnvelope = measure(pool, seconds, true);
  return {
    opsPerSec: bare.wall,
    opsPerCpuSec: bare.cpu,
    withEnvelopeOpsPerSec: withEnvelope.wall,
    withEnvelopeOpsPerCpuSec: withEnvelope.cpu,
  };
}

serveRequests(async (m) => runCryptoLoop(Number(m.seconds ?? 3)));
