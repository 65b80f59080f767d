import { BAR_SPACE, barChart } from '../../../../src/gateway/routes/admin/dashboard/charts/bar-chart';
import { dayChart } from '../../../../src/gateway/routes/admin/dashboard/charts/day-chart';
import { overviewChartsSection } from '../../../../src/gateway/routes/admin/dashboard/charts/overview-charts-section';
import {
  ENABLED_BUCKETS,
  REQUEST_OUTCOMES,
  type OverviewCharts,
} from '../../../../src/domain/support/overview-charts';
import { FUNNEL_STAGES } from '../../../../src/domain/support/funnel-stage';

const widths = (svg: string, cls: string): number[] =>
  [...svg.matchAll(new RegExp(`<rect\\s+class="${cls}"[^>]*?\\swidth="([\\d.]+)"`, 'g'))].map((m) =>
    Number(m[1]),
  );

const bar = (label: string, value: number) => ({ label, value, href: `/admin/enterprises?x=${value}` });

/** The text a reader sees: no style sheet, no tags, entities decoded. */
const visibleText = (markup: string): string =>
  markup
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/g, ' ');

function charts(over: Partial<OverviewCharts> = {}): OverviewCharts {
  const days = Array.from({ length: 30 }, (_, i) => `2026-02-${String(i + 1).padStart(2, '0')}`);
  return {
    since: new Date('2026-01-31T16:00:00Z'),
    until: new Date('2026-03-02T16:00:00Z'),
    funnel: FUNNEL_STAGES.map((stage, i) => ({ stage, count: i, stuck: stage === 'members' ? 2 : 0 })),
    daysToEnabled: ENABLED_BUCKETS.map((bucket, i) => ({ bucket, count: 6 - i })),
    requests: REQUEST_OUTCOMES.map((state, i) => ({ state, count: i + 1 })),
    messages: days.map((day, i) => ({ day, sent: i % 5, failed: i === 29 ? 3 : 0 })),
    ...over,
  };
}

describe('the overview charts as SVG', () => {
  it('draws bars in proportion to their values, the largest across the whole space', () => {
    const svg = barChart({
      id: 't',
      title: 'T',
      summary: 's',
      countHeader: 'n',
      bars: [bar('a', 4), bar('b', 2), bar('c', 0), bar('d', 1)],
    }).value;
    expect(widths(svg, 'bar')).toEqual([BAR_SPACE, BAR_SPACE / 2, 0, BAR_SPACE / 4]);
  });

  it('draws a marked part of a bar in proportion too, linked to its own list', () => {
    const svg = barChart({
      id: 't',
      title: 'T',
      summary: 's',
      countHeader: 'n',
      partText: (n, stuck) => `${n} (${stuck} stuck)`,
      bars: [{ ...bar('a', 4), part: { value: 1, label: 'a stuck', href: '/admin/enterprises?stuck=true' } }],
    }).value;
    expect(widths(svg, 'part')).toEqual([BAR_SPACE / 4]);
    expect(svg).toContain('href="/admin/enterprises?stuck=true"');
    expect(svg).toContain('4 (1 stuck)');
  });

  it('handles nothing to count: no bar, no NaN, and says there is no data', () => {
    const empty = charts({
      funnel: FUNNEL_STAGES.map((stage) => ({ stage, count: 0, stuck: 0 })),
      daysToEnabled: ENABLED_BUCKETS.map((bucket) => ({ bucket, count: 0 })),
      requests: REQUEST_OUTCOMES.map((state) => ({ state, count: 0 })),
      messages: charts().messages.map((m) => ({ ...m, sent: 0, failed: 0 })),
    });
    const out = overviewChartsSection(empty, 'en').value;
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
    expect(widths(out, 'bar').every((w) => w === 0)).toBe(true);
    expect(out.match(/<desc\s[^>]*>No data yet<\/desc>/g)).toHaveLength(4);
    const days = dayChart({
      id: 'd',
      title: 'D',
      summary: 's',
      days: [],
      dayHeader: 'day',
      series: [],
    }).value;
    expect(days).not.toMatch(/NaN|Infinity/);
  });

  it('escapes labels, titles and links', () => {
    const svg = barChart({
      id: 'x"y',
      title: '<b>T</b>',
      summary: '</desc><script>alert(1)</script>',
      countHeader: 'n',
      bars: [{ label: '<script>alert("x")</script>', value: 1, href: '/admin/enterprises?a="><script>' }],
    }).value;
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(svg).toContain('id="x&quot;y-title"');
  });

  it('draws a day chart with heights in proportion and today labelled', () => {
    const out = dayChart({
      id: 'm',
      title: 'M',
      summary: 's',
      days: ['2026-02-28', '2026-03-01', '2026-03-02'],
      dayHeader: 'day',
      series: [
        { key: 'sent', label: 'sent', values: [4, 2, 0] },
        { key: 'failed', label: 'failed', values: [0, 1, 0] },
      ],
    }).value;
    const heights = (cls: string) =>
      [...out.matchAll(new RegExp(`<rect\\s+class="${cls}"[^>]*?\\sheight="([\\d.]+)"`, 'g'))].map((m) =>
        Number(m[1]),
      );
    expect(heights('series-sent')).toEqual([120, 60, 0]);
    expect(heights('series-failed')).toEqual([0, 30, 0]);
    expect(out).toMatch(/>03-02<\/text\s*>/);
    expect(out).toContain('<td>4</td>');
  });

  it('gives each chart a title, a description, a data table and links to its lists', () => {
    const out = overviewChartsSection(charts(), 'zh-CN').value;
    for (const id of ['chart-funnel', 'chart-enabled', 'chart-requests', 'chart-messages']) {
      const figure = out.slice(
        out.indexOf(`id="${id}"`),
        out.indexOf('</figure>', out.indexOf(`id="${id}"`)),
      );
      expect(figure).toMatch(/<svg\s[^>]*role="img"\s+aria-labelledby="\w+-title \w+-desc"/);
      expect(figure).toMatch(/<title id="\w+-title">[^<]+<\/title>/);
      expect(figure).toMatch(/<desc id="\w+-desc">[^<]+<\/desc>/);
      expect(figure).toContain('<table class="sr-only">');
      expect(figure).toMatch(/href="\/admin\/enterprises\?[^"]*test=false/);
    }
    expect(out).toContain(
      'href="/admin/enterprises?view=apps&amp;authorization=active&amp;stage=members&amp;stuck=true&amp;test=false"',
    );
    expect(out).toContain(
      `href="/admin/enterprises?messages=failed&amp;since=${encodeURIComponent('2026-01-31T16:00:00.000Z')}&amp;test=false"`,
    );
  });

  it('speaks one language at a time', () => {
    const zh = visibleText(overviewChartsSection(charts(), 'zh-CN').value);
    const en = visibleText(overviewChartsSection(charts(), 'en').value);
    expect(zh).toContain('上线与扩大可见范围漏斗');
    expect(zh).not.toMatch(/[A-Za-z]{2,}/);
    expect(en).toContain('Going live and widening the visible range');
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
    expect(zh).toContain('4（停滞 2）');
    expect(en).toContain('4 (2 stuck)');
    expect(en).toContain('Open the list (awaiting reply)');
    expect(en).not.toMatch(/[（）：，]/);
  });
});
