import type { Stores } from '../ports/stores';
import type { WecomClient } from '../ports/wecom';
import type { EnterpriseContexts } from '../enterprise/context';
import type { Clock } from '../../shared/clock';
import { MINUTE } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors';
import type { App, AppStatus, Authorization, Visibility } from '../model';
import { APP_STATUSES } from '../model';
import type { Outbox, SecretBox, SupportAlerts } from '../ports';
import { notifyAdmins } from '../notify-admins';
import { ENABLED_CARD_TOPIC, enabledCard } from './enabled-card';
import { ALLOWED_MOVES, STATUS_LABELS, allowedFrom } from './app-status';

export interface LifecycleDeps {
  stores: Stores;
  wecom: WecomClient;
  contexts: EnterpriseContexts;
  outbox: Outbox;
  alerts: SupportAlerts;
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
  pollIntervalMinutes: number;
  defaultTimeZone: string;
  /** Called once when an app becomes enabled (starts its rollout). */
  onEnabled(suiteId: string, corpId: string): Promise<void>;
  /** Called when an authorization is cancelled (stops its rollout). */
  onCancelled(suiteId: string, corpId: string): Promise<void>;
}

export type LifecycleService = ReturnType<typeof createLifecycleService>;

/** Authorizations and apps: what WeCom tells through template callbacks, and what the bot observes by polling. */
export function createLifecycleService(deps: LifecycleDeps) {
  const { stores, wecom, clock } = deps;
  const log = deps.logger.child({ name: 'lifecycle' });

  async function saveSuiteTicket(suiteId: string, ticket: string, timestamp: number): Promise<boolean> {
    return stores.credentials.saveSuiteTicket({ suiteId, ticket, timestamp, receivedAt: clock.now() });
  }

  async function createAuth(suiteId: string, authCode: string): Promise<Authorization> {
    const code = await wecom.getPermanentCode(suiteId, authCode);
    const info = await wecom.getAuthInfo(suiteId, code.corpId, code.permanentCode);
    const now = clock.now();
    const corpId = code.corpId;
    const permanentCodeEnc = deps.secrets.seal(code.permanentCode);
    const fields = {
      corpName: info.corpName || code.corpName,
      agentId: info.agentId,
      authUserId: code.authUserId,
      permanentCodeEnc,
      privilege: info.privilege,
    };
    const created = await stores.authorizations.create({
      suiteId,
      corpId,
      ...fields,
      admins: code.authUserId ? [code.authUserId] : [],
      state: 'active',
      timeZone: deps.defaultTimeZone,
      createdAt: now,
      updatedAt: now,
    });
    // A second create_auth for the same template and enterprise is a re-authorization: WeCom made a new app.
    if (created === 'exists')
      await stores.authorizations.update(suiteId, corpId, { ...fields, state: 'active' }, now);
    await recordApp(suiteId, corpId, info.agentId, info.appName, info.privilege, created === 'exists');
    await refreshAdmins(suiteId, corpId);
    log.info({ suiteId, corpId, reauthorized: created === 'exists' }, 'authorization recorded');
    return (await stores.authorizations.get(suiteId, corpId))!;
  }

  async function recordApp(
    suiteId: string,
    corpId: string,
    agentId: number | undefined,
    appName: string | undefined,
    visibility: Visibility,
    reauthorized: boolean,
  ): Promise<void> {
    const now = clock.now();
    const name = appName || (await stores.templates.get(suiteId))?.name || suiteId;
    const created = await stores.apps.create({
      suiteId,
      corpId,
      agentId,
      name,
      status: 'developing',
      statusHistory: [],
      configuration: {},
      visibility,
      visibilityObservedAt: now,
      closed: false,
      effectivePermissions: [],
      nextPollAt: now,
      createdAt: now,
      updatedAt: now,
    });
    if (created === 'exists' && reauthorized) {
      await stores.apps.transition(
        suiteId,
        corpId,
        allowedFrom('developing'),
        'developing',
        'wecom:create_auth',
        now,
      );
      await stores.apps.update(
        suiteId,
        corpId,
        { agentId, name, visibility, nextPollAt: now, closed: false },
        now,
      );
    }
  }

  /** Reads the app's admins from WeCom; keeps what is known when WeCom cannot say (e.g. before the app is online). */
  async function refreshAdmins(suiteId: string, corpId: string): Promise<string[]> {
    const auth = await stores.authorizations.get(suiteId, corpId);
    if (!auth || auth.state !== 'active') return [];
    try {
      const corp = (await deps.contexts.load(suiteId, corpId)).wecom;
      const admins = (await corp.getAdminList()).map((a) => a.userId);
      const merged = admins.length > 0 ? admins : auth.admins;
      await stores.authorizations.update(suiteId, corpId, { admins: merged }, clock.now());
      return merged;
    } catch (err) {
      log.warn({ err, suiteId, corpId }, 'admin list unavailable, keeping known admins');
      return auth.admins;
    }
  }

  /** change_auth: fetch the authorization again, compare with the bot's view, report differences. */
  async function changeAuth(suiteId: string, corpId: string, eventKey: string): Promise<string[]> {
    const auth = await activeAuthorization(suiteId, corpId);
    if (!auth) return [];
    const info = await wecom.getAuthInfo(suiteId, corpId, deps.secrets.open(auth.permanentCodeEnc));
    const differences: string[] = [];
    if (info.agentId !== undefined && info.agentId !== auth.agentId)
      differences.push(`应用 ID / agent id: ${auth.agentId ?? '—'} → ${info.agentId}`);
    if (info.corpName && info.corpName !== auth.corpName)
      differences.push(`企业名称 / corp name: ${auth.corpName} → ${info.corpName}`);
    if (auth.privilege && !sameVisibility(auth.privilege, info.privilege))
      differences.push(
        `可见范围 / visibility: ${describeVisibility(auth.privilege)} → ${describeVisibility(info.privilege)}`,
      );
    const now = clock.now();
    await stores.authorizations.update(
      suiteId,
      corpId,
      {
        agentId: info.agentId ?? auth.agentId,
        corpName: info.corpName || auth.corpName,
        privilege: info.privilege,
      },
      now,
    );
    await stores.apps.update(suiteId, corpId, { visibility: info.privilege, visibilityObservedAt: now }, now);
    const admins = await refreshAdmins(suiteId, corpId);
    if (!sameSet(admins, auth.admins))
      differences.push(`管理员 / admins: ${list(auth.admins)} → ${list(admins)}`);
    if (differences.length > 0) {
      await deps.alerts.alert({
        dedupeKey: `change_auth:${eventKey}`,
        title: `授权变更 / Authorization changed: ${auth.corpName}`,
        lines: [`企业 / corp: ${corpId}`, ...differences],
        corpId,
        severity: 'info',
      });
    }
    return differences;
  }

  /** cancel_auth: leave the enterprise alone at once. */
  async function cancelAuth(suiteId: string, corpId: string): Promise<boolean> {
    const now = clock.now();
    const auth = await stores.authorizations.get(suiteId, corpId);
    const changed = await stores.authorizations.cancel(suiteId, corpId, now);
    if (!changed) return false;
    const dropped = await stores.outbox.cancelQueued({ corpId, suiteId }, now);
    await stores.permissionRequests.stopFollowUps(suiteId, corpId, now);
    await stores.apps.update(suiteId, corpId, { nextPollAt: undefined }, now);
    await deps.onCancelled(suiteId, corpId);
    await deps.alerts.alert({
      dedupeKey: `cancel_auth:${suiteId}:${corpId}:${now.getTime()}`,
      title: `企业取消授权 / Authorization cancelled: ${auth?.corpName ?? corpId}`,
      lines: [
        `企业 / corp: ${corpId}`,
        `模版 / template: ${suiteId}`,
        `已取消待发消息 / queued messages cancelled: ${dropped}`,
      ],
      corpId,
      severity: 'warning',
    });
    log.info({ suiteId, corpId, dropped }, 'authorization cancelled');
    return true;
  }

  async function resetPermanentCode(suiteId: string, authCode: string): Promise<string> {
    const code = await wecom.getPermanentCode(suiteId, authCode);
    const updated = await stores.authorizations.update(
      suiteId,
      code.corpId,
      { permanentCodeEnc: deps.secrets.seal(code.permanentCode) },
      clock.now(),
    );
    if (!updated) throw new NotFoundError(`authorization ${suiteId}/${code.corpId}`);
    log.info({ suiteId, corpId: code.corpId }, 'permanent code replaced');
    return code.corpId;
  }

  /** Support staff move the status; 'enabled' sends the notification (once, whoever moves it first). */
  async function setStatus(suiteId: string, corpId: string, status: unknown, by: string): Promise<App> {
    if (typeof status !== 'string' || !APP_STATUSES.includes(status as AppStatus)) {
      throw new ValidationError('status', 'one_of', `status must be one of ${APP_STATUSES.join(', ')}`);
    }
    const to = status as AppStatus;
    const app = await stores.apps.get(suiteId, corpId);
    if (!app) throw new NotFoundError(`app ${suiteId}/${corpId}`);
    if (!(await activeAuthorization(suiteId, corpId)))
      throw new ConflictError('the authorization is cancelled');
    if (app.status === to) return app;
    if (to === 'enabled') {
      await markEnabled(suiteId, corpId, by);
      return (await stores.apps.get(suiteId, corpId))!;
    }
    const moved = await stores.apps.transition(suiteId, corpId, allowedFrom(to), to, by, clock.now());
    if (!moved) {
      throw new ConflictError(
        `cannot move from ${app.status} to ${to}; allowed: ${ALLOWED_MOVES[app.status].join(', ') || 'none'}`,
      );
    }
    if (to === 'developing')
      await stores.apps.update(suiteId, corpId, { nextPollAt: clock.now() }, clock.now());
    return moved;
  }

  /** Moves the app to enabled if it is not yet; only the caller that moves it notifies the admins. */
  async function markEnabled(suiteId: string, corpId: string, by: string): Promise<boolean> {
    const auth = await activeAuthorization(suiteId, corpId);
    if (!auth) return false;
    const now = clock.now();
    const app = await stores.apps.transition(suiteId, corpId, allowedFrom('enabled'), 'enabled', by, now);
    if (!app) return false;
    await stores.apps.update(suiteId, corpId, { nextPollAt: undefined }, now);
    const admins = auth.admins.length > 0 ? auth.admins : await refreshAdmins(suiteId, corpId);
    await sendEnabledCards(
      auth,
      app,
      admins,
      `enabled:${suiteId}:${corpId}:${app.enabledAt?.getTime() ?? now.getTime()}`,
    );
    await deps.onEnabled(suiteId, corpId);
    log.info({ suiteId, corpId, by }, 'app enabled');
    return true;
  }

  async function sendEnabledCards(
    auth: Authorization,
    app: App,
    admins: string[],
    dedupeBase: string,
  ): Promise<number> {
    if (admins.length === 0) {
      await deps.alerts.alert({
        dedupeKey: `no_admins:${app.suiteId}:${app.corpId}`,
        title: `无法通知管理员 / No admin to notify: ${auth.corpName}`,
        lines: ['应用已启用，但不知道管理员是谁 / The app is enabled but no admin is known.'],
        corpId: app.corpId,
        severity: 'warning',
      });
      return 0;
    }
    return notifyAdmins(deps.outbox, {
      suiteId: app.suiteId,
      corpId: app.corpId,
      admins,
      topic: ENABLED_CARD_TOPIC,
      dedupeBase,
      build: (admin) =>
        enabledCard({ toUser: admin, appName: app.name, dedupeKey: `${dedupeBase}:${admin}` }),
    });
  }

  /** Support staff resend the enabled card to every admin (a new message, not a retry). */
  async function resendEnabled(suiteId: string, corpId: string): Promise<number> {
    const auth = await activeAuthorization(suiteId, corpId);
    const app = await stores.apps.get(suiteId, corpId);
    if (!auth || !app) throw new NotFoundError(`app ${suiteId}/${corpId}`);
    if (app.status !== 'enabled') throw new ConflictError(`the app is ${app.status}, not enabled`);
    return sendEnabledCards(
      auth,
      app,
      auth.admins,
      `enabled:${suiteId}:${corpId}:resend:${clock.now().getTime()}`,
    );
  }

  /** WeCom sends no callback when a 代开发 app goes online: poll agent/get for apps not yet enabled. */
  async function pollTick(owner: string, limit = 20): Promise<{ polled: number; enabled: number }> {
    const now = clock.now();
    const due = await stores.apps.claimDuePolls({ owner, now, leaseMs: 2 * MINUTE, limit });
    let enabled = 0;
    for (const app of due) {
      const next = new Date(clock.now().getTime() + deps.pollIntervalMinutes * MINUTE);
      try {
        if (!(await activeAuthorization(app.suiteId, app.corpId))) {
          await stores.apps.releasePoll(app.suiteId, app.corpId, owner, undefined);
          continue;
        }
        const agent = await (await deps.contexts.load(app.suiteId, app.corpId)).wecom.getAgent();
        await stores.apps.update(
          app.suiteId,
          app.corpId,
          {
            visibility: agent.visibility,
            visibilityObservedAt: clock.now(),
            publishStatus: agent.publishStatus,
            closed: agent.closed,
            name: agent.name || app.name,
          },
          clock.now(),
        );
        const online = agent.publishStatus === 2 || agent.publishStatus === 3;
        if (online && (await markEnabled(app.suiteId, app.corpId, 'wecom:agent/get'))) enabled++;
        await stores.apps.releasePoll(app.suiteId, app.corpId, owner, online ? undefined : next);
      } catch (err) {
        log.warn({ err, suiteId: app.suiteId, corpId: app.corpId }, 'publish status poll failed');
        await stores.apps.releasePoll(app.suiteId, app.corpId, owner, next);
      }
    }
    return { polled: due.length, enabled };
  }

  async function activeAuthorization(suiteId: string, corpId: string): Promise<Authorization | undefined> {
    const auth = await stores.authorizations.get(suiteId, corpId);
    return auth?.state === 'active' ? auth : undefined;
  }

  async function describe(suiteId: string, corpId: string): Promise<string[]> {
    const app = await stores.apps.get(suiteId, corpId);
    if (!app) return [];
    return [`「${app.name}」状态 / status: ${STATUS_LABELS[app.status]}`];
  }

  return {
    saveSuiteTicket,
    createAuth,
    changeAuth,
    cancelAuth,
    resetPermanentCode,
    refreshAdmins,
    setStatus,
    markEnabled,
    resendEnabled,
    pollTick,
    activeAuthorization,
    describe,
  };
}

function sameVisibility(a: Visibility, b: Visibility): boolean {
  return (
    sameSet(a.users, b.users) &&
    sameSet(a.parties.map(String), b.parties.map(String)) &&
    sameSet(a.tags.map(String), b.tags.map(String))
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

function list(items: readonly string[]): string {
  return items.length > 0 ? items.join(', ') : '—';
}

export function describeVisibility(v: Visibility): string {
  return `${v.users.length} 位成员 / members, ${v.parties.length} 个部门 / departments, ${v.tags.length} 个标签 / tags`;
}
