import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Container } from '../../../../container';
import { STATUS_LABELS } from '../../../../domain/lifecycle/app-status';
import { APP_STATUSES, type Rollout } from '../../../../domain/model';
import { permissionNames } from '../../../../domain/permissions/catalogue';
import { describeReach, describeVisibility } from '../../../../domain/rollout/reach';
import type { Finding } from '../../../../domain/support/diagnosis';
import { pageOnlyQuery, type Page, type Query } from '../../../../domain/support/query-params';
import type { AppDetail } from '../../../../domain/support/support-queries';
import type { TimelineEntry } from '../../../../domain/support/app-timeline';
import { PERMISSION_FIELD_PREFIX, appActionPath, appPath, messageResendPath } from './paths';
import { actionButton, fixButton } from './action-form';
import { SEVERITY_LABELS, SOURCE_LABELS, statusTag, tag, when } from './format';
import { html, type Html } from './html';
import { members } from './visibility-members';
import { sendPage, type Notice } from './layout';
import { doneNotice } from './notices';
import { previousAppsSection } from './previous-apps-section';
import { htmlErrors } from './respond';

/** /admin/apps/:suiteId/:corpId: one app's state, its story and every action on it. */
export function registerAppPage(router: Router, c: Container): void {
  const render = appPageRenderer(c);
  router.get(
    '/admin/apps/:suiteId/:corpId',
    htmlErrors(async (ctx) => {
      const query = { ...(ctx.query as Query) };
      delete query.done;
      const { page } = pageOnlyQuery.parse(query);
      await render(
        ctx,
        String(ctx.params.suiteId),
        String(ctx.params.corpId),
        doneNotice(ctx.query),
        200,
        page,
      );
    }),
  );
}

export type RenderAppPage = (
  ctx: Context,
  suiteId: string,
  corpId: string,
  notice: Notice | undefined,
  status: number,
  page?: number,
) => Promise<void>;

/** Renders the page; actions that fail use it too, to show the reason where the form was. */
export function appPageRenderer(c: Container): RenderAppPage {
  return async (ctx, suiteId, corpId, notice, status, page = 1) => {
    const [app, timeline, rollout, diagnosis] = await Promise.all([
      c.support.getApp(suiteId, corpId),
      c.support.appTimeline(suiteId, corpId, { page, pageSize: 50 }),
      c.rollout.get(suiteId, corpId),
      c.support.diagnose(corpId),
    ]);
    const back = appPath(suiteId, corpId);
    const tz = app.timeZone;
    const findings = diagnosis.findings.filter((f) => !f.suiteId || f.suiteId === suiteId);
    const body = html`${summary(app, c, back, tz)}
    ${findings.length ? diagnosisSection(findings, back, tz) : ''} ${visibility(app, rollout, tz)}
    ${permissions(app, c, back, tz)}
    ${rolloutSection(app, rollout, await c.rollout.describe(suiteId, corpId), back)}
    ${previousAppsSection(app.previousApps, tz)} ${timelineSection(timeline, back, tz)}`;
    sendPage(ctx, body, {
      title: `${app.corpName} · ${app.name}`,
      nav: 'enterprises',
      notice,
      status,
    });
  };
}

function summary(app: AppDetail, c: Container, back: string, tz: string): Html {
  const enabled = app.status === 'enabled';
  return html`<section id="summary">
    <dl class="facts">
      <dt>企业 Enterprise</dt>
      <dd>
        ${app.corpName}
        <code>${app.corpId}</code>
        ${app.authorization === 'cancelled' ? tag('已取消授权 / authorization cancelled', 'bad') : tag('授权中 / authorized', 'ok')}${app.test ? tag('测试企业 / test enterprise', 'warn') : ''}
      </dd>
      <dt>应用 App</dt>
      <dd>
        ${app.name}
        <code>${app.suiteId}</code
        >${app.agentId !== undefined ? html` · agentid <code>${app.agentId}</code>` : ''}
      </dd>
      <dt>状态 Status</dt>
      <dd id="app-status">
        ${tag(app.statusLabel, enabled ? 'ok' : 'plain')}${app.closed ? tag('已停用 / disabled in WeCom', 'bad') : ''}
      </dd>
      <dt>授权时间 Authorized</dt>
      <dd>${when(app.authorizedAt, tz)}</dd>
      <dt>启用时间 Enabled</dt>
      <dd>${when(app.enabledAt, tz)}</dd>
      <dt>管理员 Admins</dt>
      <dd id="admins">
        ${app.admins.length ? app.admins.map((a) => html`<code>${a}</code> `) : html`<span class="muted">未知 / none known</span>`}
      </dd>
      <dt>已生效权限 Custom permissions in effect</dt>
      <dd>
        ${permissionNames(c.permissions.catalogue, app.effectivePermissions)} /
        ${permissionNames(c.permissions.catalogue, app.effectivePermissions, 'en')}
      </dd>
      <dt>时区 Time zone</dt>
      <dd>${tz}</dd>
    </dl>
    <div class="actions" style="margin-top:.8rem">
      <form
        method="post"
        action="${appActionPath(app.suiteId, app.corpId, 'status')}"
        class="actions"
        id="status-form"
      >
        <input type="hidden" name="back" value="${back}" />
        <label for="status">设置状态 / Set status</label>
        <select id="status" name="status">
          ${APP_STATUSES.map(
            (s) =>
              html`<option value="${s}" ${s === app.status ? html`selected` : ''}>
                ${STATUS_LABELS[s]}
              </option>`,
          )}
        </select>
        <button type="submit">更新 / Update</button>
      </form>
      ${enabled ? actionButton(appActionPath(app.suiteId, app.corpId, 'enabled-notice/resend'), '重发启用通知 / Resend the enabled notice', { back, style: 'secondary' }) : ''}
      ${actionButton(appActionPath(app.suiteId, app.corpId, 'test'), app.test ? '取消测试企业 / Unmark as test enterprise' : '标为测试企业 / Mark as test enterprise', { back, fields: [['test', String(!app.test)]], style: 'secondary' })}
    </div>
  </section>`;
}

function diagnosisSection(findings: readonly Finding[], back: string, tz: string): Html {
  return html`<h2>诊断 / Diagnosis</h2>
    <div class="table-wrap">
      <table class="cards" id="diagnosis">
        <thead>
          <tr>
            <th>严重程度 Severity</th>
            <th>原因 Cause</th>
            <th>谁处理 Who acts</th>
            <th>下一步 Next step</th>
            <th>操作 Action</th>
          </tr>
        </thead>
        <tbody>
          ${findings.map((f) => {
            const s = SEVERITY_LABELS[f.severity] ?? { label: f.severity, tone: 'plain' as const };
            return html`<tr>
              <td data-label="严重程度 Severity">${tag(s.label, s.tone)}</td>
              <td data-label="原因 Cause">
                ${f.cause}${f.since ? html`<br /><small>自 / since ${when(f.since, tz)}</small>` : ''}
              </td>
              <td data-label="谁处理 Who acts">${f.actorLabel}</td>
              <td data-label="下一步 Next step">${f.nextStep}</td>
              <td data-label="操作 Action">
                ${f.action ? fixButton(f.action, back) : html`<span class="muted">—</span>`}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
}

/** The stage the bot aims at next beside the range WeCom reports: the admin widens, the bot only reminds. */
function visibility(app: AppDetail, rollout: Rollout | undefined, tz: string): Html {
  const stages = rollout?.plan ?? [];
  return html`<h2>可见范围 / Visibility</h2>
    <dl class="facts" id="visibility">
      <dt>实际可见范围 Actual (WeCom)</dt>
      <dd>
        ${app.visibility ? describeVisibility(app.visibility) : '尚未读取 / not read yet'}
        ${app.visibility ? members(app.visibility) : ''}<br /><small
          >读取于 / read at ${when(app.visibilityObservedAt, tz)}</small
        >
      </dd>
      <dt>期望阶段 Desired stage</dt>
      <dd>
        ${
          stages.length === 0
            ? html`<span class="muted"
                >尚未开始（应用启用后开始） / not started (starts once the app is enabled)</span
              >`
            : html`<ol>
                ${stages.map((s, i) => {
                  const reached = rollout!.stageIndex >= i;
                  const next = rollout!.stageIndex + 1 === i;
                  return html`<li>
                    ${s.name}：${describeReach(s.reach)}
                    ${reached ? tag('已达到 / reached', 'ok') : next ? tag('下一目标 / next target', 'warn') : ''}
                  </li>`;
                })}
              </ol>`
        }
      </dd>
    </dl>`;
}

function permissions(app: AppDetail, c: Container, back: string, tz: string): Html {
  const names = (ids: readonly string[]) => permissionNames(c.permissions.catalogue, ids);
  return html`<h2>权限申请 / Permission requests</h2>
    ${
      app.requests.length === 0
        ? html`<p class="muted">暂无 / none yet</p>`
        : html`<div class="table-wrap">
            <table class="cards" id="requests">
              <thead>
                <tr>
                  <th>提交 Filed</th>
                  <th>申请 Requested</th>
                  <th>状态 State</th>
                  <th>提醒次数 Raised</th>
                  <th>答复 Answer</th>
                </tr>
              </thead>
              <tbody>
                ${app.requests.map(
                  (r) =>
                    html`<tr>
                      <td data-label="提交 Filed">
                        ${when(r.createdAt, tz)}<br /><small>${r.filedBy}</small>
                      </td>
                      <td data-label="申请 Requested">
                        ${names(r.requested)}<br /><small>之前 / before: ${names(r.previous)}</small>
                      </td>
                      <td data-label="状态 State">
                        ${tag(r.stateLabel, r.state === 'pending' ? 'warn' : r.state === 'declined' ? 'bad' : r.state === 'granted' ? 'ok' : 'plain')}
                      </td>
                      <td data-label="提醒次数 Raised">${r.raisedCount}</td>
                      <td data-label="答复 Answer">
                        ${r.answer ? html`${r.answer.answer === 'approve' ? '同意 approve' : '暂不授权 not now'} — ${r.answer.by} <small>(${r.answer.via})</small><br />${when(r.answer.at, tz)}` : html`<span class="muted">—</span>`}
                        ${r.evidence ? html`<br /><small>依据 evidence: ${r.evidence.kind}${r.evidence.by ? ` (${r.evidence.by})` : ''}</small>` : ''}
                        ${r.state === 'pending' || r.state === 'declined' ? html`<br />${actionButton(appActionPath(app.suiteId, app.corpId, 'permission-granted'), '后台已确认 / Confirmed in console', { back, fields: [['requestId', r.id]], style: 'secondary' })}` : ''}
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
        <legend>申请自定义权限 / File a custom-permission request</legend>
        ${c.permissions.catalogue.map(
          (p) =>
            html`<label class="check"
              ><input
                type="checkbox"
                name="${PERMISSION_FIELD_PREFIX}${p.id}"
                ${app.effectivePermissions.includes(p.id) ? html`checked` : ''}
              />
              <span>${p.name} / ${p.nameEn}<br /><small>${p.purpose} / ${p.purposeEn}</small></span></label
            >`,
        )}
        <button type="submit">提交申请 / File the request</button>
        <small
          >勾选后的集合即申请后的全部自定义权限 / The ticked set is the whole set of custom permissions asked
          for.</small
        >
      </fieldset>
    </form>`;
}

function rolloutSection(
  app: AppDetail,
  rollout: Rollout | undefined,
  lines: readonly string[],
  back: string,
): Html {
  const act = (
    name: 'pause' | 'resume' | 'restart',
    label: string,
    style: 'primary' | 'secondary' | 'danger' = 'primary',
  ) => actionButton(appActionPath(app.suiteId, app.corpId, `rollout/${name}`), label, { back, style });
  const state = rollout?.state;
  return html`<h2>扩大可见范围 / Rollout</h2>
    <div id="rollout">
      ${rollout && app.rollout ? html`<p>${tag(app.rollout.stateLabel, state === 'paused' ? 'warn' : state === 'completed' ? 'ok' : 'plain')} ${app.rollout.stuck ? tag('停滞 / stuck', 'bad') : ''}</p>` : ''}
      <ul>
        ${lines.map((l) => html`<li>${l}</li>`)}
      </ul>
      ${
        rollout
          ? html`<div class="actions">
              ${state === 'active' || state === 'escalated' ? act('pause', '暂停 / Pause', 'secondary') : ''}
              ${state === 'paused' || state === 'escalated' ? act('resume', '恢复 / Resume') : ''}
              ${act('restart', '从头开始 / Restart', 'danger')}
            </div>`
          : ''
      }
    </div>`;
}

function timelineSection(timeline: Page<TimelineEntry>, back: string, tz: string): Html {
  const pages = Math.max(1, Math.ceil(timeline.total / timeline.pageSize));
  const link = (n: number, label: string) => html`<a href="${back}?page=${n}">${label}</a>`;
  return html`<h2>时间线 / Timeline（${timeline.total}）</h2>
    <div class="table-wrap">
      <table class="cards" id="timeline">
        <thead>
          <tr>
            <th>时间 Time</th>
            <th>来源 Source</th>
            <th>内容 What</th>
            <th>由 By</th>
            <th>状态 Status</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${timeline.items.map(
            (e) =>
              html`<tr>
                <td data-label="时间 Time">${when(e.at, tz)}</td>
                <td data-label="来源 Source">${SOURCE_LABELS[e.source] ?? e.source}</td>
                <td data-label="内容 What">
                  ${e.summary}${e.detail ? html`<br /><small>${e.detail}</small>` : ''}
                </td>
                <td data-label="由 By">${e.by ?? ''}</td>
                <td data-label="状态 Status">${statusTag(e.status)}</td>
                <td>
                  ${e.source === 'message' && e.status === 'failed' && e.ref ? actionButton(messageResendPath(e.ref), '重发 / Resend', { back, style: 'secondary' }) : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <nav class="pager">
      ${timeline.page > 1 ? link(timeline.page - 1, '← 较新 / Newer') : ''}
      <span>第 ${timeline.page}/${pages} 页 / page ${timeline.page} of ${pages}</span>
      ${timeline.page < pages ? link(timeline.page + 1, '较早 / Older →') : ''}
    </nav>`;
}
