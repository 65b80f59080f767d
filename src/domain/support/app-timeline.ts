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
  },
};

/** Everything recorded about one app as one timeline, newest first. */
export function buildTimeline(p: TimelineParts): TimelineEntry[] {
  const w = wordsFor(WORDS, p.locale);
  const status = supportWords(p.locale).appStatus;
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
        summary: w.permission(h.what, r.requested.join(', ')),
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
      summary: w.rollout(h.what),
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
