import { randomUUID } from 'node:crypto';
import type { Clock } from '../../shared/clock';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { Locale } from '../../shared/locale';
import type { Logger } from '../../shared/logger';
import type { EnterpriseContexts } from '../enterprise/context';
import type { Authorization, PermissionRequest } from '../model';
import { notifyAdmins } from '../notify-admins';
import { textMessage } from '../wecom-messages';
import type { Outbox, SupportAlerts } from '../ports';
import { alertWords } from '../support/alert-words';
import type { NewPermissionRequest, Stores } from '../ports/stores';
import { resolvePermissions, type Catalogue } from './catalogue';
import { permissionCard, PURPOSES_TOPIC, purposesText } from './permission-card';
import type { PermissionTexts } from './permission-texts';
import { closeCards, PERMISSION_CARD_TOPIC } from './request-cards';

export interface FileRequestDeps {
  stores: Pick<Stores, 'permissionRequests' | 'apps' | 'outbox'>;
  contexts: EnterpriseContexts;
  outbox: Outbox;
  alerts: SupportAlerts;
  clock: Clock;
  log: Logger;
  catalogue: Catalogue;
  texts: PermissionTexts;
}

/** What differs between a request support files and one the bot raises again. */
export type RaisedRequest = Pick<
  NewPermissionRequest,
  'suiteId' | 'corpId' | 'requested' | 'previous' | 'filedBy' | 'raisedCount' | 'history'
>;

export interface FileRequest {
  /** A support command: files a request for the app and puts it to its admins. */
  file(suiteId: string, corpId: string, permissions: unknown, filedBy: string): Promise<PermissionRequest>;
  /** Stores the request (superseding a pending one) and sends each admin a card. */
  raise(
    fields: RaisedRequest,
    auth: Authorization,
    appName: string,
    locale: Locale,
  ): Promise<PermissionRequest>;
}

export function createFileRequest(deps: FileRequestDeps): FileRequest {
  const { stores, alerts, texts } = deps;

  async function file(
    suiteId: string,
    corpId: string,
    permissions: unknown,
    filedBy: string,
  ): Promise<PermissionRequest> {
    const requested = resolvePermissions(deps.catalogue, permissions);
    if (typeof filedBy !== 'string' || !filedBy.trim()) {
      throw new ValidationError('filedBy', 'required', 'filedBy: who files the request');
    }
    const [{ auth, locale }, app] = await Promise.all([
      deps.contexts.load(suiteId, corpId),
      stores.apps.get(suiteId, corpId),
    ]);
    if (!auth || !app) throw new NotFoundError(`app ${suiteId}/${corpId}`);
    if (auth.state !== 'active') throw new ConflictError('the authorization is cancelled');
    const fields = { suiteId, corpId, requested, filedBy: filedBy.trim(), raisedCount: 1, history: [] };
    return raise({ ...fields, previous: app.effectivePermissions }, auth, app.name, locale);
  }

  async function raise(fields: RaisedRequest, auth: Authorization, appName: string, locale: Locale) {
    const { request, superseded } = await stores.permissionRequests.file({
      ...fields,
      id: randomUUID(),
      createdAt: deps.clock.now(),
    });
    // Each save in the provider console is a new push: the older card must not be answered any more.
    if (superseded) await closeCards(deps, superseded, 'superseded', locale);
    await sendCards(request, auth, appName, locale);
    const { suiteId, corpId, requested, raisedCount } = request;
    deps.log.info(
      { suiteId, corpId, requestId: request.id, requested, raisedCount, superseded: superseded?.id },
      'filed',
    );
    return request;
  }

  async function sendCards(
    request: PermissionRequest,
    auth: Authorization,
    appName: string,
    locale: Locale,
  ): Promise<void> {
    if (auth.admins.length === 0) {
      const w = alertWords(alerts.locale);
      await alerts.alert({
        dedupeKey: `perm:${request.id}:no-admins`,
        title: w.noAdminToAsk.title,
        lines: [w.line.requested(texts.in(alerts.locale).names(request.requested)), w.noAdminToAsk.note],
        corpId: auth.corpId,
        corpName: auth.corpName,
        suiteId: request.suiteId,
        severity: 'warning',
      });
      return;
    }
    const dedupeBase = `perm:${request.id}:card:${request.raisedCount}`;
    await notifyAdmins(deps.outbox, {
      suiteId: request.suiteId,
      corpId: request.corpId,
      admins: auth.admins,
      topic: PERMISSION_CARD_TOPIC,
      ref: request.id,
      dedupeBase,
      build: (admin) =>
        permissionCard({
          toUser: admin,
          request,
          appName,
          catalogue: deps.catalogue,
          dedupeKey: `${dedupeBase}:${admin}`,
          locale,
        }),
    });
    // What each permission is for does not fit a card: it follows as text, right after it.
    await notifyAdmins(deps.outbox, {
      suiteId: request.suiteId,
      corpId: request.corpId,
      admins: auth.admins,
      topic: PURPOSES_TOPIC,
      ref: request.id,
      dedupeBase: `${dedupeBase}:purposes`,
      build: (admin) =>
        textMessage(admin, purposesText({ request, appName, catalogue: deps.catalogue, locale })),
    });
  }

  return { file, raise };
}
