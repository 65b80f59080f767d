import { wordsFor, type Catalogue } from '../../../shared/locale';
import type { App, AppStatus } from '../../model';
import { formatLocal } from '../../rollout/zoned-time';
import { type EnterpriseRule, finding } from '../diagnosis-types';
import { elapsedWords, supportWords, visibilityWords } from '../support-words';
import { actions } from './actions';
import { activeApps } from './active-apps';
import { DIAGNOSIS_LIMITS } from './limits';

type NotOnline = Exclude<AppStatus, 'enabled'>;

interface AppRuleWords {
  cancelled: { cause: string; next: string; at: (when: string) => string };
  /** What moves an app towards online, by status: who acts and what they do. */
  notOnlineSteps: Record<NotOnline, string>;
  notOnlineCauses: Record<NotOnline, (name: string, waited: string) => string>;
  since: (status: string, when: string) => string;
  publishedUnknown: { cause: (status: string) => string; next: string; action: string };
  closed: { cause: (name: string) => string; next: string };
  noAdmins: { cause: string; next: string; visibility: (v: string) => string; unknown: string };
}

const WORDS: Catalogue<AppRuleWords> = {
  'zh-CN': {
    cancelled: {
      cause: '企业已取消授权',
      next: '无需处理；企业重新扫码授权后机器人会重新开始。',
      at: (when) => `取消时间：${when}`,
    },
    notOnlineSteps: {
      developing: '在服务商后台完成配置和开发并提交审核（先用配置检查核对）。',
      in_review: '在服务商后台查看审核结果；被驳回则按意见修改后重新提交。',
      approved: '在服务商后台点击“代开发应用上线”；上线后机器人会自动发现。',
    },
    notOnlineCauses: {
      developing: (name, d) => `应用「${name}」${d}仍在开发中`,
      in_review: (name, d) => `应用「${name}」审核中已 ${d}`,
      approved: (name, d) => `应用「${name}」审核通过 ${d}仍未上线`,
    },
    since: (status, when) => `${status}，自 ${when}`,
    publishedUnknown: {
      cause: (status) => `企业微信显示应用已上线，但机器人仍记为${status}`,
      next: '标记为已启用，机器人会通知管理员并开始扩大可见范围。',
      action: '标记为已启用',
    },
    closed: {
      cause: (name) => `企业管理员停用了应用「${name}」`,
      next: '请管理员在管理后台“应用管理”中重新启用。',
    },
    noAdmins: {
      cause: '不知道应用管理员是谁，卡片和提醒无人可发',
      next: '请企业在管理后台为应用设置管理员；机器人会从 change_app_admin 回调得知。',
      visibility: (v) => `可见范围：${v}`,
      unknown: '未知',
    },
  },
  en: {
    cancelled: {
      cause: 'The enterprise cancelled the authorization',
      next: 'Nothing to do; if the enterprise scans the QR code again, the bot starts over.',
      at: (when) => `cancelled at ${when}`,
    },
    notOnlineSteps: {
      developing:
        'Finish configuring in the provider console and submit it for review (check it with the config check first).',
      in_review: 'See the review result in the provider console; if rejected, fix and resubmit.',
      approved: 'Put it online in the provider console; the bot notices by itself.',
    },
    notOnlineCauses: {
      developing: (name, d) => `The app ${name} is still developing after ${d}`,
      in_review: (name, d) => `The app ${name} has been in review for ${d}`,
      approved: (name, d) => `The app ${name} was approved ${d} ago and is not online yet`,
    },
    since: (status, when) => `${status} since ${when}`,
    publishedUnknown: {
      cause: (status) => `WeCom shows the app online, but the bot still has it as ${status}`,
      next: 'Mark it enabled: the bot notifies the admins and starts the rollout.',
      action: 'Mark enabled',
    },
    closed: {
      cause: (name) => `The admin disabled the app ${name}`,
      next: 'Ask the admin to enable it again under App Management in the admin console.',
    },
    noAdmins: {
      cause: 'No app admin is known: cards and reminders have nobody to go to',
      next: 'Ask the enterprise to set an app admin in the admin console; the bot learns it from the change_app_admin callback.',
      visibility: (v) => `visibility: ${v}`,
      unknown: 'unknown',
    },
  },
};

/** Nothing to do: the enterprise left; scanning the QR code again starts over. */
export const authorizationCancelled: EnterpriseRule = (f) => {
  const w = wordsFor(WORDS, f.locale).cancelled;
  return f.authorizations
    .filter((a) => a.state === 'cancelled')
    .map((a) =>
      finding(
        {
          rule: 'authorization_cancelled',
          key: `authorization_cancelled:${a.suiteId}:${a.corpId}`,
          severity: 'info',
          needsPerson: false,
          corpId: a.corpId,
          suiteId: a.suiteId,
          cause: w.cause,
          actor: 'nobody',
          nextStep: w.next,
          since: a.cancelledAt ?? a.updatedAt,
          evidence: a.cancelledAt ? [w.at(formatLocal(a.cancelledAt, f.timeZone))] : [],
        },
        f.locale,
      ),
    );
};

/** An app sitting in developing, in review or approved for longer than it should, or online without the bot knowing. */
export const appNotOnline: EnterpriseRule = (f) => {
  const w = wordsFor(WORDS, f.locale);
  const status = supportWords(f.locale).appStatus;
  return activeApps(f).flatMap(({ app }) => {
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
        finding(
          {
            ...base,
            severity: 'warning',
            cause: w.publishedUnknown.cause(status[app.status]),
            actor: 'support',
            nextStep: w.publishedUnknown.next,
            action: actions(f.locale).setStatus(
              app.suiteId,
              app.corpId,
              'enabled',
              w.publishedUnknown.action,
            ),
            since: app.visibilityObservedAt ?? app.updatedAt,
            evidence: [`customized_publish_status = ${app.publishStatus}`],
          },
          f.locale,
        ),
      ];
    }
    const since = enteredStatusAt(app);
    const waited = f.now.getTime() - since.getTime();
    if (waited < DIAGNOSIS_LIMITS.notOnlineMs[app.status]) return [];
    return [
      finding(
        {
          ...base,
          severity: 'warning',
          cause: w.notOnlineCauses[app.status](app.name, elapsedWords(waited, f.locale)),
          actor: 'provider_console',
          nextStep: w.notOnlineSteps[app.status],
          since,
          evidence: [w.since(status[app.status], formatLocal(since, f.timeZone))],
        },
        f.locale,
      ),
    ];
  });
};

/** The admin disabled (停用) the app: no message reaches anyone. */
export const appClosed: EnterpriseRule = (f) => {
  const w = wordsFor(WORDS, f.locale).closed;
  return activeApps(f)
    .filter(({ app }) => app.closed)
    .map(({ app }) =>
      finding(
        {
          rule: 'app_closed',
          key: `app_closed:${app.suiteId}:${app.corpId}`,
          severity: 'warning',
          needsPerson: true,
          corpId: app.corpId,
          suiteId: app.suiteId,
          cause: w.cause(app.name),
          actor: 'enterprise_admin',
          nextStep: w.next,
          since: app.visibilityObservedAt ?? app.updatedAt,
          evidence: ['agent/get: close = 1'],
        },
        f.locale,
      ),
    );
};

/** No app admin known: cards and reminders have nobody to go to. */
export const noAdmins: EnterpriseRule = (f) => {
  const w = wordsFor(WORDS, f.locale).noAdmins;
  return activeApps(f)
    .filter(({ auth }) => auth.admins.length === 0)
    .map(({ auth, app }) =>
      finding(
        {
          rule: 'no_admins',
          key: `no_admins:${app.suiteId}:${app.corpId}`,
          severity: 'warning',
          needsPerson: true,
          corpId: app.corpId,
          suiteId: app.suiteId,
          cause: w.cause,
          actor: 'enterprise_admin',
          nextStep: w.next,
          since: auth.createdAt,
          evidence: [w.visibility(app.visibility ? visibilityWords(app.visibility, f.locale) : w.unknown)],
        },
        f.locale,
      ),
    );
};

/** When the app entered its current status: the last recorded move into it, else its creation. */
function enteredStatusAt(app: App): Date {
  return app.statusHistory.findLast((c) => c.to === app.status)?.at ?? app.createdAt;
}
