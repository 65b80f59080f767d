import type Router from '@koa/router';
import type { Container } from '../../../../container';
import { APP_STATUSES, type AppStatus } from '../../../../domain/model';
import type { NeedsPerson } from '../../../../domain/support/diagnosis';
import type { Overview } from '../../../../domain/support/support-service';
import { supportWords, type SupportWords } from '../../../../domain/support/support-words';
import { appPath } from './paths';
import { fixButton } from './action-form';
import { severityTag, when } from './format';
import { html, type Html } from './html';
import { sendPage } from './layout';
import { doneNotice } from './notices';
import { pageLocale, pageWords } from './page-locale';
import { htmlErrors } from './respond';
import type { DashboardWords } from './words/dashboard-words';
import { overviewCharts } from '../../../../domain/support/overview-charts';
import { overviewChartsSection } from './charts/overview-charts-section';

/** /admin: counts by status, then what needs a person today, each with its one-click fix. */
export function registerOverviewPage(router: Router, c: Container): void {
  router.get(
    '/admin',
    htmlErrors(async (ctx) => {
      const locale = pageLocale(ctx);
      const w = pageWords(ctx);
      const tz = c.config.rollout.timeZone;
      const [overview, charts] = await Promise.all([
        c.support.overview(locale),
        overviewCharts({ stores: c.stores, clock: c.clock, timeZone: tz }),
      ]);
      const body = html`<p class="muted">${w.overview.asOf} ${when(overview.generatedAt, tz)} (${tz})</p>
        ${counts(overview, w, supportWords(locale))} ${overviewChartsSection(charts, locale)}
        <h2 id="needs-person">${w.overview.needsPerson(overview.needsPerson.length)}</h2>
        ${overview.needsPerson.length === 0 && overview.notChecked.enterprises === 0 ? html`<p class="flash ok">${w.overview.nothing}</p>` : ''}
        ${overview.needsPerson.length > 0 ? findings(overview.needsPerson, tz, w) : ''}
        ${overview.notChecked.enterprises > 0 ? notChecked(overview, w, supportWords(locale)) : ''}`;
      sendPage(ctx, body, { title: w.overview.title, nav: 'overview', notice: doneNotice(ctx.query, w) });
    }),
  );
}

function counts(o: Overview, w: DashboardWords, s: SupportWords): Html {
  const box = (value: number, label: string, href?: string) =>
    html`<div class="count"><b>${value}</b>${href ? html`<a href="${href}">${label}</a>` : label}</div>`;
  const t = w.overview;
  return html`<h2>${t.apps}</h2>
    <div class="counts" id="app-counts">
      ${APP_STATUSES.map((st) => box(o.apps.byStatus[st], s.appStatus[st], `/admin/enterprises?status=${st}`))}
    </div>
    <h2>${t.others}</h2>
    <div class="counts" id="other-counts">
      ${box(o.authorizations.active, t.activeAuthorizations)}
      ${box(o.authorizations.cancelled, t.cancelledAuthorizations, '/admin/enterprises?authorization=cancelled')}
      ${box(o.permissionRequests.pending, t.pendingRequests, '/admin/enterprises?pending=true')}
      ${box(o.permissionRequests.declined, t.declinedRequests)}
      ${(['active', 'paused', 'escalated', 'completed'] as const).map((st) => box(o.rollouts.byState[st], t.rollouts(s.rolloutState[st])))}
      ${box(o.rollouts.stuck, t.stuckRollouts, '/admin/enterprises?stuck=true')}
      ${(['queued', 'failed'] as const).map((st) => box(o.outbox[st], t.messages(w.delivery[st])))}
    </div>`;
}

/** The candidates the list did not diagnose, and the enterprise lists that show them. */
function notChecked(o: Overview, w: DashboardWords, s: SupportWords): Html {
  const t = w.overview;
  // The filters checkedCandidates links to, named as the counts above name them.
  const labels: Record<string, (value: string) => string> = {
    status: (v) => s.appStatus[v as AppStatus] ?? v,
    pending: () => t.pendingRequests,
    stuck: () => t.stuckRollouts,
    request: (v) => (v === 'declined' ? t.declinedRequests : v),
    messages: (v) => t.messages(w.delivery[v as keyof DashboardWords['delivery']] ?? v),
  };
  const label = (filter: Record<string, string>): string =>
    Object.entries(filter)
      .map(([key, value]) => labels[key]?.(value) ?? `${key}=${value}`)
      .join(', ');
  return html`<div class="flash warn" id="not-checked">
    <p>${t.notChecked(o.notChecked.enterprises, o.checkedEnterprises)}</p>
    <ul>
      ${o.notChecked.lists.map(
        (l) =>
          html`<li>
            <a href="/admin/enterprises?${new URLSearchParams(l.filter).toString()}">${label(l.filter)}</a>
            (${l.enterprises})
          </li>`,
      )}
    </ul>
  </div>`;
}

function findings(list: readonly NeedsPerson[], tz: string, w: DashboardWords): Html {
  const col = w.cols;
  return html`<div class="table-wrap">
    <table class="cards" id="findings">
      <thead>
        <tr>
          <th>${col.severity}</th>
          <th>${col.enterprise}</th>
          <th>${col.cause}</th>
          <th>${col.whoActs}</th>
          <th>${col.nextStep}</th>
          <th>${col.action}</th>
        </tr>
      </thead>
      <tbody>
        ${list.map((f) => {
          const where = f.enterprises.length
            ? f.enterprises.map(
                (e) =>
                  html`<div>
                    ${f.suiteId ? html`<a href="${appPath(f.suiteId, e.corpId)}">${e.corpName}</a>` : e.corpName}
                    <small><code>${e.corpId}</code></small>
                  </div>`,
              )
            : html`<span class="muted"
                >${w.overview.providerWide}${f.suiteId ? html` <code>${f.suiteId}</code>` : ''}</span
              >`;
          return html`<tr>
            <td data-label="${col.severity}">${severityTag(f.severity, w)}</td>
            <td data-label="${col.enterprise}">${where}</td>
            <td data-label="${col.cause}">
              ${f.cause}${f.since ? html`<br /><small>${w.since} ${when(f.since, tz)}</small>` : ''}
              ${
                f.evidence.length
                  ? html`<details>
                      <summary>${w.evidence}</summary>
                      <ul>
                        ${f.evidence.map((e) => html`<li>${e}</li>`)}
                      </ul>
                    </details>`
                  : ''
              }
            </td>
            <td data-label="${col.whoActs}">${f.actorLabel}</td>
            <td data-label="${col.nextStep}">${f.nextStep}</td>
            <td data-label="${col.action}">
              ${f.action ? fixButton(f.action, '/admin') : html`<span class="muted">—</span>`}
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}
