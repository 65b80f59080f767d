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

export interface Choice {
  value: string;
  text: string;
  /** The language the option's text is in, when it is not the page's (a language's own name). */
  lang?: string;
}

/** A form that posts one choice from a list, the current one selected; its id is `${name}-form`. */
export function choiceForm(o: {
  action: string;
  name: string;
  label: string;
  choices: readonly Choice[];
  selected: string | undefined;
  submit: string;
  back: string;
}): Html {
  return html`<form method="post" action="${o.action}" class="actions" id="${o.name}-form">
    <input type="hidden" name="back" value="${o.back}" />
    <label for="${o.name}">${o.label}</label>
    <select id="${o.name}" name="${o.name}">
      ${o.choices.map(
        (c) =>
          html`<option
            value="${c.value}"
            ${c.lang ? html` lang="${c.lang}"` : ''}
            ${c.value === o.selected ? html`selected` : ''}
          >
            ${c.text}
          </option>`,
      )}
    </select>
    <button type="submit">${o.submit}</button>
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
