import { STATUS_LABELS } from '../../lifecycle/app-status';
import type { App, AppStatus } from '../../model';
import { describeVisibility } from '../../rollout/reach';
import { formatLocal } from '../../rollout/zoned-time';
import { type EnterpriseRule, finding } from '../diagnosis-types';
import { elapsed } from '../elapsed';
import { ACTIONS } from './actions';
import { activeApps } from './active-apps';
import { DIAGNOSIS_LIMITS } from './limits';

/** Nothing to do: the enterprise left; scanning the QR code again starts over. */
export const authorizationCancelled: EnterpriseRule = (f) =>
  f.authorizations
    .filter((a) => a.state === 'cancelled')
    .map((a) =>
      finding({
        rule: 'authorization_cancelled',
        key: `authorization_cancelled:${a.suiteId}:${a.corpId}`,
        severity: 'info',
        needsPerson: false,
        corpId: a.corpId,
        suiteId: a.suiteId,
        cause: `企业已取消授权 / The enterprise cancelled the authorization`,
        actor: 'nobody',
        nextStep:
          '无需处理；企业重新扫码授权后机器人会重新开始 / Nothing to do; if the enterprise scans the QR code again, the bot starts over.',
        since: a.cancelledAt ?? a.updatedAt,
        evidence: a.cancelledAt ? [`取消时间 / cancelled at ${formatLocal(a.cancelledAt, f.timeZone)}`] : [],
      }),
    );

/** What moves an app towards online, by status: who acts and what they do. */
const NOT_ONLINE_STEPS: Record<Exclude<AppStatus, 'enabled'>, string> = {
  developing:
    '在服务商后台完成配置和开发并提交审核（先用 check-config 检查） / Finish configuring in the provider console and submit it for review (check it with check-config first).',
  in_review:
    '在服务商后台查看审核结果；被驳回则按意见修改后重新提交 / See the review result in the provider console; if rejected, fix and resubmit.',
  approved:
    '在服务商后台点击“代开发应用上线”；上线后机器人会自动发现 / Put it online in the provider console (代开发应用上线); the bot notices by itself.',
};

const NOT_ONLINE_CAUSES: Record<
  Exclude<AppStatus, 'enabled'>,
  (name: string, d: { zh: string; en: string }) => string
> = {
  developing: (name, d) => `应用「${name}」${d.zh}仍在开发中 / The app is still developing after ${d.en}`,
  in_review: (name, d) => `应用「${name}」审核中已 ${d.zh} / The app has been in review for ${d.en}`,
  approved: (name, d) =>
    `应用「${name}」审核通过 ${d.zh}仍未上线 / The app was approved ${d.en} ago and is not online yet`,
};

/** An app sitting in developing, in review or approved for longer than it should, or online without the bot knowing. */
export const appNotOnline: EnterpriseRule = (f) =>
  activeApps(f).flatMap(({ app }) => {
    if (app.status === 'enabled') return [];
    const base = {
      rule: 'app_not_online' as const,
      key: `app_not_online:${app.suiteId}:${app.corpId}`,
      corpId: app.corpId,
      suiteId: app.suiteId,
      needsPerson: true,
    };
    // 2 and 3 are agent/get's "online": the poll should have enabled it.
    if (app.publishStatus === 2 || app.publishStatus === 3) {
      return [
        finding({
          ...base,
          severity: 'warning',
          cause: `企业微信显示应用已上线，但机器人仍记为 ${STATUS_LABELS[app.status]} / WeCom shows the app online, but the bot still has it as ${app.status}`,
          actor: 'support',
          nextStep:
            '标记为已启用，机器人会通知管理员并开始扩大可见范围 / Mark it enabled: the bot notifies the admins and starts the rollout.',
          action: ACTIONS.setStatus(app.suiteId, app.corpId, 'enabled', '标记为已启用 / Mark enabled'),
          since: app.visibilityObservedAt ?? app.updatedAt,
          evidence: [`customized_publish_status = ${app.publishStatus}`],
        }),
      ];
    }
    const since = enteredStatusAt(app);
    const waited = f.now.getTime() - since.getTime();
    if (waited < DIAGNOSIS_LIMITS.notOnlineMs[app.status]) return [];
    const d = elapsed(waited);
    return [
      finding({
        ...base,
        severity: 'warning',
        cause: NOT_ONLINE_CAUSES[app.status](app.name, d),
        actor: 'provider_console',
        nextStep: NOT_ONLINE_STEPS[app.status],
        since,
        evidence: [`${STATUS_LABELS[app.status]} 自 / since ${formatLocal(since, f.timeZone)}`],
      }),
    ];
  });

/** The admin disabled (停用) the app: no message reaches anyone. */
export const appClosed: EnterpriseRule = (f) =>
  activeApps(f)
    .filter(({ app }) => app.closed)
    .map(({ app }) =>
      finding({
        rule: 'app_closed',
        key: `app_closed:${app.suiteId}:${app.corpId}`,
        severity: 'warning',
        needsPerson: true,
        corpId: app.corpId,
        suiteId: app.suiteId,
        cause: `企业管理员停用了应用「${app.name}」 / The admin disabled the app`,
        actor: 'enterprise_admin',
        nextStep:
          '请管理员在管理后台“应用管理”中重新启用 / Ask the admin to enable it again under 应用管理 in the admin console.',
        since: app.visibilityObservedAt ?? app.updatedAt,
        evidence: ['agent/get: close = 1'],
      }),
    );

/** No app admin known: cards and reminders have nobody to go to. */
export const noAdmins: EnterpriseRule = (f) =>
  activeApps(f)
    .filter(({ auth }) => auth.admins.length === 0)
    .map(({ auth, app }) =>
      finding({
        rule: 'no_admins',
        key: `no_admins:${app.suiteId}:${app.corpId}`,
        severity: 'warning',
        needsPerson: true,
        corpId: app.corpId,
        suiteId: app.suiteId,
        cause:
          '不知道应用管理员是谁，卡片和提醒无人可发 / No app admin is known: cards and reminders have nobody to go to',
        actor: 'enterprise_admin',
        nextStep:
          '请企业在管理后台为应用设置管理员；机器人会从 change_app_admin 回调得知 / Ask the enterprise to set an app admin in the admin console; the bot learns it from the change_app_admin callback.',
        since: auth.createdAt,
        evidence: [
          `可见范围 / visibility: ${app.visibility ? describeVisibility(app.visibility) : '未知 / unknown'}`,
        ],
      }),
    );

/** When the app entered its current status: the last recorded move into it, else its creation. */
function enteredStatusAt(app: App): Date {
  return app.statusHistory.findLast((c) => c.to === app.status)?.at ?? app.createdAt;
}
