import { formatLocal } from '../../../../domain/rollout/zoned-time';
import type { FindingSeverity } from '../../../../domain/support/diagnosis-types';
import { html, type Html } from './html';
import type { DashboardWords, DeliveryStatus } from './words/dashboard-words';

/** A time in the given zone, machine-readable underneath. */
export function when(at: Date | undefined, timeZone: string): Html {
  if (!at) return html`<span class="muted">—</span>`;
  return html`<time datetime="${at.toISOString()}" title="${timeZone}">${formatLocal(at, timeZone)}</time>`;
}

export type Tone = 'ok' | 'warn' | 'bad' | 'plain';

export function tag(text: string, tone: Tone = 'plain'): Html {
  return html`<span class="tag ${tone === 'plain' ? '' : tone}">${text}</span>`;
}

/** How a message's delivery status looks; its words are the page's. */
const DELIVERY_TONES: Record<DeliveryStatus, Tone> = {
  queued: 'plain',
  sending: 'plain',
  sent: 'ok',
  failed: 'bad',
  cancelled: 'warn',
  received: 'plain',
  handled: 'ok',
};

/** A delivery or handling status as a tag; one the dashboard has no words for, as it is. */
export function statusTag(status: string | undefined, words: DashboardWords): Html | string {
  if (!status) return '';
  if (!Object.hasOwn(DELIVERY_TONES, status)) return tag(status);
  const known = status as DeliveryStatus;
  return tag(words.delivery[known], DELIVERY_TONES[known]);
}

const SEVERITY_TONES: Record<FindingSeverity, Tone> = { critical: 'bad', warning: 'warn', info: 'plain' };

export function severityTag(severity: FindingSeverity, words: DashboardWords): Html {
  return tag(words.severity[severity], SEVERITY_TONES[severity]);
}
