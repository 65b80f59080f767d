import type { AppFilter, Query } from '../../../../../domain/support/query-params';
import { formatLocal } from '../../../../../domain/rollout/zoned-time';
import { type Locale, wordsFor } from '../../../../../shared/locale';
import { html, type Html } from '../html';
import { CHART_WORDS } from './chart-words';

const CHART_KEYS = ['stage', 'enabledDays', 'request', 'messages', 'since'];

/**
 * Above a list opened from a chart: the chart's filter in words (the filter form does not show
 * it), and a link to the same list without it.
 */
export function chartFilterNote(query: Query, filter: AppFilter, timeZone: string, locale: Locale): Html {
  const w = wordsFor(CHART_WORDS, locale);
  const parts = [
    filter.stage && w.funnel.stages[filter.stage],
    filter.enabledDays && `${w.enabled.title}: ${w.enabled.buckets[filter.enabledDays]}`,
    filter.request && w.requests.outcomes[filter.request],
    filter.messages && (filter.messages === 'failed' ? w.messages.listFailed : w.messages.listSent),
    filter.since && w.since(formatLocal(filter.since, timeZone)),
  ].filter((p): p is string => Boolean(p));
  if (parts.length === 0) return html``;
  const rest = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (typeof v === 'string' && !CHART_KEYS.includes(k)) rest.set(k, v);
  return html`<p class="flash ok" id="chart-filter">
    ${w.filteredBy(parts)}
    <a href="/admin/enterprises?${rest.toString()}">${w.dropChartFilter}</a>
  </p>`;
}
