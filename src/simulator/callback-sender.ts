import type { Logger } from '../shared/logger';
import type { CallbackOutcome } from './sim-types';

export interface CallbackRequest {
  method: 'GET' | 'POST';
  url: string;
  query: Record<string, string>;
  body?: string;
  /** The answer that counts as received: `success` for events, the plaintext echostr for GET. */
  expect: string;
}

export interface CallbackSender {
  send(request: CallbackRequest): Promise<CallbackOutcome>;
}

/**
 * Delivers a sealed callback like WeCom: an attempt that does not get a 2xx with the expected body
 * within the deadline is tried again, up to `attempts` in all. The same signed request is resent.
 */
export function createCallbackSender(opts: {
  deadlineMs: number;
  attempts: number;
  logger: Logger;
}): CallbackSender {
  const { deadlineMs, attempts, logger } = opts;

  const attempt = async (req: CallbackRequest): Promise<Omit<CallbackOutcome, 'attempts'>> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), deadlineMs);
    try {
      const res = await fetch(`${req.url}?${new URLSearchParams(req.query).toString()}`, {
        method: req.method,
        headers: req.body === undefined ? {} : { 'content-type': 'text/xml; charset=utf-8' },
        body: req.body,
        signal: controller.signal,
      });
      const body = await res.text();
      const ok = res.status >= 200 && res.status < 300 && body === req.expect;
      return { ok, status: res.status, body, ...(ok ? {} : { error: 'bad_answer' as const }) };
    } catch (err) {
      const timedOut = controller.signal.aborted;
      if (!timedOut) logger.debug({ err }, 'callback attempt failed');
      return { ok: false, status: null, body: '', error: timedOut ? 'timeout' : 'network' };
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async send(req) {
      let last: Omit<CallbackOutcome, 'attempts'> = { ok: false, status: null, body: '' };
      for (let n = 1; n <= attempts; n += 1) {
        last = await attempt(req);
        if (last.ok) return { ...last, attempts: n };
        logger.warn(
          { url: req.url, attempt: n, status: last.status, error: last.error },
          'callback not acknowledged',
        );
      }
      return { ...last, attempts };
    },
  };
}
