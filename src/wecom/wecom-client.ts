import type { Visibility } from '../domain/model';
import type { Clock } from '../shared/clock';
import { fullJitter } from '../shared/backoff';
import { NotFoundError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import type { CredentialStore, WecomErrorStore } from '../domain/ports/stores';
import { classify, NO_ERRCODE, SuiteTicketMissingError, WecomApiError } from '../domain/ports/wecom-errors';
import { corpTokenKey, createTokenCache, suiteTokenKey, type TokenCache } from './token-cache';
import type {
  AdminInfo,
  AgentInfo,
  AuthInfo,
  CorpApi,
  CorpCredentials,
  PermanentCodeResult,
  SendResult,
  WecomClient,
} from '../domain/ports/wecom';

/** Who a call was for, so errors can be recorded against the enterprise. */
export interface WecomCallContext {
  suiteId?: string;
  corpId?: string;
}

export interface WecomClientOptions {
  /** e.g. https://qyapi.weixin.qq.com (no /cgi-bin); a simulator's URL in tests and demos. */
  apiBase: string;
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
  /** message/send duplicate_check_interval in seconds; WeCom allows at most 4 h. */
  duplicateCheckIntervalSec?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Told about each permanent failure once it is recorded (e.g. to raise a support alert). */
  onPermanentError?: (err: WecomApiError, ctx: WecomCallContext) => void | Promise<void>;
}

/** Read-only calls that need a custom permission; a 48002 says it is not granted (yet). */
export const PROBES: Record<string, { method: 'GET' | 'POST'; api: string; body?: Record<string, unknown> }> =
  {
    get_follow_user_list: { method: 'GET', api: 'externalcontact/get_follow_user_list' },
  };

const MAX_DUPLICATE_CHECK_SEC = 4 * 3600;

type Auth = { kind: 'suite'; suiteId: string } | { kind: 'corp'; creds: CorpCredentials };

interface CallSpec {
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

type Json = Record<string, unknown>;

interface Answer {
  errcode?: number;
  errmsg?: string;
}

export function createWecomClient(opts: WecomClientOptions): WecomClient {
  const { clock, credentials, errors } = opts;
  const log = opts.logger.child({ name: 'wecom' });
  const apiBase = opts.apiBase.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 5000;
  const maxRetries = opts.maxRetries ?? 3;
  const backoffBaseMs = opts.backoffBaseMs ?? 200;
  const backoffCapMs = opts.backoffCapMs ?? 5000;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const duplicateCheckIntervalSec = opts.duplicateCheckIntervalSec ?? MAX_DUPLICATE_CHECK_SEC;
  if (duplicateCheckIntervalSec < 1 || duplicateCheckIntervalSec > MAX_DUPLICATE_CHECK_SEC) {
    throw new RangeError('duplicateCheckIntervalSec must be between 1 and 14400 (WeCom allows at most 4 h)');
  }
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
    let res: Response;
    try {
      res = await fetch(buildUrl(spec, token), {
        method: spec.method,
        headers: spec.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new WecomApiError(NO_ERRCODE, transportReason(err), spec.api, 'network');
    }
    if (res.status >= 500) throw new WecomApiError(NO_ERRCODE, `http ${res.status}`, spec.api, 'network');
    if (res.status === 429) throw new WecomApiError(NO_ERRCODE, 'http 429', spec.api, 'rate_limited');
    if (!res.ok) throw new WecomApiError(NO_ERRCODE, `http ${res.status}`, spec.api, 'permanent');
    try {
      const parsed: unknown = JSON.parse(await res.text());
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Json;
    } catch (err) {
      // A proxy's HTML error page or a cut-off body: WeCom did not really answer.
      log.warn({ api: spec.api, err: transportReason(err) }, 'wecom answer unreadable');
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

  const forCorp = (creds: CorpCredentials): CorpApi => {
    const { suiteId, corpId } = creds;
    const auth: Auth = { kind: 'corp', creds };
    const ctx = { suiteId, corpId };
    const agentId = async (): Promise<number> => {
      if (creds.agentId === undefined) throw new NotFoundError(`agent id of ${suiteId}/${corpId}`);
      return creds.agentId;
    };

    return {
      async getAgent(): Promise<AgentInfo> {
        const json = await call<AgentGetAnswer>({
          api: 'agent/get',
          method: 'GET',
          query: { agentid: await agentId() },
          auth,
          ctx,
        });
        return {
          agentId: json.agentid,
          name: json.name ?? '',
          visibility: {
            users: (json.allow_userinfos?.user ?? []).map((u) => u.userid),
            parties: json.allow_partys?.partyid ?? [],
            tags: json.allow_tags?.tagid ?? [],
          },
          closed: json.close === 1,
          publishStatus: json.customized_publish_status,
        };
      },

      async getAdminList(): Promise<AdminInfo[]> {
        const agentid = await agentId();
        let json: AdminListAnswer;
        try {
          json = await call<AdminListAnswer>({
            api: 'agent/get_admin_list',
            method: 'POST',
            body: { agentid },
            auth,
            ctx,
            expected: [48002],
          });
        } catch (err) {
          if (!(err instanceof WecomApiError && err.errcode === 48002)) throw err;
          // The app token may lack the permission; the template's suite token asks on its behalf.
          log.info({ ...ctx }, 'agent/get_admin_list refused; trying service/get_admin_list');
          json = await call<AdminListAnswer>({
            api: 'service/get_admin_list',
            method: 'POST',
            body: { auth_corpid: corpId, agentid },
            auth: { kind: 'suite', suiteId },
            ctx,
          });
        }
        return (json.admin ?? []).map((a) => ({
          userId: a.userid ?? a.open_userid ?? '',
          authType: a.auth_type,
        }));
      },

      async sendMessage(body): Promise<SendResult> {
        const json = await call<SendAnswer>({
          api: 'message/send',
          method: 'POST',
          // The duplicate check makes a resend after a crash (sent, not yet marked) a no-op at WeCom.
          body: {
            ...body,
            agentid: await agentId(),
            enable_duplicate_check: 1,
            duplicate_check_interval: duplicateCheckIntervalSec,
          },
          auth,
          ctx,
        });
        const result: SendResult = {
          msgId: json.msgid || undefined,
          responseCode: json.response_code || undefined,
          invalidUsers: splitIds(json.invaliduser),
          unlicensedUsers: splitIds(json.unlicenseduser),
        };
        if (result.invalidUsers.length || result.unlicensedUsers.length) {
          log.warn(
            { ...ctx, invalid: result.invalidUsers.length, unlicensed: result.unlicensedUsers.length },
            'message/send skipped some recipients',
          );
        }
        return result;
      },

      async updateTemplateCard(body): Promise<void> {
        await call({
          api: 'message/update_template_card',
          method: 'POST',
          body: { ...body, agentid: await agentId() },
          auth,
          ctx,
        });
      },

      async probe(name): Promise<void> {
        const probe = PROBES[name];
        if (!probe) throw new RangeError(`unknown probe: ${name}`);
        // 48002 is the answer a probe looks for, not an incident.
        await call({ api: probe.api, method: probe.method, body: probe.body, auth, ctx, expected: [48002] });
      },
    };
  };

  return {
    async getPermanentCode(suiteId, authCode): Promise<PermanentCodeResult> {
      const json = await call<PermanentCodeAnswer>({
        api: 'service/v2/get_permanent_code',
        method: 'POST',
        body: { auth_code: authCode },
        auth: { kind: 'suite', suiteId },
        ctx: { suiteId },
      });
      if (!json.permanent_code || !json.auth_corp_info?.corpid) {
        throw new WecomApiError(
          NO_ERRCODE,
          'answer lacks permanent_code or corpid',
          'service/v2/get_permanent_code',
          'permanent',
        );
      }
      return {
        permanentCode: json.permanent_code,
        corpId: json.auth_corp_info.corpid,
        corpName: json.auth_corp_info.corp_name ?? '',
        authUserId: json.auth_user_info?.userid || undefined,
        state: json.state || undefined,
      };
    },

    async getAuthInfo(suiteId, corpId, permanentCode): Promise<AuthInfo> {
      const json = await call<AuthInfoAnswer>({
        api: 'service/get_auth_info',
        method: 'POST',
        body: { auth_corpid: corpId, permanent_code: permanentCode },
        auth: { kind: 'suite', suiteId },
        ctx: { suiteId, corpId },
      });
      const agent = json.auth_info?.agent?.[0];
      const privilege: Visibility & { level?: number } = {
        users: agent?.privilege?.allow_user ?? [],
        parties: agent?.privilege?.allow_party ?? [],
        tags: agent?.privilege?.allow_tag ?? [],
        level: agent?.privilege?.level,
      };
      return {
        corpId: json.auth_corp_info?.corpid ?? corpId,
        corpName: json.auth_corp_info?.corp_name ?? '',
        agentId: agent?.agentid,
        appName: agent?.name,
        privilege,
      };
    },

    forCorp,

    async sendWebhook(url, body): Promise<void> {
      // The webhook key is in the URL: only the fixed api name is ever logged or recorded.
      await call({ api: 'webhook/send', method: 'POST', url, body, ctx: {} });
    },
  };
}

function requireToken(token: string | undefined, api: string): string {
  if (!token) throw new WecomApiError(NO_ERRCODE, 'answer lacks the token', api, 'network');
  return token;
}

/** invaliduser / unlicenseduser come as "a|b|c". */
function splitIds(value: string | string[] | undefined): string[] {
  if (Array.isArray(value)) return value;
  return value ? value.split('|').filter(Boolean) : [];
}

/** Names the kind of transport failure without the URL (it carries tokens). */
function transportReason(err: unknown): string {
  if (!(err instanceof Error)) return 'network error';
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
  const code = (err.cause as { code?: unknown } | undefined)?.code ?? (err as { code?: unknown }).code;
  return typeof code === 'string' ? `network error ${code}` : `network error ${err.name}`;
}

interface AgentGetAnswer extends Answer {
  agentid: number;
  name?: string;
  allow_userinfos?: { user?: { userid: string }[] };
  allow_partys?: { partyid?: number[] };
  allow_tags?: { tagid?: number[] };
  close?: number;
  customized_publish_status?: number;
}

interface AdminListAnswer extends Answer {
  admin?: { userid?: string; open_userid?: string; auth_type?: number }[];
}

interface SendAnswer extends Answer {
  invaliduser?: string;
  unlicenseduser?: string;
  msgid?: string;
  response_code?: string;
}

interface PermanentCodeAnswer extends Answer {
  permanent_code?: string;
  auth_corp_info?: { corpid?: string; corp_name?: string };
  auth_user_info?: { userid?: string };
  state?: string;
}

interface AuthInfoAnswer extends Answer {
  auth_corp_info?: { corpid?: string; corp_name?: string };
  auth_info?: {
    agent?: {
      agentid?: number;
      name?: string;
      privilege?: { level?: number; allow_user?: string[]; allow_party?: number[]; allow_tag?: number[] };
    }[];
  };
}
