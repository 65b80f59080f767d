import type { Visibility } from '../../../../domain/model';
import { html, type Html } from './html';

/** Who is in a visibility range, by kind, as the app page lists it. */
export function members(v: Visibility): Html {
  const list = (label: string, items: readonly (string | number)[]) =>
    items.length ? html`<br /><small>${label}: ${items.map((x) => html`<code>${x}</code> `)}</small>` : '';
  return html`${list('成员 users', v.users)}${list('部门 parties', v.parties)}${list('标签 tags', v.tags)}`;
}
