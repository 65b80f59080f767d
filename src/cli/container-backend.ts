import type { Container } from '../container';
import { appListQuery, messageListQuery, pagingQuery } from '../domain/support/query-params';
import { AppError, ValidationError } from '../shared/errors';
import type { Locale } from '../shared/locale';
import { actorName, CliApiError, type Json, type SupportBackend } from './backend';

/**
 * The operations run in this process against the container's store (MongoDB: shared with the
 * running bot). Results go through JSON so they look exactly like the HTTP backend's.
 */
export function createContainerBackend(c: Container, close: () => Promise<void>): SupportBackend {
  const s = c.support;
  // What the admin API falls back to, so both backends answer in the same language.
  const inLocale = (locale?: Locale): Locale => locale ?? c.config.dashboard.locale;
  const run = async <T>(work: () => Promise<T>): Promise<Json<T>> => {
    try {
      return JSON.parse(JSON.stringify(await work())) as Json<T>;
    } catch (err) {
      throw toCliError(err);
    }
  };

  return {
    overview: (locale) => run(() => s.overview(inLocale(locale))),
    listEnterprises: (q) =>
      run(() => {
        const { filter, paging } = appListQuery.parse(q);
        return s.listEnterprises(filter, paging);
      }),
    listApps: (q) =>
      run(() => {
        const { filter, paging } = appListQuery.parse(q);
        return s.listApps(filter, paging);
      }),
    getApp: (suiteId, corpId) => run(() => s.getApp(suiteId, corpId)),
    timeline: (suiteId, corpId, q) => run(() => s.appTimeline(suiteId, corpId, pagingQuery.parse(q))),
    diagnose: (corpId, locale) => run(() => s.diagnose(corpId, inLocale(locale))),
    diagnoseAll: (locale) => run(() => s.diagnoseAll(inLocale(locale))),
    listMessages: (q) =>
      run(() => {
        const { filter, paging } = messageListQuery.parse(q);
        return s.listMessages(filter, paging);
      }),
    setStatus: (suiteId, corpId, status) =>
      run(() => c.lifecycle.setStatus(suiteId, corpId, status, actorName(undefined))),
    fileRequest: (suiteId, corpId, permissions, by) =>
      run(async () => {
        const request = await c.permissions.file(suiteId, corpId, permissions, actorName(by));
        return { ...request, stateLabel: c.permissions.stateLabel(request) };
      }),
    confirmGranted: (suiteId, corpId, requestId, by) =>
      run(async () => {
        const request = await c.permissions.confirmGranted(suiteId, corpId, requestId, actorName(by));
        return { ...request, stateLabel: c.permissions.stateLabel(request) };
      }),
    rollout: (action, suiteId, corpId, by) => run(() => c.rollout[action](suiteId, corpId, actorName(by))),
    setPlan: (suiteId, corpId, stages, by) =>
      run(() => c.rollout.setPlan(suiteId, corpId, stages, actorName(by))),
    markTest: (corpId, test) => run(() => c.admin.markTestEnterprise(corpId, { test })),
    setLocale: (corpId, locale) => run(() => c.admin.setEnterpriseLocale(corpId, { locale })),
    resend: (id) => run(async () => (await s.resend(id)).message),
    listTemplates: () => run(() => s.listTemplates()),
    recordTemplate: (body) => run(async () => (await c.admin.recordTemplate(body)).template),
    moveTemplate: (suiteId, body) => run(() => c.admin.moveTemplate(suiteId, body, actorName(undefined))),
    listBatchQrCodes: () => run(() => s.listBatchQrCodes()),
    recordBatchQrCode: (body) => run(() => c.admin.recordBatchQrCode(body)),
    close,
  };
}

/** The error answer the API would give, so the CLI prints the same whichever backend ran. */
function toCliError(err: unknown): unknown {
  if (err instanceof ValidationError) return new CliApiError(400, err.code, err.message, err.field);
  if (err instanceof AppError && err.expose) return new CliApiError(err.status, err.code, err.message);
  return err;
}
