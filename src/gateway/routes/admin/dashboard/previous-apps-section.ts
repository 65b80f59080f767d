import { STATUS_LABELS } from '../../../../domain/lifecycle/app-status';
import type { PreviousApp } from '../../../../domain/model';
import { describeVisibility } from '../../../../domain/rollout/reach';
import { when } from './format';
import { html, type Html } from './html';

/** The apps WeCom replaced (re-authorizations), newest first: history, not the app the page is about. */
export function previousAppsSection(previous: readonly PreviousApp[], tz: string): Html | '' {
  if (previous.length === 0) return '';
  return html`<h2>以前的应用 / Previous apps</h2>
    <table id="previous-apps">
      <thead>
        <tr>
          <th>应用 ID / agent id</th>
          <th>状态 / status</th>
          <th>可见范围 / visibility</th>
          <th>自定义权限 / custom permissions</th>
          <th>推广 / rollout</th>
          <th>期间 / from – replaced</th>
        </tr>
      </thead>
      <tbody>
        ${[...previous].reverse().map(
          (p) =>
            html`<tr>
              <td><code>${p.agentId ?? '—'}</code> ${p.name}</td>
              <td>${STATUS_LABELS[p.status]}</td>
              <td>${p.visibility ? describeVisibility(p.visibility) : '—'}</td>
              <td>${p.effectivePermissions.join(', ') || '—'}</td>
              <td>${p.rolloutStage ?? '—'} ${p.rolloutState ? `(${p.rolloutState})` : ''}</td>
              <td>${when(p.createdAt, tz)} – ${when(p.replacedAt, tz)}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}
