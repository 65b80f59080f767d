import { DEFAULT_LOCALE, isLocale, type Locale } from '../../shared/locale';
import type { Clock } from '../../shared/clock';
import { NotFoundError } from '../../shared/errors';
import type { App, PermissionRequest, PreviousApp } from '../model';
import { stateLabel } from '../permissions/state-label';
import type { Stores } from '../ports/stores';
import { type AppRow, toAppRow } from './app-row';
import { buildTimeline, type TimelineEntry } from './app-timeline';
import { DEFAULT_PAGING, type Page, type Paging, paginate } from './query-params';
import { withoutLease } from './without-lease';

export interface AppDetail extends AppRow {
  admins: string[];
  timeZone: string;
  /** The language the bot speaks to the enterprise's admins: its own, else messages.locale. */
  locale: Locale;
  visibility?: App['visibility'];
  visibilityObservedAt?: Date;
  publishStatus?: number;
  closed: boolean;
  configuration: App['configuration'];
  effectivePermissions: string[];
  requests: (PermissionRequest & { stateLabel: string })[];
  /** The apps WeCom replaced on re-authorizations, oldest first. */
  previousApps: PreviousApp[];
}

export interface AppDetailDeps {
  stores: Pick<
    Stores,
    'authorizations' | 'apps' | 'rollouts' | 'permissionRequests' | 'outbox' | 'inbox' | 'wecomErrors'
  >;
  clock: Clock;
  /** messages.locale, for an enterprise without its own. */
  defaultLocale: Locale;
}

/** One app: what it is now, and what happened to it. */
export function createAppDetail({ stores, clock, defaultLocale }: AppDetailDeps) {
  async function getApp(suiteId: string, corpId: string): Promise<AppDetail> {
    const [auth, app, rollout, requests] = await Promise.all([
      stores.authorizations.get(suiteId, corpId),
      stores.apps.get(suiteId, corpId),
      stores.rollouts.get(suiteId, corpId),
      stores.permissionRequests.list({ suiteId, corpId }),
    ]);
    if (!auth || !app) throw new NotFoundError(`app ${suiteId}/${corpId}`);
    requests.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const pending = requests.find((r) => r.state === 'pending');
    return {
      ...toAppRow(app, auth, rollout, pending, clock.now()),
      admins: auth.admins,
      timeZone: auth.timeZone,
      locale: isLocale(auth.locale) ? auth.locale : defaultLocale,
      ...(app.visibility ? { visibility: app.visibility } : {}),
      ...(app.visibilityObservedAt ? { visibilityObservedAt: app.visibilityObservedAt } : {}),
      ...(app.publishStatus !== undefined ? { publishStatus: app.publishStatus } : {}),
      closed: app.closed,
      configuration: app.configuration,
      effectivePermissions: app.effectivePermissions,
      requests: requests.map((r) => ({ ...withoutLease(r), stateLabel: stateLabel(r) })),
      previousApps: app.previousApps ?? [],
    };
  }

  /** Callbacks, messages, alerts, permission decisions, rollout steps, status changes and WeCom errors, newest first. */
  async function appTimeline(
    suiteId: string,
    corpId: string,
    paging: Paging = DEFAULT_PAGING,
    locale: Locale = DEFAULT_LOCALE,
  ): Promise<Page<TimelineEntry>> {
    const [authorization, app, rollout, requests, messages, alerts, callbacks, errors] = await Promise.all([
      stores.authorizations.get(suiteId, corpId),
      stores.apps.get(suiteId, corpId),
      stores.rollouts.get(suiteId, corpId),
      stores.permissionRequests.list({ suiteId, corpId }),
      stores.outbox.list({ suiteId, corpId, limit: 500 }),
      // Alerts name the enterprise in ref (not corpId), and are not per template.
      stores.outbox.list({ channel: 'support', ref: corpId, limit: 100 }),
      stores.inbox.list({ suiteId, corpId, limit: 200 }),
      stores.wecomErrors.list({ corpId, limit: 200 }),
    ]);
    if (!authorization || !app) throw new NotFoundError(`app ${suiteId}/${corpId}`);
    const entries = buildTimeline({
      authorization,
      app,
      rollout,
      requests,
      messages: messages.filter((m) => m.channel !== 'support'),
      alerts,
      callbacks,
      errors: errors.filter((e) => e.suiteId === undefined || e.suiteId === suiteId),
      locale,
    });
    return paginate(entries, paging);
  }

  return { getApp, appTimeline };
}
