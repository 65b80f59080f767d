import { formatLocal } from '../../../../domain/rollout/zoned-time';
import { html, type Html } from './html';

/** A time in the given zone, machine-readable underneath. */
export function when(at: Date | undefined, timeZone: string): Html {
  if (!at) return html`<span class="muted">—</span>`;
  return html`<time datetime="${at.toISOString()}" title="${timeZone}">${formatLocal(at, timeZone)}</time>`;
}

export type Tone = 'ok' | 'warn' | 'bad' | 'plain';

export function tag(text: string, tone: Tone = 'plain'): Html {
  return html`<span class="tag ${tone === 'plain' ? '' : tone}">${text}</span>`;
}

/** Delivery status of a message, as staff read it. */
export const DELIVERY_LABELS: Record<string, { label: string; tone: Tone }> = {
  queued: { label: '排队中 / queued', tone: 'plain' },
  sending: { label: '发送中 / sending', tone: 'plain' },
  sent: { label: '已发送 / sent', tone: 'ok' },
  failed: { label: '失败 / failed', tone: 'bad' },
  cancelled: { label: '已取消 / cancelled', tone: 'warn' },
  received: { label: '已收到 / received', tone: 'plain' },
  handled: { label: '已处理 / handled', tone: 'ok' },
};

export function statusTag(status: string | undefined): Html | string {
  if (!status) return '';
  const known = DELIVERY_LABELS[status];
  return known ? tag(known.label, known.tone) : tag(status);
}

export const SEVERITY_LABELS: Record<string, { label: string; tone: Tone }> = {
  critical: { label: '紧急 / critical', tone: 'bad' },
  warning: { label: '警告 / warning', tone: 'warn' },
  info: { label: '提示 / info', tone: 'plain' },
};

export const SOURCE_LABELS: Record<string, string> = {
  authorization: '授权 / authorization',
  status: '状态 / status',
  callback: '回调 / callback',
  message: '消息 / message',
  alert: '客服提醒 / alert',
  permission: '权限 / permission',
  rollout: '可见范围 / rollout',
  wecom_error: '企业微信错误 / WeCom error',
};
