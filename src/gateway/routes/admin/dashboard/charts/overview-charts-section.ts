import type { OverviewCharts } from '../../../../../domain/support/overview-charts';
import { CHART_DAYS } from '../../../../../domain/support/overview-charts';
import { type Locale, wordsFor } from '../../../../../shared/locale';
import { html, type Html, trusted } from '../html';
import { barChart, type Bar } from './bar-chart';
import { CHART_WORDS, type ChartWords } from './chart-words';
import { dayChart } from './day-chart';

/** The list behind a chart: enterprises (or apps) filtered as the chart counts them, customers only. */
export function listLink(filter: Record<string, string>): string {
  return `/admin/enterprises?${new URLSearchParams({ ...filter, test: 'false' }).toString()}`;
}

/** The overview's four charts: server-rendered SVG, each with words for screen readers and its list. */
export function overviewChartsSection(charts: OverviewCharts, locale: Locale): Html {
  const w = wordsFor(CHART_WORDS, locale);
  return html`<style>
      ${trusted(CHART_STYLES)}
    </style>
    <h2 id="charts">${w.heading}</h2>
    <div class="charts">
      ${funnel(charts, w)} ${daysToEnabled(charts, w)} ${requests(charts, w)} ${messages(charts, w)}
    </div>`;
}

function figure(id: string, title: string, about: string, chart: Html, links: Html): Html {
  return html`<figure class="chart" id="${id}">
    <figcaption><b>${title}</b><br /><small>${about}</small></figcaption>
    ${chart}
    <p class="chart-links">${links}</p>
  </figure>`;
}

function summary(
  w: ChartWords,
  bars: readonly Bar[],
  extra: readonly (readonly [string, number])[] = [],
): string {
  if (bars.every((b) => b.value === 0)) return w.noData;
  return w.list([...bars.map((b) => [b.label, b.value] as const), ...extra]);
}

function funnel(c: OverviewCharts, w: ChartWords): Html {
  const base = { view: 'apps', authorization: 'active' };
  const bars: Bar[] = c.funnel.map((f) => {
    const label = w.funnel.stages[f.stage];
    return {
      label,
      value: f.count,
      href: listLink({ ...base, stage: f.stage }),
      ...(f.stuck > 0
        ? {
            part: {
              value: f.stuck,
              label: w.funnel.stuckOf(label),
              href: listLink({ ...base, stage: f.stage, stuck: 'true' }),
            },
          }
        : {}),
    };
  });
  const stuck = c.funnel.reduce((n, f) => n + f.stuck, 0);
  const chart = barChart({
    id: 'funnel',
    title: w.funnel.title,
    summary: summary(w, bars, stuck > 0 ? [[w.funnel.stuckLabel, stuck]] : []),
    bars,
    countHeader: w.count,
    partText: w.funnel.withStuck,
  });
  return figure(
    'chart-funnel',
    w.funnel.title,
    w.funnel.about,
    chart,
    html`<a href="${listLink(base)}">${w.openList}</a>`,
  );
}

function daysToEnabled(c: OverviewCharts, w: ChartWords): Html {
  const bars: Bar[] = c.daysToEnabled.map((d) => ({
    label: w.enabled.buckets[d.bucket.id],
    value: d.count,
    href: listLink({ view: 'apps', enabledDays: d.bucket.id }),
  }));
  const chart = barChart({
    id: 'enabled',
    title: w.enabled.title,
    summary: summary(w, bars),
    bars,
    countHeader: w.count,
  });
  return figure(
    'chart-enabled',
    w.enabled.title,
    w.enabled.about,
    chart,
    html`<a href="${listLink({ view: 'apps', status: 'enabled' })}">${w.openList}</a>`,
  );
}

function requests(c: OverviewCharts, w: ChartWords): Html {
  const since = c.since.toISOString();
  const bars: Bar[] = c.requests.map((r) => ({
    label: w.requests.outcomes[r.state],
    value: r.count,
    href: listLink({ view: 'apps', request: r.state, since }),
  }));
  const title = w.requests.title(CHART_DAYS);
  const chart = barChart({ id: 'requests', title, summary: summary(w, bars), bars, countHeader: w.count });
  return figure(
    'chart-requests',
    title,
    w.requests.about,
    chart,
    html`<a href="${listLink({ view: 'apps', request: 'pending', since })}"
      >${w.openListOf(w.requests.outcomes.pending)}</a
    >`,
  );
}

function messages(c: OverviewCharts, w: ChartWords): Html {
  const since = c.since.toISOString();
  const sent = c.messages.reduce((n, m) => n + m.sent, 0);
  const failed = c.messages.reduce((n, m) => n + m.failed, 0);
  const title = w.messages.title(CHART_DAYS);
  const chart = dayChart({
    id: 'messages',
    title,
    summary: sent + failed === 0 ? w.noData : w.messages.totals(sent, failed),
    days: c.messages.map((m) => m.day),
    dayHeader: w.messages.day,
    series: [
      { key: 'sent', label: w.messages.sent, values: c.messages.map((m) => m.sent) },
      { key: 'failed', label: w.messages.failed, values: c.messages.map((m) => m.failed) },
    ],
  });
  return figure(
    'chart-messages',
    title,
    w.messages.totals(sent, failed),
    chart,
    html`<a href="${listLink({ messages: 'failed', since })}">${w.messages.listFailed}</a> ·
      <a href="${listLink({ messages: 'sent', since })}">${w.messages.listSent}</a>`,
  );
}

const CHART_STYLES = `
.charts { display:grid; grid-template-columns:repeat(auto-fit,minmax(min(100%,24rem),1fr)); gap:1rem; }
.chart { margin:0; border:1px solid var(--line); border-radius:8px; padding:.6rem .8rem; min-width:0; }
.chart svg { display:block; width:100%; height:auto; margin:.4rem 0; }
.chart svg text { font-size:11px; fill:var(--fg); }
.chart svg a:hover text, .chart svg a:focus text { text-decoration:underline; }
.chart .bar, .chart .series-sent { fill:var(--accent); }
.chart .part, .chart .series-failed { fill:var(--bad); }
.chart .axis { stroke:var(--line); }
.chart .legend { margin:0; display:flex; gap:1rem; font-size:.85em; }
.chart .legend i { display:inline-block; width:.8em; height:.8em; margin-right:.3em; }
.chart .legend i.series-sent { background:var(--accent); }
.chart .legend i.series-failed { background:var(--bad); }
.chart-links { margin:.2rem 0 0; }
.sr-only { position:absolute; width:1px; height:1px; padding:0; margin:-1px; overflow:hidden; clip:rect(0,0,0,0);
  white-space:nowrap; border:0; }
`;
