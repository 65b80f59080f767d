import { ManualClock } from '../shared/clock';
import type { CallbackDispatch } from './callback-dispatch';
import { corpDirectory } from './corp-directory';
import type { EnterpriseControls, InboxView } from './enterprise-controls';
import type { FailureRule } from './failure-injector';
import type { SimState } from './sim-state';
import type {
  CallbackOutcome,
  PublishStatus,
  SimDepartment,
  SimTag,
  SupportAlert,
  Visibility,
} from './sim-types';

const RECENT = 30;

export interface CorpSnapshot {
  corpId: string;
  corpName: string;
  suiteId: string;
  agentId: number;
  publishStatus: PublishStatus;
  cancelled: boolean;
  admins: string[];
  users: string[];
  departments: SimDepartment[];
  tags: SimTag[];
  visibility: Visibility;
  visibleUsers: string[];
  customPermissions: string[];
  pendingPermissions: string[];
  /** Admins first, then any other member who has messages. */
  inboxes: { userId: string; entries: InboxView[] }[];
}

/** The world as the admin page and GET /sim/api/state show it; no secrets, newest events first. */
export interface WorldSnapshot {
  now: string;
  manualClock: boolean;
  botBaseUrl?: string;
  templates: { suiteId: string; name: string; lastTicketAt?: string; corps: string[] }[];
  corps: CorpSnapshot[];
  webhookKeys: string[];
  alerts: SupportAlert[];
  callbacks: {
    at: Date;
    target: string;
    kind: string;
    suiteId: string;
    corpId?: string;
    outcome: CallbackOutcome;
  }[];
  calls: { at: Date; method: string; path: string; status: number; errcode: unknown; injected: boolean }[];
  failures: FailureRule[];
}

export function worldSnapshot(
  state: SimState,
  deps: { enterprise: EnterpriseControls; dispatch: CallbackDispatch; failures: () => FailureRule[] },
): WorldSnapshot {
  const corps = [...state.corps.values()];
  return {
    now: state.clock.now().toISOString(),
    manualClock: state.clock instanceof ManualClock,
    botBaseUrl: deps.dispatch.botBaseUrl(),
    templates: [...state.templates.values()].map((t) => ({
      suiteId: t.suiteId,
      name: t.name,
      lastTicketAt: t.tickets.at(-1)?.pushedAt.toISOString(),
      corps: corps.filter((c) => c.suiteId === t.suiteId).map((c) => c.corpId),
    })),
    corps: corps.map((corp) => {
      const withMessages = state.inbox.filter((e) => e.corpId === corp.corpId).map((e) => e.userId);
      const change = corp.permissionChanges.find((c) => !c.superseded);
      return {
        corpId: corp.corpId,
        corpName: corp.corpName,
        suiteId: corp.suiteId,
        agentId: corp.agentId,
        publishStatus: corp.publishStatus,
        cancelled: Boolean(corp.cancelledAt),
        admins: [...corp.admins],
        users: corpDirectory.allUsers(corp),
        departments: structuredClone(corp.departments),
        tags: structuredClone(corp.tags),
        visibility: structuredClone(corp.visibility),
        visibleUsers: corpDirectory.visibleUsers(corp),
        customPermissions: [...corp.customPermissions],
        pendingPermissions: change ? change.permissions.filter((p) => !change.decisions[p]) : [],
        inboxes: [...new Set([...corp.admins, ...withMessages])].map((userId) => ({
          userId,
          entries: deps.enterprise.inbox(corp.corpId, userId),
        })),
      };
    }),
    webhookKeys: [...state.webhooks],
    alerts: [...state.alerts].reverse(),
    callbacks: state.callbacks
      .slice(-RECENT)
      .reverse()
      .map(({ at, target, kind, suiteId, corpId, outcome }) => ({
        at,
        target,
        kind,
        suiteId,
        corpId,
        outcome,
      })),
    calls: state.calls
      .slice(-RECENT)
      .reverse()
      .map((c) => ({
        at: c.at,
        method: c.method,
        path: c.path,
        status: c.status,
        errcode: (c.answer as { errcode?: unknown } | null)?.errcode,
        injected: c.injected,
      })),
    failures: deps.failures(),
  };
}
