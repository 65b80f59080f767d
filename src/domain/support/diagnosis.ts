import type { Clock } from '../../shared/clock';
import { NotFoundError } from '../../shared/errors';
import { DEFAULT_LOCALE, wordsFor, type Catalogue, type Locale } from '../../shared/locale';
import type { Stores } from '../ports/stores';
import type { InboundStatus, WecomErrorRecord } from '../model';
import { stageName } from '../rollout/stage-name';
import type {
  EnterpriseFacts,
  EnterpriseRule,
  Finding,
  FindingSeverity,
  TemplateFacts,
  TemplateRule,
} from './diagnosis-types';
import { appClosed, appNotOnline, authorizationCancelled, noAdmins } from './rules/app-rules';
import { callbackFailed, suiteTicketStale, templateCallbackFailed } from './rules/callback-rules';
import { candidateCorps } from './candidate-corps';
import { checkedCandidates, type NotChecked } from './checked-candidates';
import { DIAGNOSIS_LIMITS } from './rules/limits';
import { messagesFailed } from './rules/message-rules';
import { permissionDeclined, permissionNotInEffect, permissionUnanswered } from './rules/permission-rules';
import { rolloutEscalated, rolloutStuck } from './rules/rollout-rules';
import { stillActive } from './rules/active-apps';
import { requestStateWords, supportWords } from './support-words';
import {
  type ErrorRule,
  ipNotAllowed,
  noPermission,
  nobodyReachable,
  wecomErrors,
} from './rules/wecom-error-rules';

export type { ActionDescriptor, Actor, Finding, FindingSeverity } from './diagnosis-types';
export type { NotChecked, UncheckedList } from './checked-candidates';

/** Errors of a template the enterprise left are expected (48004 …): only the active ones speak. */
const activeErrors =
  (rule: ErrorRule): EnterpriseRule =>
  (f) =>
    rule(
      f.errors.filter((e) => stillActive(f, e.suiteId)),
      { corpId: f.corpId, timeZone: f.timeZone, locale: f.locale },
    );

const ENTERPRISE_RULES: readonly EnterpriseRule[] = [
  authorizationCancelled,
  activeErrors(ipNotAllowed),
  activeErrors(noPermission),
  activeErrors(nobodyReachable),
  activeErrors(wecomErrors),
  callbackFailed,
  appNotOnline,
  appClosed,
  noAdmins,
  permissionUnanswered,
  permissionDeclined,
  permissionNotInEffect,
  rolloutEscalated,
  rolloutStuck,
  messagesFailed,
];

const templateErrors =
  (rule: ErrorRule): TemplateRule =>
  (f) =>
    rule(f.errors, { suiteId: f.suiteId, timeZone: f.timeZone, locale: f.locale });

/** The error rules that apply above any one enterprise: suite-level and provider-wide errors. */
const TEMPLATE_SCOPE_RULES = [ipNotAllowed, wecomErrors] as const;

const TEMPLATE_RULES: readonly TemplateRule[] = [
  suiteTicketStale,
  templateCallbackFailed,
  ...TEMPLATE_SCOPE_RULES.map(templateErrors),
];

export interface EnterpriseDiagnosis {
  corpId: string;
  corpName: string;
  checkedAt: Date;
  needsPerson: boolean;
  /** The first finding's cause, or that nothing is wrong. */
  summary: string;
  /** Those needing a person first, the most severe first. */
  findings: Finding[];
  /** Where each app stands, one line each. */
  state: string[];
  recentCallbacks: { at: Date; kind: string; status: InboundStatus; error?: string }[];
  recentErrors: Pick<WecomErrorRecord, 'at' | 'api' | 'errcode' | 'errmsg' | 'suiteId'>[];
}

/** A finding for the "needs a person today" list, with every enterprise it touches. */
export interface NeedsPerson extends Finding {
  enterprises: { corpId: string; corpName: string }[];
}

/** The "needs a person today" list: the findings of the enterprises checked, and those left unchecked. */
export interface ToDoList {
  needsPerson: NeedsPerson[];
  /** Candidate enterprises diagnosed: the most urgent, at most MAX_DIAGNOSED_ENTERPRISES. */
  checkedEnterprises: number;
  notChecked: NotChecked;
}

export interface DiagnosisDeps {
  stores: Stores;
  clock: Clock;
  /** The configured templates (suite id → name): their suite tickets are checked. */
  templates: ReadonlyMap<string, { name: string }>;
  timeZone: string;
  maxUnanswered: number;
  publicBaseUrl: string;
  /** When this process started listening: a template with no ticket yet counts from then. */
  listeningSince: Date;
}

/** The texts of a diagnosis are in the locale its reader chose (zh-CN unless told). */
export interface Diagnosis {
  /** "Why is this enterprise stuck?": its state, recent callbacks and WeCom errors, and what to do. */
  diagnose(corpId: string, locale?: Locale): Promise<EnterpriseDiagnosis>;
  /**
   * Every finding that needs a person, over the most urgent enterprises (all of them, up to a
   * bound) and every template, the most urgent first; `without` leaves enterprises out unread.
   */
  diagnoseAll(locale?: Locale, opts?: { without?: ReadonlySet<string> }): Promise<ToDoList>;
}

interface DiagnosisWords {
  nothingWrong: string;
  summary: (cause: string, actor: string, next: string) => string;
  app: (name: string, suiteId: string, status: string) => string;
  rollout: (state: string, reached: string) => string;
  request: (state: string) => string;
  join: string;
}

const WORDS: Catalogue<DiagnosisWords> = {
  'zh-CN': {
    nothingWrong: '未发现问题',
    summary: (cause, actor, next) => `${cause} → ${actor}：${next}`,
    app: (name, suiteId, status) => `「${name}」(${suiteId})：${status}`,
    rollout: (state, reached) => `扩大可见范围：${state}（已达到：${reached}）`,
    request: (state) => `权限申请：${state}`,
    join: '；',
  },
  en: {
    nothingWrong: 'Nothing wrong found',
    summary: (cause, actor, next) => `${cause} → ${actor}: ${next}`,
    app: (name, suiteId, status) => `${name} (${suiteId}): ${status}`,
    rollout: (state, reached) => `rollout: ${state} (reached: ${reached})`,
    request: (state) => `permission request: ${state}`,
    join: '; ',
  },
};

const SEVERITY_ORDER: Record<FindingSeverity, number> = { critical: 0, warning: 1, info: 2 };
const RECENT = 10;
/** How many enterprises diagnoseAll reads at once: enough to overlap store round trips, not to flood them. */
const CONCURRENCY = 8;

export function createDiagnosis(deps: DiagnosisDeps): Diagnosis {
  const { stores, clock } = deps;

  async function enterpriseFacts(corpId: string, now: Date, locale: Locale): Promise<EnterpriseFacts> {
    const since = new Date(now.getTime() - DIAGNOSIS_LIMITS.errorWindowMs);
    const [authorizations, apps, rollouts, requests, messages, errors, callbacks] = await Promise.all([
      stores.authorizations.list({ corpId }),
      stores.apps.list({ corpId }),
      stores.rollouts.list({ corpId }),
      stores.permissionRequests.list({ corpId }),
      stores.outbox.list({ corpId, limit: 200 }),
      stores.wecomErrors.list({ corpId, since, limit: 500 }),
      stores.inbox.list({ corpId, limit: 50 }),
    ]);
    if (authorizations.length === 0) throw new NotFoundError(`enterprise ${corpId}`);
    const newest = [...authorizations].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0]!;
    return {
      corpId,
      corpName: newest.corpName,
      now,
      authorizations,
      apps,
      rollouts,
      requests: [...requests].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()),
      messages: messages.filter((m) => m.channel !== 'support'),
      errors,
      callbacks,
      maxUnanswered: deps.maxUnanswered,
      timeZone: newest.timeZone || deps.timeZone,
      locale,
    };
  }

  /** WeCom errors of the window that belong to no enterprise (suite tokens, the support webhook …). */
  async function providerErrors(now: Date): Promise<WecomErrorRecord[]> {
    const since = new Date(now.getTime() - DIAGNOSIS_LIMITS.errorWindowMs);
    return (await stores.wecomErrors.list({ since, limit: 1000 })).filter((e) => !e.corpId);
  }

  async function templateFindings(
    suiteIds: readonly string[],
    now: Date,
    errors: readonly WecomErrorRecord[],
    locale: Locale,
  ): Promise<Finding[]> {
    const findings: Finding[] = [];
    for (const suiteId of suiteIds) {
      const [ticket, callbacks, stored] = await Promise.all([
        stores.credentials.getSuiteTicket(suiteId),
        stores.inbox.list({ suiteId, withoutCorp: true, limit: 50 }),
        stores.templates.get(suiteId),
      ]);
      const facts: TemplateFacts = {
        suiteId,
        name: deps.templates.get(suiteId)?.name || stored?.name || suiteId,
        now,
        ticket,
        listeningSince: deps.listeningSince,
        callbacks,
        errors: errors.filter((e) => e.suiteId === suiteId),
        callbackUrl: deps.publicBaseUrl
          ? `${deps.publicBaseUrl.replace(/\/+$/, '')}/wecom/templates/${suiteId}/callback`
          : undefined,
        timeZone: deps.timeZone,
        locale,
      };
      findings.push(...TEMPLATE_RULES.flatMap((rule) => rule(facts)));
    }
    return findings;
  }

  async function diagnose(corpId: string, locale: Locale = DEFAULT_LOCALE): Promise<EnterpriseDiagnosis> {
    const now = clock.now();
    const f = await enterpriseFacts(corpId, now, locale);
    const w = wordsFor(WORDS, locale);
    // A broken template callback URL explains an enterprise's silence too: only its configured, active templates.
    const suites = f.authorizations
      .filter((a) => a.state === 'active' && deps.templates.has(a.suiteId))
      .map((a) => a.suiteId);
    const findings = sortFindings([
      ...ENTERPRISE_RULES.flatMap((rule) => rule(f)),
      ...(await templateFindings(suites, now, await providerErrors(now), locale)),
    ]);
    const top = findings[0];
    return {
      corpId,
      corpName: f.corpName,
      checkedAt: now,
      needsPerson: findings.some((x) => x.needsPerson),
      summary: top ? w.summary(top.cause, top.actorLabel, top.nextStep) : w.nothingWrong,
      findings,
      state: describeState(f, w),
      recentCallbacks: f.callbacks.slice(0, RECENT).map((e) => ({
        at: e.receivedAt,
        kind: e.kind,
        status: e.status,
        ...(e.lastError ? { error: e.lastError } : {}),
      })),
      recentErrors: f.errors.slice(0, RECENT).map(({ at, api, errcode, errmsg, suiteId }) => ({
        at,
        api,
        errcode,
        errmsg,
        ...(suiteId ? { suiteId } : {}),
      })),
    };
  }

  async function diagnoseAll(
    locale: Locale = DEFAULT_LOCALE,
    opts: { without?: ReadonlySet<string> } = {},
  ): Promise<ToDoList> {
    const now = clock.now();
    const candidates = (await candidateCorps(stores, now)).filter((c) => !opts.without?.has(c.corpId));
    const { checked: corpIds, notChecked } = checkedCandidates(candidates);
    const merged = new Map<string, NeedsPerson>();
    const add = (x: Finding, enterprise?: { corpId: string; corpName: string }): void => {
      if (!x.needsPerson) return;
      const seen = merged.get(x.key);
      if (!seen) {
        merged.set(x.key, { ...x, enterprises: enterprise ? [enterprise] : [] });
        return;
      }
      if (enterprise && !seen.enterprises.some((e) => e.corpId === enterprise.corpId))
        seen.enterprises.push(enterprise);
      if (x.since && (!seen.since || x.since < seen.since)) seen.since = x.since;
    };
    for (let i = 0; i < corpIds.length; i += CONCURRENCY) {
      const batch = await Promise.all(
        corpIds.slice(i, i + CONCURRENCY).map((id) =>
          // A failed message or an error can outlive the enterprise's records: nothing to diagnose.
          enterpriseFacts(id, now, locale).catch((err: unknown) => {
            if (err instanceof NotFoundError) return undefined;
            throw err;
          }),
        ),
      );
      for (const f of batch) {
        if (!f) continue;
        for (const x of ENTERPRISE_RULES.flatMap((rule) => rule(f)))
          add(x, { corpId: f.corpId, corpName: f.corpName });
      }
    }
    const errors = await providerErrors(now);
    for (const x of await templateFindings([...deps.templates.keys()], now, errors, locale)) add(x);
    const providerWide = errors.filter((e) => !e.suiteId);
    const scope = { timeZone: deps.timeZone, locale };
    for (const x of TEMPLATE_SCOPE_RULES.flatMap((rule) => rule(providerWide, scope))) add(x);
    return {
      needsPerson: sortFindings([...merged.values()]),
      checkedEnterprises: corpIds.length,
      notChecked,
    };
  }

  return { diagnose, diagnoseAll };
}

function sortFindings<T extends Finding>(findings: T[]): T[] {
  return findings.sort(
    (a, b) =>
      Number(b.needsPerson) - Number(a.needsPerson) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.since?.getTime() ?? 0) - (b.since?.getTime() ?? 0) ||
      a.key.localeCompare(b.key),
  );
}

/** One line per app: its status, its rollout and its pending permission request. */
function describeState(f: EnterpriseFacts, w: DiagnosisWords): string[] {
  const s = supportWords(f.locale);
  return f.apps.map((app) => {
    const auth = f.authorizations.find((a) => a.suiteId === app.suiteId);
    const parts = [w.app(app.name, app.suiteId, s.appStatus[app.status])];
    if (auth?.state === 'cancelled') parts.push(s.authorization.cancelled);
    const r = f.rollouts.find((x) => x.suiteId === app.suiteId);
    const stage = r?.plan[r.stageIndex];
    if (r) parts.push(w.rollout(s.rolloutState[r.state], stage ? stageName(stage, f.locale) : s.noneYet));
    const pending = f.requests.find((x) => x.suiteId === app.suiteId && x.state === 'pending');
    if (pending) parts.push(w.request(requestStateWords(pending, f.locale)));
    return parts.join(w.join);
  });
}
