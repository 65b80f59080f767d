import type { Locale } from '../shared/locale';
import { actorName, CliApiError, type SupportBackend } from './backend';

export interface HttpBackendOptions {
  /** The running bot, e.g. http://localhost:3000. */
  url: string;
  adminToken: string;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

type Body = Record<string, unknown>;

/** The operations through a running bot's admin API: what the memory store needs (its data lives in that process). */
export function createHttpBackend(opts: HttpBackendOptions): SupportBackend {
  const base = opts.url.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  const enc = encodeURIComponent;
  const app = (suiteId: string, corpId: string): string => `/admin/api/apps/${enc(suiteId)}/${enc(corpId)}`;

  async function call(method: string, path: string, body?: unknown, query?: Record<string, string>) {
    const qs = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
    let res: Response;
    try {
      res = await doFetch(`${base}${path}${qs}`, {
        method,
        headers: {
          authorization: `Bearer ${opts.adminToken}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new CliApiError(
        0,
        'unreachable',
        `无法连接 ${base} / cannot reach the bot at ${base}: ${(err as Error).message}. ` +
          'Is it running? Give its address with --url.',
      );
    }
    const text = await res.text();
    let json: Body = {};
    try {
      json = text ? (JSON.parse(text) as Body) : {};
    } catch {
      throw new CliApiError(res.status, 'bad_answer', `${method} ${path}: HTTP ${res.status}, not JSON`);
    }
    if (!res.ok) {
      const message = typeof json.message === 'string' ? json.message : `HTTP ${res.status}`;
      const field = typeof json.field === 'string' ? json.field : undefined;
      throw new CliApiError(res.status, String(json.error ?? 'http_error'), message, field);
    }
    return json;
  }

  /** A list answer `{ <name>: [...], total, page, pageSize }` as a page. */
  const page = (name: string, json: Body) => {
    const { [name]: items, ...rest } = json;
    return { items, ...rest } as never;
  };

  return {
    overview: async (locale) =>
      (await call('GET', '/admin/api/overview', undefined, inLocale(locale))).overview as never,
    listEnterprises: async (q) =>
      page('enterprises', await call('GET', '/admin/api/enterprises', undefined, q)),
    listApps: async (q) => page('apps', await call('GET', '/admin/api/apps', undefined, q)),
    getApp: async (suiteId, corpId) => (await call('GET', app(suiteId, corpId))).app as never,
    timeline: async (suiteId, corpId, q) =>
      page('timeline', await call('GET', `${app(suiteId, corpId)}/timeline`, undefined, q)),
    diagnose: async (corpId, locale) =>
      (await call('GET', `/admin/api/enterprises/${enc(corpId)}/diagnosis`, undefined, inLocale(locale)))
        .diagnosis as never,
    diagnoseAll: async (locale) =>
      (await call('GET', '/admin/api/diagnoses', undefined, inLocale(locale))) as never,
    listMessages: async (q) => page('messages', await call('GET', '/admin/api/messages', undefined, q)),
    setStatus: async (suiteId, corpId, status) =>
      (await call('POST', `${app(suiteId, corpId)}/status`, { status })).app as never,
    fileRequest: async (suiteId, corpId, permissions, by) =>
      (
        await call('POST', `${app(suiteId, corpId)}/permission-requests`, {
          permissions,
          filedBy: actorName(by),
        })
      ).request as never,
    confirmGranted: async (suiteId, corpId, requestId, by) =>
      (
        await call('POST', `${app(suiteId, corpId)}/permission-requests/${enc(requestId)}/granted`, {
          by: actorName(by),
        })
      ).request as never,
    rollout: async (action, suiteId, corpId, by) =>
      (await call('POST', `${app(suiteId, corpId)}/rollout/${action}`, by ? { by } : {})).rollout as never,
    setPlan: async (suiteId, corpId, stages, by) =>
      (await call('PUT', `${app(suiteId, corpId)}/rollout/plan`, { stages, ...(by ? { by } : {}) }))
        .rollout as never,
    markTest: async (corpId, test) =>
      (await call('POST', `/admin/api/enterprises/${enc(corpId)}/test`, { test })) as never,
    setLocale: async (corpId, locale) =>
      (await call('POST', `/admin/api/enterprises/${enc(corpId)}/locale`, { locale })) as never,
    resend: async (id) => (await call('POST', `/admin/api/messages/${enc(id)}/resend`)).message as never,
    listTemplates: async () => (await call('GET', '/admin/api/templates')).templates as never,
    recordTemplate: async (body) => (await call('POST', '/admin/api/templates', body)).template as never,
    moveTemplate: async (suiteId, body) =>
      (await call('POST', `/admin/api/templates/${enc(suiteId)}/status`, body)).template as never,
    listBatchQrCodes: async () => (await call('GET', '/admin/api/batch-qr-codes')).batchQrCodes as never,
    recordBatchQrCode: async (body) =>
      (await call('POST', '/admin/api/batch-qr-codes', body)).batchQrCode as never,
    close: async () => undefined,
  };
}

/** The findings' language as the API takes it; none asked for, the bot's dashboard language. */
function inLocale(locale?: Locale): Record<string, string> {
  return locale ? { locale } : {};
}
