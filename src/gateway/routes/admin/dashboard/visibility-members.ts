import type { Visibility } from '../../../../domain/model';
import { html, type Html } from './html';

/** Who is in a visibility range, by kind, as the app page lists it. */
export function members(v: Visibility, labels: { users: string; parties: string; tags: string }): Html {
  const list = (label: string, items: readonly (string | number)[]) =>
    items.length ? html`<br /><small>${label}: ${items.map((x) => html`<code>${x}</code> `)}</small>` : '';
  return html`${list(labels.users, v.users)}${list(labels.parties, v.parties)}${list(labels.tags, v.tags)}`;
}
