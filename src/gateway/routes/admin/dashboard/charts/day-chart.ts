import { barLengths } from './bar-chart';
import { html, type Html } from '../html';

export interface DaySeries {
  key: string;
  label: string;
  values: readonly number[];
}

export interface DayChart {
  id: string;
  title: string;
  summary: string;
  /** YYYY-MM-DD, oldest first; one entry per value of each series. */
  days: readonly string[];
  dayHeader: string;
  series: readonly DaySeries[];
}

const WIDTH = 400;
const AXIS = 26;
const TOP = 8;
const PLOT = 120;
const LABELS = 18;

/** Side-by-side bars per day (one per series), heights in proportion to the largest value. */
export function dayChart(c: DayChart): Html {
  const n = c.days.length;
  const slot = n === 0 ? 0 : (WIDTH - AXIS) / n;
  const bar = Math.max(1, (slot - 2) / Math.max(1, c.series.length));
  const all = c.series.flatMap((s) => s.values);
  const heights = barLengths(all, PLOT);
  const max = Math.max(0, ...all);
  const bars = c.series.map((s, si) =>
    s.values.map((v, d) => {
      const h = heights[si * n + d]!;
      const x = AXIS + d * slot + 1 + si * bar;
      return html`<rect
        class="series-${s.key}"
        x="${round(x)}"
        y="${round(TOP + PLOT - h)}"
        width="${round(bar)}"
        height="${h}"
        data-value="${v}"
        ><title>${c.days[d]} ${s.label}: ${v}</title></rect
      >`;
    }),
  );
  // A date every week, from today backwards, so today is always labelled (ending at the edge).
  const ticks = c.days.flatMap((day, d) =>
    (n - 1 - d) % 7 === 0
      ? [
          html`<text
            x="${d === n - 1 ? WIDTH : round(AXIS + d * slot + slot / 2)}"
            y="${TOP + PLOT + 13}"
            text-anchor="${d === n - 1 ? 'end' : 'middle'}"
            >${day.slice(5)}</text
          >`,
        ]
      : [],
  );
  return html`<svg
      viewBox="0 0 ${WIDTH} ${TOP + PLOT + LABELS}"
      role="img"
      aria-labelledby="${c.id}-title ${c.id}-desc"
    >
      <title id="${c.id}-title">${c.title}</title>
      <desc id="${c.id}-desc">${c.summary}</desc>
      <line class="axis" x1="${AXIS}" y1="${TOP + PLOT}" x2="${WIDTH}" y2="${TOP + PLOT}"></line>
      <text x="${AXIS - 4}" y="${TOP + 4}" text-anchor="end">${max}</text>
      <text x="${AXIS - 4}" y="${TOP + PLOT}" text-anchor="end">0</text>
      ${bars} ${ticks}
    </svg>
    <p class="legend">${c.series.map((s) => html`<span><i class="series-${s.key}"></i>${s.label}</span>`)}</p>
    <table class="sr-only">
      <caption>
        ${c.title}
      </caption>
      <thead>
        <tr>
          <th scope="col">${c.dayHeader}</th>
          ${c.series.map((s) => html`<th scope="col">${s.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${c.days.map(
          (day, d) =>
            html`<tr>
              <th scope="row">${day}</th>
              ${c.series.map((s) => html`<td>${s.values[d]}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
