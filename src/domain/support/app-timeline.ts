import type {
  App,
  Authorization,
  InboundEvent,
  OutboxMessage,
  PermissionRequest,
  Rollout,
  WecomErrorRecord,
} from '../model';
import { wordsFor, type Catalogue, type Locale } from '../../shared/locale';
import { supportWords } from './support-words';

export type TimelineSource =
  'authorization' | 'status' | 'callback' | 'message' | 'alert' | 'permission' | 'rollout' | 'wecom_error';

/** One thing that happened to an app, whatever part of the bot recorded it. */
export interface TimelineEntry {
  at: Date;
  source: TimelineSource;
  /** A short machine-readable name: the callback kind, the message topic, the history entry … */
  what: string;
  summary: string;
  by?: string;
  /** The outbox message id, permission request id or event key it refers to. */
  ref?: string;
  /** The delivery status of a message, the handling status of a callback. */
  status?: string;
  detail?: string;
}

export interface TimelineParts {
  authorization?: Authorization;
  app?: App;
  rollout?: Rollout;
  requests: readonly PermissionRequest[];
  messages: readonly OutboxMessage[];
  alerts: readonly OutboxMessage[];
  callbacks: readonly InboundEvent[];
  errors: readonly WecomErrorRecord[];
  /** The language of the summaries. */
  locale: Locale;
}

interface TimelineWords {
  authorized: (corpName: string) => string;
  cancelled: string;
  status: (from: string, to: string) => string;
  callback: (kind: string) => string;
  message: (topic: string, to: string) => string;
  alert: (title: string) => string;
  permission: (what: string, requested: string) => string;
  rollout: (what: string) => string;
  wecomError: (errcode: number, api: string) => string;
  /** What a permission request's or a rollout's history entry records; a code not here is shown as it is. */
  history: Partial<Record<string, string>>;
}

const WORDS: Catalogue<TimelineWords> = {
  'zh-CN': {
    authorized: (corp) => `企业授权：${corp}`,
    cancelled: '企业取消授权',
    status: (from, to) => `状态：${from} → ${to}`,
    callback: (kind) => `回调：${kind}`,
    message: (topic, to) => `消息 ${topic} → ${to}`,
    alert: (title) => `客服提醒：${title}`,
    permission: (what, requested) => `权限申请 ${what}：${requested}`,
    rollout: (what) => `扩大可见范围：${what}`,
    wecomError: (code, api) => `企业微信错误 ${code}：${api}`,
    history: {
      filed: '已提出',
      answered: '已答复',
      reminded: '已提醒',
      not_granted: '尚未生效',
      granted: '已生效',
      declined: '暂不授权',
      superseded: '已被取代',
      raised_again: '再次询问',
      raised_again_after: '稍后再次询问',
      follow_up_stopped: '停止追问',
      check_stopped: '停止检查',
      started: '已开始',
      plan_set: '已设置计划',
      advanced: '已前进一阶段',
      completed: '已完成',
      paused: '已暂停',
      resumed: '已恢复',
      restarted: '已从头开始',
      reopened: '已重新打开',
      escalated: '已转客服跟进',
      remind_later: '稍后提醒',
      narrowed: '可见范围缩小',
      widened_not_seen: '说已扩大但未见变化',
      cancelled: '已停止',
      new_app: '换了新应用',
    },
  },
  en: {
    authorized: (corp) => `authorized: ${corp}`,
    cancelled: 'authorization cancelled',
    status: (from, to) => `status: ${from} → ${to}`,
    callback: (kind) => `callback: ${kind}`,
    message: (topic, to) => `message ${topic} → ${to}`,
    alert: (title) => `support alert: ${title}`,
    permission: (what, requested) => `permission request ${what}: ${requested}`,
    rollout: (what) => `rollout: ${what}`,
    wecomError: (code, api) => `WeCom error ${code}: ${api}`,
    history: {
      filed: 'filed',
      answered: 'answered',
      reminded: 'reminded',
      not_granted: 'not in effect yet',
      granted: 'in effect',
      declined: 'not now',
      superseded: 'superseded',
      raised_again: 'asked again',
      raised_again_after: 'asked again later',
      follow_up_stopped: 'follow-ups stopped',
      check_stopped: 'checks stopped',
      started: 'started',
      plan_set: 'plan set',
      advanced: 'advanced a stage',
      completed: 'completed',
      paused: 'paused',
      resumed: 'resumed',
      restarted: 'restarted',
      reopened: 'reopened',
      escalated: 'escalated to support',
      remind_later: 'remind later',
      narrowed: 'visibility narrowed',
      widened_not_seen: 'said widened, not seen',
      cancelled: 'stopped',
      new_app: 'replaced by a new app',
    },
  },
};

/** Everything recorded about one app as one timeline, newest first. */
export function buildTimeline(p: TimelineParts): TimelineEntry[] {
  const w = wordsFor(WORDS, p.locale);
  const status = supportWords(p.locale).appStatus;
  const said = (what: string): string => (Object.hasOwn(w.history, what) ? w.history[what]! : what);
  const entries: TimelineEntry[] = [];
  const auth = p.authorization;
  if (auth) {
    entries.push({
      at: auth.createdAt,
      source: 'authorization',
      what: 'authorized',
      summary: w.authorized(auth.corpName),
      ...(auth.authUserId ? { by: auth.authUserId } : {}),
    });
    if (auth.cancelledAt) {
      entries.push({
        at: auth.cancelledAt,
        source: 'authorization',
        what: 'cancelled',
        summary: w.cancelled,
      });
    }
  }
  for (const c of p.app?.statusHistory ?? []) {
    entries.push({
      at: c.at,
      source: 'status',
      what: c.to,
      summary: w.status(status[c.from], status[c.to]),
      by: c.by,
    });
  }
  for (const e of p.callbacks) {
    entries.push({
      at: e.receivedAt,
      source: 'callback',
      what: e.kind,
      summary: w.callback(e.kind),
      ref: e.key,
      status: e.status,
      ...(e.lastError ? { detail: e.lastError } : {}),
    });
  }
  for (const m of p.messages) {
    entries.push({
      at: m.createdAt,
      source: 'message',
      what: m.topic,
      summary: w.message(m.topic, m.toUser ?? '—'),
      ref: m.id,
      status: m.status,
      ...(m.lastError ? { detail: m.lastError } : {}),
    });
  }
  for (const m of p.alerts) {
    entries.push({
      at: m.createdAt,
      source: 'alert',
      what: m.dedupeKey.split(':')[0] ?? m.topic,
      summary: w.alert(alertTitle(m)),
      ref: m.id,
      status: m.status,
    });
  }
  for (const r of p.requests) {
    for (const h of r.history) {
      entries.push({
        at: h.at,
        source: 'permission',
        what: h.what,
        summary: w.permission(said(h.what), r.requested.join(', ')),
        ref: r.id,
        ...(h.by ? { by: h.by } : {}),
        ...(h.detail ? { detail: h.detail } : {}),
      });
    }
  }
  for (const h of p.rollout?.history ?? []) {
    entries.push({
      at: h.at,
      source: 'rollout',
      what: h.what,
      summary: w.rollout(said(h.what)),
      ...(h.by ? { by: h.by } : {}),
      ...(h.detail ? { detail: h.detail } : {}),
    });
  }
  for (const e of p.errors) {
    entries.push({
      at: e.at,
      source: 'wecom_error',
      what: String(e.errcode),
      summary: w.wecomError(e.errcode, e.api),
      detail: e.errmsg,
    });
  }
  // Stable: equal times keep the order above (the cause before what it caused, reversed).
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => b.e.at.getTime() - a.e.at.getTime() || b.i - a.i)
    .map(({ e }) => e);
}

/** The bold title of an alert's markdown. */
function alertTitle(m: OutboxMessage): string {
  const content = (m.payload.markdown as { content?: unknown } | undefined)?.content;
  const title = typeof content === 'string' ? /\*\*(.+?)\*\*/.exec(content)?.[1] : undefined;
  return title ?? m.topic;
}
