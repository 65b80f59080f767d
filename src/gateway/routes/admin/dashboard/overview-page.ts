import type Router from '@koa/router';
import type { Container } from '../../../../container';
import { APP_STATUSES } from '../../../../domain/model';
import { STATUS_LABELS } from '../../../../domain/lifecycle/app-status';
import { STATE_LABELS as ROLLOUT_STATE_LABELS } from '../../../../domain/rollout/rollout-texts';
import type { NeedsPerson } from '../../../../domain/support/diagnosis';
import type { Overview } from '../../../../domain/support/support-service';
import { appPath } from './paths';
import { fixButton } from './action-form';
import { DELIVERY_LABELS, SEVERITY_LABELS, tag, when } from './format';
import { html, type Html } from './html';
import { sendPage } from './layout';
import { doneNotice } from './notices';
import { htmlErrors } from './respond';
import { overviewCharts } from '../../../../domain/support/overview-charts';
import { DEFAULT_LOCALE } from '../../../../shared/locale';
import { overviewChartsSection } from './charts/overview-charts-section';

/** /admin: counts by status, then what needs a person today, each with its one-click fix. */
export function registerOverviewPage(router: Router, c: Container): void {
  router.get(
    '/admin',
    htmlErrors(async (ctx) => {
      const tz = c.config.rollout.timeZone;
      const [overview, charts] = await Promise.all([
        c.support.overview(),
        overviewCharts({ stores: c.stores, clock: c.clock, timeZone: tz }),
      ]);
      const body = html`<p class="muted">更新于 / as of ${when(overview.generatedAt, tz)}（${tz}）</p>
        ${counts(overview)} ${overviewChartsSection(charts, DEFAULT_LOCALE)}
        <h2 id="needs-person">
          今天需要人处理 / What needs a person today（${overview.needsPerson.length}）
        </h2>
        ${overview.needsPerson.length === 0 ? html`<p class="flash ok">一切正常 / Nothing needs a person</p>` : findings(overview.needsPerson, tz)}`;
      sendPage(ctx, body, { title: '概览 / Overview', nav: 'overview', notice: doneNotice(ctx.query) });
    }),
  );
}

function counts(o: Overview): Html {
  const box = (value: number, label: string, href?: string) =>
    html`<div class="count"><b>${value}</b>${href ? html`<a href="${href}">${label}</a>` : label}</div>`;
  return html`<h2>应用 / Apps</h2>
    <div class="counts" id="app-counts">
      ${APP_STATUSES.map((s) => box(o.apps.byStatus[s], STATUS_LABELS[s], `/admin/enterprises?status=${s}`))}
    </div>
    <h2>授权、权限与可见范围 / Authorizations, permissions, rollouts</h2>
    <div class="counts">
      ${box(o.authorizations.active, '授权中 / active authorizations')}
      ${box(o.authorizations.cancelled, '已取消授权 / cancelled', '/admin/enterprises?authorization=cancelled')}
      ${box(o.permissionRequests.pending, '待企业客户确认 / pending permission requests', '/admin/enterprises?pending=true')}
      ${box(o.permissionRequests.declined, '暂不授权 / declined')}
      ${(['active', 'paused', 'escalated', 'completed'] as const).map((s) => box(o.rollouts.byState[s], `扩大可见范围 rollouts: ${ROLLOUT_STATE_LABELS[s]}`))}
      ${box(o.rollouts.stuck, '扩大可见范围停滞 / stuck rollouts', '/admin/enterprises?stuck=true')}
      ${(['queued', 'failed'] as const).map((s) => box(o.outbox[s], `消息 / messages ${DELIVERY_LABELS[s]!.label}`))}
    </div>`;
}

function findings(list: readonly NeedsPerson[], tz: string): Html {
  return html`<div class="table-wrap">
    <table class="cards" id="findings">
      <thead>
        <tr>
          <th>严重程度 Severity</th>
          <th>企业 Enterprise</th>
          <th>原因 Cause</th>
          <th>谁处理 Who acts</th>
          <th>下一步 Next step</th>
          <th>操作 Action</th>
        </tr>
      </thead>
      <tbody>
        ${list.map((f) => {
          const severity = SEVERITY_LABELS[f.severity] ?? { label: f.severity, tone: 'plain' as const };
          const where = f.enterprises.length
            ? f.enterprises.map(
                (e) =>
                  html`<div>
                    ${f.suiteId ? html`<a href="${appPath(f.suiteId, e.corpId)}">${e.corpName}</a>` : e.corpName}
                    <small><code>${e.corpId}</code></small>
                  </div>`,
              )
            : html`<span class="muted"
                >服务商 / provider-wide${f.suiteId ? html` <code>${f.suiteId}</code>` : ''}</span
              >`;
          return html`<tr>
            <td data-label="严重程度 Severity">${tag(severity.label, severity.tone)}</td>
            <td data-label="企业 Enterprise">${where}</td>
            <td data-label="原因 Cause">
              ${f.cause}${f.since ? html`<br /><small>自 / since ${when(f.since, tz)}</small>` : ''}
              ${
                f.evidence.length
                  ? html`<details>
                      <summary>依据 / evidence</summary>
                      <ul>
                        ${f.evidence.map((e) => html`<li>${e}</li>`)}
                      </ul>
                    </details>`
                  : ''
              }
            </td>
            <td data-label="谁处理 Who acts">${f.actorLabel}</td>
            <td data-label="下一步 Next step">${f.nextStep}</td>
            <td data-label="操作 Action">
              ${f.action ? fixButton(f.action, '/admin') : html`<span class="muted">—</span>`}
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}
