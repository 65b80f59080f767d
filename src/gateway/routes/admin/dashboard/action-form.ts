import type { ActionDescriptor } from '../../../../domain/support/diagnosis-types';
import { html, type Html } from './html';
import { PERMISSION_FIELD_PREFIX, isActionPath } from './paths';

type Style = 'primary' | 'secondary' | 'danger';

/** A one-button POST form; `back` is the page to return to afterwards. */
export function actionButton(
  action: string,
  label: string,
  opts: { back: string; fields?: readonly (readonly [string, string])[]; style?: Style },
): Html {
  const style = opts.style && opts.style !== 'primary' ? opts.style : '';
  return html`<form method="post" action="${action}" class="inline">
    <input type="hidden" name="back" value="${opts.back}" />
    ${(opts.fields ?? []).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
    <button type="submit" ${style ? html` class="${style}"` : ''}>${label}</button>
  </form>`;
}

/**
 * A diagnosis's one-click fix, as the dashboard form that twins its admin API call
 * (/admin/api/… → /admin/actions/…). A fix without a form twin is shown as the API call to make.
 */
export function fixButton(fix: ActionDescriptor, back: string): Html {
  const twin = fix.path.replace(/^\/admin\/api\//, '/admin/actions/');
  if (fix.method !== 'POST' || twin === fix.path || !isActionPath(twin)) {
    return html`<span class="muted">${fix.label}: <code>${fix.method} ${fix.path}</code></span>`;
  }
  const fields: [string, string][] = [];
  for (const [key, value] of Object.entries(fix.body ?? {})) {
    if (key === 'permissions' && Array.isArray(value)) {
      for (const id of value) fields.push([`${PERMISSION_FIELD_PREFIX}${String(id)}`, 'on']);
    } else if (value !== undefined && value !== null) {
      fields.push([key, String(value)]);
    }
  }
  return actionButton(twin, fix.label, { back, fields });
}
