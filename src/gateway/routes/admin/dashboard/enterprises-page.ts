import type Router from '@koa/router';
import type { Container } from '../../../../container';
import { APP_STATUSES } from '../../../../domain/model';
import { appListQuery, type Page, type Query } from '../../../../domain/support/query-params';
import type { AppRow, EnterpriseRow } from '../../../../domain/support/support-queries';
import { supportWords, type SupportWords } from '../../../../domain/support/support-words';
import { appPath } from './paths';
import { tag, when } from './format';
import { html, type Html } from './html';
import { sendPage } from './layout';
import { pageLocale, pageWords } from './page-locale';
import { htmlErrors } from './respond';
import type { DashboardWords } from './words/dashboard-words';

/** The page's words and support's words for states, in the reader's language. */
interface Words {
  w: DashboardWords;
  s: SupportWords;
}
import { chartFilterNote } from './charts/chart-filter-note';

type View = 'enterprises' | 'apps';

/**
 * /admin/enterprises: enterprises (or apps) filtered by a GET form and paged, through the support
 * queries the JSON API uses. Blank form fields mean "any", so they are dropped before parsing.
 */
export function registerEnterprisesPage(router: Router, c: Container): void {
  router.get(
    '/admin/enterprises',
    htmlErrors(async (ctx) => {
      const query = filled(ctx.query as Query);
      const view: View = query.view === 'apps' ? 'apps' : 'enterprises';
      delete query.view;
      const { filter, paging } = appListQuery.parse(query);
      const [templates, list] = await Promise.all([
        c.support.listTemplates(),
        view === 'apps' ? c.support.listApps(filter, paging) : c.support.listEnterprises(filter, paging),
      ]);
      const tz = c.config.rollout.timeZone;
      const words: Words = { w: pageWords(ctx), s: supportWords(pageLocale(ctx)) };
      const { w } = words;
      const rows =
        view === 'apps'
          ? (list as Page<AppRow>).items.map((r) => appRow(r, tz, words))
          : (list as Page<EnterpriseRow>).items.map((e) => e.apps.map((r) => appRow(r, tz, words)));
      const body = html`${filterForm(ctx.query as Query, templates, words)}
        ${chartFilterNote(ctx.query as Query, filter, tz, pageLocale(ctx))}
        <p class="muted" id="list-total">${w.list.total(list.total, view)}</p>
        <div class="table-wrap">
          <table class="cards" id="app-list">
            <thead>
              <tr>
                <th>${w.cols.enterprise}</th>
                <th>${w.cols.app}</th>
                <th>${w.cols.status}</th>
                <th>${w.cols.rollout}</th>
                <th>${w.list.pendingRequest}</th>
                <th>${w.cols.authorized}</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>
        </div>
        ${pager(ctx.query as Query, list, w)}`;
      sendPage(ctx, body, { title: w.list.title, nav: 'enterprises' });
    }),
  );
}

/** The query without blank values: an empty select means "any". */
function filled(query: Query): Query {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
}

function appRow(r: AppRow, tz: string, { w, s }: Words): Html {
  const rollout = r.rollout
    ? html`${tag(s.rolloutState[r.rollout.state], r.rollout.state === 'paused' ? 'warn' : 'plain')}
        <small>${r.rollout.stage ?? s.noneYet} (${r.rollout.stageIndex + 1}/${r.rollout.stages})</small>
        ${r.rollout.stuck ? tag(w.stuck, 'bad') : ''}`
    : html`<span class="muted">—</span>`;
  const pending = r.pendingRequest
    ? html`${tag(w.list.waiting, 'warn')} <small>${r.pendingRequest.requested.join(', ')}</small>`
    : html`<span class="muted">—</span>`;
  return html`<tr>
    <td data-label="${w.cols.enterprise}">
      ${r.corpName}<br /><small><code>${r.corpId}</code></small>
      ${r.authorization === 'cancelled' ? tag(s.authorization.cancelled, 'bad') : ''}
      ${r.test ? tag(w.testEnterprise, 'warn') : ''}
    </td>
    <td data-label="${w.cols.app}">
      <a href="${appPath(r.suiteId, r.corpId)}">${r.name}</a><br /><small><code>${r.suiteId}</code></small>
    </td>
    <td data-label="${w.cols.status}">
      ${tag(s.appStatus[r.status], r.status === 'enabled' ? 'ok' : 'plain')}
    </td>
    <td data-label="${w.cols.rollout}">${rollout}</td>
    <td data-label="${w.list.pendingRequest}">${pending}</td>
    <td data-label="${w.cols.authorized}">${when(r.authorizedAt, tz)}</td>
  </tr>`;
}

function filterForm(
  q: Query,
  templates: readonly { suiteId: string; name: string }[],
  { w, s }: Words,
): Html {
  const l = w.list;
  const selected = (key: string, value: string) => (q[key] === value ? html`selected` : '');
  const options = (key: string, choices: readonly (readonly [string, string])[]) =>
    choices.map(([value, label]) => html`<option value="${value}" ${selected(key, value)}>${label}</option>`);
  const yesNo = [
    ['', l.any],
    ['true', l.yes],
    ['false', l.no],
  ] as const;
  return html`<form method="get" action="/admin/enterprises" class="filters" id="filters">
    <div>
      <label for="f-status">${l.appStatus}</label>
      <select id="f-status" name="status">
        ${options('status', [['', l.any], ...APP_STATUSES.map((st) => [st, s.appStatus[st]] as const)])}
      </select>
    </div>
    <div>
      <label for="f-template">${l.template}</label>
      <select id="f-template" name="template">
        ${options('template', [['', l.any], ...templates.map((t) => [t.suiteId, `${t.name} (${t.suiteId})`] as const)])}
      </select>
    </div>
    <div>
      <label for="f-stuck">${l.stuckRollout}</label>
      <select id="f-stuck" name="stuck">
        ${options('stuck', yesNo)}
      </select>
    </div>
    <div>
      <label for="f-pending">${l.pendingFilter}</label>
      <select id="f-pending" name="pending">
        ${options('pending', yesNo)}
      </select>
    </div>
    <div>
      <label for="f-view">${l.listBy}</label>
      <select id="f-view" name="view">
        ${options('view', [
          ['enterprises', l.byEnterprise],
          ['apps', l.byApp],
        ])}
      </select>
    </div>
    <input type="hidden" name="pageSize" value="${typeof q.pageSize === 'string' ? q.pageSize : ''}" />
    <div><button type="submit">${l.filter}</button> <a href="/admin/enterprises">${l.clear}</a></div>
  </form>`;
}

function pager(q: Query, page: Page<unknown>, w: DashboardWords): Html {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const link = (n: number, label: string, rel: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q))
      if (typeof v === 'string' && v !== '' && k !== 'page') params.set(k, v);
    params.set('page', String(n));
    return html`<a href="/admin/enterprises?${params.toString()}" rel="${rel}">${label}</a>`;
  };
  return html`<nav class="pager" aria-label="${w.pager.label}">
    ${page.page > 1 ? link(page.page - 1, w.pager.previous, 'prev') : ''}
    <span>${w.pager.page(page.page, pages)}</span>
    ${page.page < pages ? link(page.page + 1, w.pager.next, 'next') : ''}
  </nav>`;
}
