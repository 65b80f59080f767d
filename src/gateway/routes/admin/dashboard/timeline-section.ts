import type { TimelineEntry } from '../../../../domain/support/app-timeline';
import type { Page } from '../../../../domain/support/query-params';
import { actionButton } from './action-form';
import { statusTag, when } from './format';
import { html, type Html } from './html';
import type { DashboardWords } from './words/dashboard-words';
import { messageResendPath } from './paths';

/** One app's timeline, newest first, with a resend on each failed message. */
export function timelineSection(
  timeline: Page<TimelineEntry>,
  back: string,
  tz: string,
  w: DashboardWords,
): Html {
  const a = w.app;
  const pages = Math.max(1, Math.ceil(timeline.total / timeline.pageSize));
  const link = (n: number, label: string) => html`<a href="${back}?page=${n}">${label}</a>`;
  return html`<h2>${a.timeline(timeline.total)}</h2>
    <div class="table-wrap">
      <table class="cards" id="timeline">
        <thead>
          <tr>
            <th>${a.time}</th>
            <th>${a.source}</th>
            <th>${a.what}</th>
            <th>${a.by}</th>
            <th>${w.cols.status}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${timeline.items.map(
            (e) =>
              html`<tr>
                <td data-label="${a.time}">${when(e.at, tz)}</td>
                <td data-label="${a.source}">${w.source[e.source]}</td>
                <td data-label="${a.what}">
                  ${e.summary}${e.detail ? html`<br /><small>${e.detail}</small>` : ''}
                </td>
                <td data-label="${a.by}">${e.by ?? ''}</td>
                <td data-label="${w.cols.status}">${statusTag(e.status, w)}</td>
                <td>
                  ${e.source === 'message' && e.status === 'failed' && e.ref ? actionButton(messageResendPath(e.ref), a.resend, { back, style: 'secondary' }) : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <nav class="pager" aria-label="${w.pager.label}">
      ${timeline.page > 1 ? link(timeline.page - 1, a.newer) : ''}
      <span>${w.pager.page(timeline.page, pages)}</span>
      ${timeline.page < pages ? link(timeline.page + 1, a.older) : ''}
    </nav>`;
}
