import type { Container } from '../../../../container';
import { permissionNames } from '../../../../domain/permissions/catalogue';
import type { AppDetail } from '../../../../domain/support/support-queries';
import { requestStateWords } from '../../../../domain/support/support-words';
import { actionButton } from './action-form';
import { tag, when } from './format';
import { html, type Html } from './html';
import type { PageText } from './page-locale';
import { PERMISSION_FIELD_PREFIX, appActionPath } from './paths';

/** The app's permission requests, a "confirmed in console" button on each open one, and the form to file one. */
export function permissionsSection(
  app: AppDetail,
  c: Container,
  back: string,
  tz: string,
  { locale, w, s }: PageText,
): Html {
  const a = w.app;
  const lang = locale === 'en' ? 'en' : 'zh';
  const names = (ids: readonly string[]) => permissionNames(c.permissions.catalogue, ids, lang);
  return html`<h2>${a.requests}</h2>
    ${
      app.requests.length === 0
        ? html`<p class="muted">${s.noneYet}</p>`
        : html`<div class="table-wrap">
            <table class="cards" id="requests">
              <thead>
                <tr>
                  <th>${a.filed}</th>
                  <th>${a.requested}</th>
                  <th>${a.state}</th>
                  <th>${a.raised}</th>
                  <th>${a.answer}</th>
                </tr>
              </thead>
              <tbody>
                ${app.requests.map(
                  (r) =>
                    html`<tr>
                      <td data-label="${a.filed}">
                        ${when(r.createdAt, tz)}<br /><small>${r.filedBy}</small>
                      </td>
                      <td data-label="${a.requested}">
                        ${names(r.requested)}<br /><small>${a.before}: ${names(r.previous)}</small>
                      </td>
                      <td data-label="${a.state}">
                        ${tag(requestStateWords(r, locale), r.state === 'pending' ? 'warn' : r.state === 'declined' ? 'bad' : r.state === 'granted' ? 'ok' : 'plain')}
                      </td>
                      <td data-label="${a.raised}">${r.raisedCount}</td>
                      <td data-label="${a.answer}">
                        ${r.answer ? html`${r.answer.answer === 'approve' ? a.approve : a.notNow} — ${r.answer.by} <small>(${r.answer.via})</small><br />${when(r.answer.at, tz)}` : html`<span class="muted">—</span>`}
                        ${r.evidence ? html`<br /><small>${w.evidence}: ${r.evidence.kind}${r.evidence.by ? ` (${r.evidence.by})` : ''}</small>` : ''}
                        ${r.state === 'pending' || r.state === 'declined' ? html`<br />${actionButton(appActionPath(app.suiteId, app.corpId, 'permission-granted'), a.confirmedInConsole, { back, fields: [['requestId', r.id]], style: 'secondary' })}` : ''}
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }
    <form
      method="post"
      action="${appActionPath(app.suiteId, app.corpId, 'permission-requests')}"
      id="file-request"
    >
      <input type="hidden" name="back" value="${back}" />
      <fieldset>
        <legend>${a.fileRequest}</legend>
        ${c.permissions.catalogue.map(
          (p) =>
            html`<label class="check"
              ><input
                type="checkbox"
                name="${PERMISSION_FIELD_PREFIX}${p.id}"
                ${app.effectivePermissions.includes(p.id) ? html`checked` : ''}
              />
              <span
                >${lang === 'en' ? p.nameEn : p.name}<br /><small
                  >${lang === 'en' ? p.purposeEn : p.purpose}</small
                ></span
              ></label
            >`,
        )}
        <button type="submit">${a.submitRequest}</button>
        <small>${a.requestHint}</small>
      </fieldset>
    </form>`;
}
