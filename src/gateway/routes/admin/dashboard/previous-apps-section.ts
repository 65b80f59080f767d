import type { PreviousApp } from '../../../../domain/model';
import { visibilityWords } from '../../../../domain/support/support-words';
import { when } from './format';
import { html, type Html } from './html';
import type { PageText } from './page-locale';

/** The apps WeCom replaced (re-authorizations), newest first: history, not the app the page is about. */
export function previousAppsSection(
  previous: readonly PreviousApp[],
  tz: string,
  { locale, w, s }: PageText,
): Html | '' {
  if (previous.length === 0) return '';
  return html`<h2>${w.app.previousApps}</h2>
    <table id="previous-apps">
      <thead>
        <tr>
          <th>${w.app.agentId}</th>
          <th>${w.cols.status}</th>
          <th>${w.app.visibility}</th>
          <th>${w.app.permissions}</th>
          <th>${w.cols.rollout}</th>
          <th>${w.app.period}</th>
        </tr>
      </thead>
      <tbody>
        ${[...previous].reverse().map(
          (p) =>
            html`<tr>
              <td><code>${p.agentId ?? '—'}</code> ${p.name}</td>
              <td>${s.appStatus[p.status]}</td>
              <td>${p.visibility ? visibilityWords(p.visibility, locale) : '—'}</td>
              <td>${p.effectivePermissions.join(', ') || '—'}</td>
              <td>${p.rolloutStage ?? '—'} ${p.rolloutState ? `(${s.rolloutState[p.rolloutState]})` : ''}</td>
              <td>${when(p.createdAt, tz)} – ${when(p.replacedAt, tz)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}
