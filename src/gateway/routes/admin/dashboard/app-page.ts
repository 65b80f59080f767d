import type Router from '@koa/router';
import type { Context } from 'koa';
import type { Container } from '../../../../container';
import { APP_STATUSES } from '../../../../domain/model';
import { LOCALES } from '../../../../shared/locale';
import { permissionNames } from '../../../../domain/permissions/catalogue';
import type { Finding } from '../../../../domain/support/diagnosis';
import { pageOnlyQuery, type Query } from '../../../../domain/support/query-params';
import type { AppDetail } from '../../../../domain/support/support-queries';
import { appActionPath, appPath } from './paths';
import { actionButton, choiceForm, fixButton } from './action-form';
import { severityTag, tag, when } from './format';
import { html, type Html } from './html';
import { sendPage, type Notice } from './layout';
import { doneNotice } from './notices';
import { LANGUAGE_NAMES, pageText, pageWords, type PageText } from './page-locale';
import { permissionsSection } from './permissions-section';
import { previousAppsSection } from './previous-apps-section';
import { htmlErrors } from './respond';
import { rolloutSection, visibilitySection } from './rollout-sections';
import { timelineSection } from './timeline-section';

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
        doneNotice(ctx.query, pageWords(ctx)),
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
    const text = pageText(ctx);
    const [app, timeline, rollout, diagnosis] = await Promise.all([
      c.support.getApp(suiteId, corpId),
      c.support.appTimeline(suiteId, corpId, { page, pageSize: 50 }, text.locale),
      c.rollout.get(suiteId, corpId),
      c.support.diagnose(corpId, text.locale),
    ]);
    const back = appPath(suiteId, corpId);
    const tz = app.timeZone;
    const findings = diagnosis.findings.filter((f) => !f.suiteId || f.suiteId === suiteId);
    const rolloutOpts = { back, timeZone: tz, maxUnanswered: c.config.rollout.maxUnanswered };
    const body = html`${summary(app, c, back, text)}
    ${findings.length ? diagnosisSection(findings, back, tz, text) : ''}
    ${visibilitySection(app, rollout, tz, text)} ${permissionsSection(app, c, back, tz, text)}
    ${rolloutSection(app, rollout, rolloutOpts, text)} ${previousAppsSection(app.previousApps, tz, text)}
    ${timelineSection(timeline, back, tz, text.w)}`;
    sendPage(ctx, body, {
      title: `${app.corpName} · ${app.name}`,
      nav: 'enterprises',
      notice,
      status,
    });
  };
}

function summary(app: AppDetail, c: Container, back: string, { locale, w, s }: PageText): Html {
  const a = w.app;
  const tz = app.timeZone;
  const enabled = app.status === 'enabled';
  const authorization = app.authorization === 'cancelled' ? 'bad' : 'ok';
  return html`<section id="summary">
    <dl class="facts">
      <dt>${w.cols.enterprise}</dt>
      <dd>
        ${app.corpName}
        <code>${app.corpId}</code>
        ${tag(s.authorization[app.authorization], authorization)}${app.test ? tag(w.testEnterprise, 'warn') : ''}
      </dd>
      <dt>${w.cols.app}</dt>
      <dd>
        ${app.name}
        <code>${app.suiteId}</code
        >${app.agentId !== undefined ? html` · ${a.agentId} <code>${app.agentId}</code>` : ''}
      </dd>
      <dt>${w.cols.status}</dt>
      <dd id="app-status">
        ${tag(s.appStatus[app.status], enabled ? 'ok' : 'plain')}${app.closed ? tag(a.disabledInWecom, 'bad') : ''}
      </dd>
      <dt>${w.cols.authorized}</dt>
      <dd>${when(app.authorizedAt, tz)}</dd>
      <dt>${a.enabled}</dt>
      <dd>${when(app.enabledAt, tz)}</dd>
      <dt>${a.admins}</dt>
      <dd id="admins">
        ${app.admins.length ? app.admins.map((x) => html`<code>${x}</code> `) : html`<span class="muted">${a.noneKnown}</span>`}
      </dd>
      <dt>${a.customPermissions}</dt>
      <dd>
        ${permissionNames(c.permissions.catalogue, app.effectivePermissions, locale === 'en' ? 'en' : 'zh')}
      </dd>
      <dt>${a.timeZone}</dt>
      <dd>${tz}</dd>
    </dl>
    <div class="actions" style="margin-top:.8rem">
      ${choiceForm({
        action: appActionPath(app.suiteId, app.corpId, 'status'),
        name: 'status',
        label: a.setStatus,
        choices: APP_STATUSES.map((st) => ({ value: st, text: s.appStatus[st] })),
        selected: app.status,
        submit: a.update,
        back,
      })}
      ${enabled ? actionButton(appActionPath(app.suiteId, app.corpId, 'enabled-notice/resend'), a.resendEnabled, { back, style: 'secondary' }) : ''}
      ${actionButton(appActionPath(app.suiteId, app.corpId, 'test'), app.test ? a.unmarkTest : a.markTest, { back, fields: [['test', String(!app.test)]], style: 'secondary' })}
      ${choiceForm({
        action: appActionPath(app.suiteId, app.corpId, 'locale'),
        name: 'locale',
        label: a.messagesLanguage,
        choices: LOCALES.map((l) => ({ value: l, text: LANGUAGE_NAMES[l], lang: l })),
        selected: app.locale,
        submit: a.setLanguage,
        back,
      })}
    </div>
  </section>`;
}

function diagnosisSection(findings: readonly Finding[], back: string, tz: string, { w }: PageText): Html {
  const col = w.cols;
  return html`<h2>${w.app.diagnosis}</h2>
    <div class="table-wrap">
      <table class="cards" id="diagnosis">
        <thead>
          <tr>
            <th>${col.severity}</th>
            <th>${col.cause}</th>
            <th>${col.whoActs}</th>
            <th>${col.nextStep}</th>
            <th>${col.action}</th>
          </tr>
        </thead>
        <tbody>
          ${findings.map(
            (f) =>
              html`<tr>
                <td data-label="${col.severity}">${severityTag(f.severity, w)}</td>
                <td data-label="${col.cause}">
                  ${f.cause}${f.since ? html`<br /><small>${w.since} ${when(f.since, tz)}</small>` : ''}
                </td>
                <td data-label="${col.whoActs}">${f.actorLabel}</td>
                <td data-label="${col.nextStep}">${f.nextStep}</td>
                <td data-label="${col.action}">
                  ${f.action ? fixButton(f.action, back) : html`<span class="muted">—</span>`}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}
