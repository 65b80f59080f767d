import type Router from '@koa/router';
import type { Container } from '../../../../container';
import { APP_STATUSES } from '../../../../domain/model';
import { STATUS_LABELS } from '../../../../domain/lifecycle/app-status';
import {
  LIST_KEYS,
  parseAppFilter,
  parsePaging,
  rejectUnknown,
  type Page,
  type Query,
} from '../../../../domain/support/query-params';
import type { AppRow, EnterpriseRow } from '../../../../domain/support/support-queries';
import { appPath } from './paths';
import { tag, when } from './format';
import { html, type Html } from './html';
import { sendPage } from './layout';
import { htmlErrors } from './respond';
import { DEFAULT_LOCALE } from '../../../../shared/locale';
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
      rejectUnknown(query, LIST_KEYS);
      const filter = parseAppFilter(query);
      const paging = parsePaging(query);
      const [templates, list] = await Promise.all([
        c.support.listTemplates(),
        view === 'apps' ? c.support.listApps(filter, paging) : c.support.listEnterprises(filter, paging),
      ]);
      const tz = c.config.rollout.timeZone;
      const rows =
        view === 'apps'
          ? (list as Page<AppRow>).items.map((r) => appRow(r, tz))
          : (list as Page<EnterpriseRow>).items.map((e) => e.apps.map((r) => appRow(r, tz)));
      const body = html`${filterForm(ctx.query as Query, templates)}
        ${chartFilterNote(ctx.query as Query, filter, tz, DEFAULT_LOCALE)}
        <p class="muted" id="list-total">
          共 ${list.total} 个${view === 'apps' ? '应用' : '企业'} / ${list.total} ${view}
        </p>
        <div class="table-wrap">
          <table class="cards" id="app-list">
            <thead>
              <tr>
                <th>企业 Enterprise</th>
                <th>应用 App</th>
                <th>状态 Status</th>
                <th>扩大可见范围 Rollout</th>
                <th>待确认权限 Pending request</th>
                <th>授权时间 Authorized</th>
              </tr>
            </thead>
            <tbody>
              ${rows}
            </tbody>
          </table>
        </div>
        ${pager(ctx.query as Query, list)}`;
      sendPage(ctx, body, { title: '企业与应用 / Enterprises and apps', nav: 'enterprises' });
    }),
  );
}

/** The query without blank values: an empty select means "any". */
function filled(query: Query): Query {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
}

function appRow(r: AppRow, tz: string): Html {
  const rollout = r.rollout
    ? html`${tag(r.rollout.stateLabel, r.rollout.state === 'paused' ? 'warn' : 'plain')}
        <small
          >${r.rollout.stage ?? '尚无 / none yet'}（${r.rollout.stageIndex + 1}/${r.rollout.stages}）</small
        >
        ${r.rollout.stuck ? tag('停滞 / stuck', 'bad') : ''}`
    : html`<span class="muted">—</span>`;
  const pending = r.pendingRequest
    ? html`${tag('待企业客户确认 / waiting', 'warn')} <small>${r.pendingRequest.requested.join(', ')}</small>`
    : html`<span class="muted">—</span>`;
  return html`<tr>
    <td data-label="企业 Enterprise">
      ${r.corpName}<br /><small><code>${r.corpId}</code></small>
      ${r.authorization === 'cancelled' ? tag('已取消授权 / cancelled', 'bad') : ''}
      ${r.test ? tag('测试企业 / test', 'warn') : ''}
    </td>
    <td data-label="应用 App">
      <a href="${appPath(r.suiteId, r.corpId)}">${r.name}</a><br /><small><code>${r.suiteId}</code></small>
    </td>
    <td data-label="状态 Status">${tag(r.statusLabel, r.status === 'enabled' ? 'ok' : 'plain')}</td>
    <td data-label="扩大可见范围 Rollout">${rollout}</td>
    <td data-label="待确认权限 Pending">${pending}</td>
    <td data-label="授权时间 Authorized">${when(r.authorizedAt, tz)}</td>
  </tr>`;
}

function filterForm(q: Query, templates: readonly { suiteId: string; name: string }[]): Html {
  const selected = (key: string, value: string) => (q[key] === value ? html`selected` : '');
  const options = (key: string, choices: readonly (readonly [string, string])[]) =>
    choices.map(([value, label]) => html`<option value="${value}" ${selected(key, value)}>${label}</option>`);
  const yesNo = [
    ['', '任意 / any'],
    ['true', '是 / yes'],
    ['false', '否 / no'],
  ] as const;
  return html`<form method="get" action="/admin/enterprises" class="filters" id="filters">
    <div>
      <label for="f-status">应用状态 / App status</label>
      <select id="f-status" name="status">
        ${options('status', [['', '任意 / any'], ...APP_STATUSES.map((s) => [s, STATUS_LABELS[s]] as const)])}
      </select>
    </div>
    <div>
      <label for="f-template">模版 / Template</label>
      <select id="f-template" name="template">
        ${options('template', [['', '任意 / any'], ...templates.map((t) => [t.suiteId, `${t.name} (${t.suiteId})`] as const)])}
      </select>
    </div>
    <div>
      <label for="f-stuck">扩大可见范围停滞 / Stuck rollout</label>
      <select id="f-stuck" name="stuck">
        ${options('stuck', yesNo)}
      </select>
    </div>
    <div>
      <label for="f-pending">待确认的权限申请 / Pending permission request</label>
      <select id="f-pending" name="pending">
        ${options('pending', yesNo)}
      </select>
    </div>
    <div>
      <label for="f-view">按 / List by</label>
      <select id="f-view" name="view">
        ${options('view', [
          ['enterprises', '企业 / enterprise'],
          ['apps', '应用 / app'],
        ])}
      </select>
    </div>
    <input type="hidden" name="pageSize" value="${typeof q.pageSize === 'string' ? q.pageSize : ''}" />
    <div><button type="submit">筛选 / Filter</button> <a href="/admin/enterprises">清除 / Clear</a></div>
  </form>`;
}

function pager(q: Query, page: Page<unknown>): Html {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  const link = (n: number, label: string, rel: string) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q))
      if (typeof v === 'string' && v !== '' && k !== 'page') params.set(k, v);
    params.set('page', String(n));
    return html`<a href="/admin/enterprises?${params.toString()}" rel="${rel}">${label}</a>`;
  };
  return html`<nav class="pager" aria-label="分页 / pages">
    ${page.page > 1 ? link(page.page - 1, '← 上一页 / Previous', 'prev') : ''}
    <span>第 ${page.page}/${pages} 页 / page ${page.page} of ${pages}</span>
    ${page.page < pages ? link(page.page + 1, '下一页 / Next →', 'next') : ''}
  </nav>`;
}
