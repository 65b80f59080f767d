import { html, type Html } from '../html';

export interface Bar {
  label: string;
  value: number;
  href: string;
  /** A part of the bar drawn apart (e.g. the stuck ones), with its own list. */
  part?: { value: number; label: string; href: string };
}

export interface BarChart {
  id: string;
  title: string;
  /** The text alternative: what the chart says, in words. */
  summary: string;
  bars: readonly Bar[];
  countHeader: string;
  /** A value with its part in words, e.g. "2 (1 stuck)". */
  partText?: (value: number, part: number) => string;
}

// The drawing's own units; the SVG scales to its box (a phone or a laptop) and keeps its shape.
const WIDTH = 400;
const LABEL = 118;
const GAP = 6;
const VALUE = 74;
const ROW = 28;
const BAR = 18;
export const BAR_SPACE = WIDTH - LABEL - GAP - VALUE;

/** Bar lengths in proportion to the largest value; all zero when there is nothing to count. */
export function barLengths(values: readonly number[], space = BAR_SPACE): number[] {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 ? 0 : Math.round((v / max) * space * 10) / 10));
}

/** Horizontal bars, each a link to its list, with a data table for screen readers. */
export function barChart(c: BarChart): Html {
  const lengths = barLengths(c.bars.flatMap((b) => [b.value, b.part?.value ?? 0]));
  const height = c.bars.length * ROW + 4;
  const rows = c.bars.map((b, i) => {
    const y = i * ROW + 4;
    const length = lengths[2 * i]!;
    const part = b.part && b.part.value > 0 ? b.part : undefined;
    const text = part && c.partText ? c.partText(b.value, part.value) : String(b.value);
    return html`<g>
      <a href="${b.href}">
        <title>${b.label}: ${b.value}</title>
        <text x="${LABEL}" y="${y + BAR / 2}" text-anchor="end" dominant-baseline="central">${b.label}</text>
        <rect
          class="bar"
          x="${LABEL + GAP}"
          y="${y}"
          width="${length}"
          height="${BAR}"
          data-value="${b.value}"
        ></rect>
        <text class="value" x="${LABEL + GAP + length + 4}" y="${y + BAR / 2}" dominant-baseline="central"
          >${text}</text
        >
      </a>
      ${
        part
          ? html`<a href="${part.href}"
              ><title>${part.label}: ${part.value}</title
              ><rect
                class="part"
                x="${LABEL + GAP}"
                y="${y}"
                width="${lengths[2 * i + 1]!}"
                height="${BAR}"
                data-value="${part.value}"
              ></rect
            ></a>`
          : ''
      }
    </g>`;
  });
  return html`<svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${c.id}-title ${c.id}-desc">
      <title id="${c.id}-title">${c.title}</title>
      <desc id="${c.id}-desc">${c.summary}</desc>
      ${rows}
    </svg>
    <table class="sr-only">
      <caption>
        ${c.title}
      </caption>
      <thead>
        <tr>
          <th scope="col"></th>
          <th scope="col">${c.countHeader}</th>
        </tr>
      </thead>
      <tbody>
        ${c.bars.map(
          (b) =>
            html`<tr>
                <th scope="row"><a href="${b.href}">${b.label}</a></th>
                <td>${b.value}</td>
              </tr>
              ${
                b.part
                  ? html`<tr>
                      <th scope="row"><a href="${b.part.href}">${b.part.label}</a></th>
                      <td>${b.part.value}</td>
                    </tr>`
                  : ''
              }`,
        )}
      </tbody>
    </table>`;
}
