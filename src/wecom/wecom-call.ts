import type { Clock } from '../shared/clock';
import { fullJitter } from '../shared/backoff';
import type { Logger } from '../shared/logger';
import type { CredentialStore, WecomErrorStore } from '../domain/ports/stores';
import type { CorpCredentials } from '../domain/ports/wecom';
import { classify, NO_ERRCODE, SuiteTicketMissingError, WecomApiError } from '../domain/ports/wecom-errors';
import { corpTokenKey, createTokenCache, suiteTokenKey, type TokenCache } from './token-cache';
import { TransportError, type HttpAnswer, type Transport } from './transport';

/** Who a call was for, so errors can be recorded against the enterprise. */
export interface WecomCallContext {
  suiteId?: string;
  corpId?: string;
}

export interface WecomCallOptions {
  /** e.g. https://qyapi.weixin.qq.com (no /cgi-bin); a simulator's URL in tests and demos. */
  apiBase: string;
  /** How requests reach WeCom: the keep-alive pool (http-pool.ts) in the bot. */
  transport: Transport;
  clock: Clock;
  logger: Logger;
  credentials: CredentialStore;
  errors: WecomErrorStore;
  tokenCache?: TokenCache;
  getSuiteSecret(suiteId: string): Promise<string> | string;
  timeoutMs?: number;
  /** Retries after the first try on -1, HTTP 5xx, timeouts and network errors. */
  maxRetries?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told about each permanent failure once it is recorded (e.g. to raise a support alert). */
  onPermanentError?: (err: WecomApiError, ctx: WecomCallContext) => void | Promise<void>;
}

export type Auth = { kind: 'suite'; suiteId: string } | { kind: 'corp'; creds: CorpCredentials };

export interface CallSpec {
  /** Path under /cgi-bin/, also the name logged and recorded. */
  api: string;
  method: 'GET' | 'POST';
  query?: Record<string, string | number>;
  body?: unknown;
  auth?: Auth;
  /** A full URL instead of apiBase + api (the group robot webhook). */
  url?: string;
  ctx: WecomCallContext;
  /** Permanent errcodes the caller handles itself: not recorded, no onPermanentError. */
  expected?: number[];
}

export interface Answer {
  errcode?: number;
  errmsg?: string;
}

export type WecomCall = <T extends Answer>(spec: CallSpec) => Promise<T>;

type Json = Record<string, unknown>;

/**
 * One call to WeCom with WeCom's rules: the token it needs (cached, shared through the store),
 * one retry on an expired token, backoff on busy and network failures, errors recorded and
 * permanent ones reported.
 */
export function createWecomCall(opts: WecomCallOptions): WecomCall {
  const { clock, credentials, errors } = opts;
  const log = opts.logger.child({ name: 'wecom' });
  const apiBase = opts.apiBase.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 5000;
  const maxRetries = opts.maxRetries ?? 3;
  const backoffBaseMs = opts.backoffBaseMs ?? 200;
  const backoffCapMs = opts.backoffCapMs ?? 5000;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const tokens = opts.tokenCache ?? createTokenCache({ credentials, clock, sleep, logger: log });

  const buildUrl = (spec: CallSpec, token: string | undefined): string => {
    if (spec.url) return spec.url;
    const params = new URLSearchParams();
    if (token && spec.auth)
      params.set(spec.auth.kind === 'suite' ? 'suite_access_token' : 'access_token', token);
    for (const [k, v] of Object.entries(spec.query ?? {})) params.set(k, String(v));
    const qs = params.toString();
    return `${apiBase}/cgi-bin/${spec.api}${qs ? `?${qs}` : ''}`;
  };

  /** One HTTP exchange. Transport failures become 'network' errors; the URL (tokens, keys) stays out. */
  const exchange = async (spec: CallSpec, token: string | undefined): Promise<Json> => {
    let res: HttpAnswer;
    try {
      res = await opts.transport({
        method: spec.method,
        url: buildUrl(spec, token),
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        timeoutMs,
      });
    } catch (err) {
      const reason = err instanceof TransportError ? err.message : 'network error';
      throw new WecomApiError(NO_ERRCODE, reason, spec.api, 'network');
    }
    if (res.status >= 500) throw new WecomApiError(NO_ERRCODE, `http ${res.status}`, spec.api, 'network');
    if (res.status === 429) throw new WecomApiError(NO_ERRCODE, 'http 429', spec.api, 'rate_limited');
    if (res.status < 200 || res.status >= 300)
      throw new WecomApiError(NO_ERRCODE, `http ${res.status}`, spec.api, 'permanent');
    try {
      const parsed: unknown = JSON.parse(res.text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Json;
    } catch {
      // A proxy's HTML error page or a cut-off body: WeCom did not really answer.
      log.warn({ api: spec.api }, 'wecom answer unreadable');
    }
    throw new WecomApiError(NO_ERRCODE, 'answer is not a JSON object', spec.api, 'network');
  };

  const record = async (err: WecomApiError, ctx: WecomCallContext): Promise<void> => {
    try {
      await errors.record({
        ...ctx,
        api: err.api,
        errcode: err.errcode,
        errmsg: err.errmsg,
        at: clock.now(),
      });
    } catch (recordErr) {
      log.error({ api: err.api, errcode: err.errcode, err: recordErr }, 'recording wecom error failed');
    }
  };

  const tokenKey = (auth: Auth): string =>
    auth.kind === 'suite' ? suiteTokenKey(auth.suiteId) : corpTokenKey(auth.creds.suiteId, auth.creds.corpId);

  const tokenFor = (auth: Auth): Promise<string> =>
    auth.kind === 'suite' ? suiteToken(auth.suiteId) : corpToken(auth.creds);

  /** A call with WeCom's rules: one retry on an expired token, backoff on busy/network, stop otherwise. */
  const call = async <T extends Answer>(spec: CallSpec): Promise<T> => {
    let failures = 0;
    let tokenRetried = false;
    for (;;) {
      const token = spec.auth ? await tokenFor(spec.auth) : undefined;
      let err: WecomApiError;
      try {
        const json = (await exchange(spec, token)) as T;
        // Some APIs return errcode only on failure (api-notes §4.2): missing means success.
        const errcode = typeof json.errcode === 'number' ? json.errcode : 0;
        if (errcode === 0) return json;
        err = new WecomApiError(errcode, String(json.errmsg ?? ''), spec.api, classify(errcode));
      } catch (caught) {
        if (!(caught instanceof WecomApiError)) throw caught;
        err = caught;
      }

      const logFields = { api: spec.api, errcode: err.errcode, disposition: err.disposition, ...spec.ctx };
      switch (err.disposition) {
        case 'token_expired':
        case 'suite_token_expired':
          if (spec.auth && token && !tokenRetried) {
            tokenRetried = true;
            log.warn(logFields, 'wecom token rejected; refreshing once');
            await tokens.invalidate(tokenKey(spec.auth), token);
            continue;
          }
          log.error(logFields, 'wecom token rejected again after a refresh');
          throw err;
        case 'busy':
        case 'network':
          failures += 1;
          if (failures > maxRetries) {
            log.error({ ...logFields, failures }, 'wecom call gave up after retries');
            if (err.errcode !== NO_ERRCODE) await record(err, spec.ctx);
            throw err;
          }
          log.warn({ ...logFields, failures }, 'wecom call failed; retrying');
          await sleep(fullJitter(failures, { baseMs: backoffBaseMs, capMs: backoffCapMs }, random));
          continue;
        case 'rate_limited':
          log.warn(logFields, 'wecom rate limit');
          if (err.errcode !== NO_ERRCODE) await record(err, spec.ctx);
          throw err;
        case 'permanent':
          if (spec.expected?.includes(err.errcode)) throw err;
          log.error({ ...logFields, errmsg: err.errmsg }, 'wecom permanent error');
          await record(err, spec.ctx);
          if (opts.onPermanentError) {
            try {
              await opts.onPermanentError(err, spec.ctx);
            } catch (hookErr) {
              log.error({ ...logFields, err: hookErr }, 'onPermanentError failed');
            }
          }
          throw err;
      }
    }
  };

  const suiteToken = (suiteId: string): Promise<string> =>
    tokens.get(suiteTokenKey(suiteId), async () => {
      const ticket = await credentials.getSuiteTicket(suiteId);
      if (!ticket) throw new SuiteTicketMissingError(suiteId);
      const json = await call<Answer & { suite_access_token?: string; expires_in?: number }>({
        api: 'service/get_suite_token',
        method: 'POST',
        body: {
          suite_id: suiteId,
          suite_secret: await opts.getSuiteSecret(suiteId),
          suite_ticket: ticket.ticket,
        },
        ctx: { suiteId },
      });
      return {
        token: requireToken(json.suite_access_token, 'service/get_suite_token'),
        expiresInSec: json.expires_in ?? 7200,
      };
    });

  // 代开发 apps get their token from gettoken with the permanent code as corpsecret (api-notes §4.4).
  const corpToken = (creds: CorpCredentials): Promise<string> =>
    tokens.get(corpTokenKey(creds.suiteId, creds.corpId), async () => {
      const { suiteId, corpId } = creds;
      const json = await call<Answer & { access_token?: string; expires_in?: number }>({
        api: 'gettoken',
        method: 'GET',
        query: { corpid: corpId, corpsecret: creds.permanentCode() },
        ctx: { suiteId, corpId },
      });
      return { token: requireToken(json.access_token, 'gettoken'), expiresInSec: json.expires_in ?? 7200 };
    });

  return call;
}

function requireToken(token: string | undefined, api: string): string {
  if (!token) throw new WecomApiError(NO_ERRCODE, 'answer lacks the token', api, 'network');
  return token;
}
