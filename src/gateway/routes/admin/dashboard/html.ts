/**
 * HTML output for the dashboard. Every interpolated value goes through `escapeHtml` unless it is
 * already `Html` (built by this tag), so data from WeCom or staff can never become markup.
 */
export class Html {
  constructor(readonly value: string) {}
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** The one escape helper: text and attribute values alike (attributes are always double-quoted). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => ENTITIES[ch]!);
}

function render(part: Part): string {
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  if (part === null || part === undefined || part === false) return '';
  return escapeHtml(String(part));
}

/** Tagged template: `html\`<td>${name}</td>\`` escapes `name`; nested `html` fragments pass as they are. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup written in this codebase (CSS, the inline script): never data. */
export function trusted(markup: string): Html {
  return new Html(markup);
}
