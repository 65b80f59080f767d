import type {
  App,
  Authorization,
  InboundEvent,
  OutboxMessage,
  PermissionRequest,
  Rollout,
  RolloutStage,
  WecomErrorRecord,
} from '../../../../src/domain/model';
import type { EnterpriseFacts, TemplateFacts } from '../../../../src/domain/support/diagnosis-types';
import { DAY } from '../../../../src/shared/clock';
import type { Stores } from '../../../../src/domain/ports/stores';

export const SUITE = 'wwsuite01';
export const CORP = 'wwcorp01';
export const TZ = 'Asia/Shanghai';
/** Monday 2 March 2026, 10:00 in Shanghai. */
export const NOW = new Date('2026-03-02T02:00:00Z');

export const daysAgo = (n: number, from = NOW): Date => new Date(from.getTime() - n * DAY);
export const minutesAgo = (n: number, from = NOW): Date => new Date(from.getTime() - n * 60_000);

export const PLAN: RolloutStage[] = [
  { name: '试点', names: { en: 'Pilot' }, reach: 'members', waitMinutes: 4320 },
  { name: '部门', names: { en: 'Department' }, reach: 'departments', waitMinutes: 10080 },
  { name: '全员', names: { en: 'Whole company' }, reach: 'company', waitMinutes: 0 },
];

export function anAuth(o: Partial<Authorization> = {}): Authorization {
  return {
    suiteId: SUITE,
    corpId: CORP,
    corpName: '示例科技',
    agentId: 1000002,
    admins: ['alice', 'bob'],
    permanentCodeEnc: 'sealed',
    state: 'active',
    timeZone: TZ,
    createdAt: daysAgo(30),
    updatedAt: daysAgo(30),
    ...o,
  };
}

export function anApp(o: Partial<App> = {}): App {
  return {
    suiteId: SUITE,
    corpId: CORP,
    agentId: 1000002,
    name: '客户管家',
    status: 'enabled',
    statusHistory: [],
    configuration: {},
    visibility: { users: ['alice'], parties: [], tags: [] },
    closed: false,
    effectivePermissions: [],
    createdAt: daysAgo(30),
    updatedAt: daysAgo(30),
    ...o,
  };
}

export function aRollout(o: Partial<Rollout> = {}): Rollout {
  return {
    suiteId: SUITE,
    corpId: CORP,
    plan: PLAN,
    stageIndex: 0,
    state: 'active',
    nextReminderAt: daysAgo(-1),
    unanswered: 0,
    remindersSent: 0,
    history: [{ at: daysAgo(2), what: 'started', by: 'lifecycle' }],
    createdAt: daysAgo(2),
    updatedAt: daysAgo(2),
    ...o,
  };
}

export function aRequest(o: Partial<PermissionRequest> = {}): PermissionRequest {
  return {
    id: 'req-1',
    suiteId: SUITE,
    corpId: CORP,
    requested: ['customer_contact'],
    previous: [],
    state: 'pending',
    filedBy: 'support',
    raisedCount: 1,
    history: [{ at: daysAgo(1), what: 'filed', by: 'support' }],
    createdAt: daysAgo(1),
    updatedAt: daysAgo(1),
    ...o,
  };
}

let messageSeq = 0;
export function aMessage(o: Partial<OutboxMessage> = {}): OutboxMessage {
  messageSeq += 1;
  return {
    id: `msg-${messageSeq}`,
    dedupeKey: `key-${messageSeq}`,
    channel: 'app',
    suiteId: SUITE,
    corpId: CORP,
    toUser: 'alice',
    payload: { touser: 'alice', msgtype: 'text', text: { content: '你好' } },
    topic: 'enabled_card',
    status: 'sent',
    attempts: 1,
    notBefore: daysAgo(1),
    createdAt: daysAgo(1),
    updatedAt: daysAgo(1),
    ...o,
  };
}

export function anError(o: Partial<WecomErrorRecord> = {}): WecomErrorRecord {
  return {
    suiteId: SUITE,
    corpId: CORP,
    api: 'message/send',
    errcode: 48002,
    errmsg: 'api forbidden',
    at: minutesAgo(30),
    ...o,
  };
}

let eventSeq = 0;
export function anEvent(o: Partial<InboundEvent> = {}): InboundEvent {
  return {
    key: `ev-${(eventSeq += 1)}`,
    kind: 'change_auth',
    suiteId: SUITE,
    corpId: CORP,
    event: {},
    status: 'handled',
    attempts: 1,
    receivedAt: minutesAgo(60),
    expiresAt: daysAgo(-3),
    ...o,
  };
}

/** One enterprise with one active, enabled app and nothing wrong; override what a rule looks at. */
export function facts(o: Partial<EnterpriseFacts> = {}): EnterpriseFacts {
  return {
    corpId: CORP,
    corpName: '示例科技',
    now: NOW,
    authorizations: [anAuth()],
    apps: [anApp()],
    rollouts: [aRollout()],
    requests: [],
    messages: [],
    errors: [],
    callbacks: [],
    maxUnanswered: 3,
    timeZone: TZ,
    locale: 'en',
    ...o,
  };
}

export function templateFacts(o: Partial<TemplateFacts> = {}): TemplateFacts {
  return {
    suiteId: SUITE,
    name: '客户管家',
    now: NOW,
    ticket: { suiteId: SUITE, ticket: 't', timestamp: 1, receivedAt: minutesAgo(5) },
    listeningSince: daysAgo(1),
    callbacks: [],
    errors: [],
    timeZone: TZ,
    locale: 'en',
    ...o,
  };
}

/** Writes one enterprise's records into the stores, as the services would have. */
export async function seed(
  stores: Stores,
  o: {
    auth?: Partial<Authorization>;
    app?: Partial<App>;
    rollout?: Partial<Rollout> | null;
    requests?: Partial<PermissionRequest>[];
  } = {},
): Promise<{ auth: Authorization; app: App }> {
  const auth = anAuth(o.auth);
  const app = anApp({ suiteId: auth.suiteId, corpId: auth.corpId, ...o.app });
  await stores.authorizations.create(auth);
  if (auth.state === 'cancelled')
    await stores.authorizations.cancel(auth.suiteId, auth.corpId, auth.updatedAt);
  await stores.apps.create(app);
  if (o.rollout !== null) {
    await stores.rollouts.create(aRollout({ suiteId: auth.suiteId, corpId: auth.corpId, ...o.rollout }));
  }
  for (const r of o.requests ?? []) {
    const full = aRequest({ suiteId: auth.suiteId, corpId: auth.corpId, ...r });
    await stores.permissionRequests.file({ ...full, history: [] });
    if (full.answer) {
      await stores.permissionRequests.answer(
        full.id,
        full.answer,
        full.state === 'pending' ? full.nextActionAt : undefined,
      );
    }
    for (const entry of r.history ?? []) await stores.permissionRequests.update(full.id, {}, entry.at, entry);
    if (full.state === 'granted' || full.state === 'declined') {
      const at = full.answer?.at ?? full.createdAt;
      await stores.permissionRequests.settle(full.id, {
        to: full.state,
        from: ['pending'],
        at,
        evidence: full.evidence,
        nextActionAt: full.nextActionAt,
        entry: { at, what: full.state },
      });
    }
  }
  return { auth, app };
}
