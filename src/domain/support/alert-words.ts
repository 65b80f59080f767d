import { type Catalogue, type Locale, wordsFor } from '../../shared/locale';
import { NOT_VISIBLE, UNLICENSED, type Unreached } from '../delivery';
import type { AnswerChannel, GrantEvidenceKind } from '../model';
import { SUPPORT_WORDS } from './support-words';

/**
 * What support alerts say, in the support group's one language (`alerts.locale`). The template
 * (corp, template, what to do) is said once by the alerter; each alert adds only its own facts.
 * Ids, API paths, error messages and names are data and stay as they are.
 */
export interface AlertWords {
  template: { critical: string; corp: string; template: string; action: string };
  /** Lines several alerts share. */
  line: {
    requested: (names: string) => string;
    by: (who: string, via: string) => string;
    /** How an admin answered. */
    via: Record<AnswerChannel, string>;
    about: (what: string) => string;
    lastError: (error: string) => string;
  };
  checkLogs: string;
  eventGaveUp: { title: string; event: (kind: string, key: string) => string };
  wecomError: {
    title: string;
    api: (api: string) => string;
    error: (errcode: string, errmsg: string) => string;
  };
  unreached: {
    title: Record<Unreached, string>;
    fix: Record<Unreached, string>;
    member: (id: string) => string;
  };
  gaveUp: { title: string; attempts: (n: number) => string };
  cancelled: { title: string; dropped: (n: number) => string };
  noAdminToNotify: { title: string; detail: string };
  authChanged: {
    title: string;
    agentId: (from: string, to: string) => string;
    corpName: (from: string, to: string) => string;
    visibility: (from: string, to: string) => string;
    admins: (from: string, to: string) => string;
  };
  granted: {
    title: string;
    permissions: (names: string) => string;
    evidence: (what: string) => string;
    /** What showed it granted. */
    kind: Record<GrantEvidenceKind, string>;
  };
  approved: { title: string; note: string };
  declined: {
    title: string;
    kept: (names: string) => string;
    askAgain: (when: string, timeZone: string) => string;
    noMore: (n: number) => string;
  };
  foundGranted: { title: string; found: (names: string) => string; note: string };
  noAdminToAsk: { title: string; note: string };
  notInEffect: {
    title: string;
    missing: (names: string) => string;
    checked: (n: number) => string;
    action: string;
  };
  escalated: {
    title: string;
    unreachable: string;
    noAdmins: string;
    unanswered: (n: number) => string;
    resume: (path: string) => string;
  };
  batchQr: {
    title: string;
    templates: (ids: string) => string;
    expires: (at: string) => string;
    action: string;
  };
}

const ZH: AlertWords = {
  template: { critical: '【紧急】', corp: '企业', template: '模版', action: '处理' },
  line: {
    requested: (names) => `申请：${names}`,
    by: (who, via) => `答复：${who}（${via}）`,
    via: { button: '卡片按钮', text: '文字回复' },
    about: (what) => `内容：${what}`,
    lastError: (error) => `最后错误：${error}`,
  },
  checkLogs: '查看日志',
  eventGaveUp: { title: '回调事件多次处理失败', event: (kind, key) => `事件：${kind}（${key}）` },
  wecomError: {
    title: '企业微信接口错误，需要人工处理',
    api: (api) => `接口：${api}`,
    error: (errcode, errmsg) => `错误：${errcode ? `错误码 ${errcode} ` : ''}${errmsg}`,
  },
  unreached: {
    title: {
      [NOT_VISIBLE]: '管理员不在应用可见范围内，收不到消息',
      [UNLICENSED]: '成员没有接口许可，收不到消息',
    },
    fix: {
      [NOT_VISIBLE]: '把该管理员加入应用的可见范围',
      [UNLICENSED]: '在服务商后台 › 接口许可 为该成员分配接口许可',
    },
    member: (id) => `成员：${id}`,
  },
  gaveUp: { title: '消息多次发送失败，已放弃', attempts: (n) => `尝试：${n} 次` },
  cancelled: { title: '企业取消授权', dropped: (n) => `已取消待发消息：${n} 条` },
  noAdminToNotify: { title: '无法通知管理员', detail: '应用已启用，但不知道管理员是谁。' },
  authChanged: {
    title: '授权变更',
    agentId: (from, to) => `应用 ID：${from} → ${to}`,
    corpName: (from, to) => `企业名称：${from} → ${to}`,
    visibility: (from, to) => `可见范围：${from} → ${to}`,
    admins: (from, to) => `管理员：${from} → ${to}`,
  },
  granted: {
    title: '权限已生效',
    permissions: (names) => `权限：${names}`,
    evidence: (what) => `依据：${what}`,
    kind: {
      probe: '接口检查',
      get_permissions: '应用权限列表（agent/get_permissions）',
      auth_info: '授权信息（get_auth_info）',
      support: '客服确认',
    },
  },
  approved: {
    title: '管理员已同意，待企业微信确认',
    note: '生效以企业微信为准，已提示管理员在「权限变更」通知中同意。',
  },
  declined: {
    title: '暂不授权',
    kept: (names) => `保持：${names}`,
    askAgain: (when, tz) => `将于 ${when}（${tz}）查看企业微信，未授权则再次询问`,
    noMore: (n) => `已询问 ${n} 次，不再自动询问`,
  },
  foundGranted: {
    title: '企业微信显示新的已授权权限',
    found: (names) => `新发现：${names}`,
    note: '机器人记录中没有对应的申请，已按企业微信更新。',
  },
  noAdminToAsk: { title: '权限申请无人可问', note: '没有已知的应用管理员，卡片未发送。' },
  notInEffect: {
    title: '已同意但未生效',
    missing: (names) => `未生效：${names}`,
    checked: (n) => `已检查 ${n} 次，企业微信仍未显示授权`,
    action: '请提醒管理员在企业微信的权限变更通知中点击同意',
  },
  escalated: {
    title: '扩大可见范围需要人工跟进',
    unreachable: '上一次提醒没有送达任何管理员。',
    noAdmins: '不知道管理员是谁，无法提醒。',
    unanswered: (n) => `连续 ${n} 次提醒没有回复，已停止提醒管理员。`,
    resume: (path) => `恢复：${path}`,
  },
  batchQr: {
    title: '批量授权二维码即将过期',
    templates: (ids) => `模版：${ids}`,
    expires: (at) => `过期时间：${at}`,
    action: '请在服务商后台重新生成',
  },
};

const EN: AlertWords = {
  template: { critical: '[Critical] ', corp: 'Corp', template: 'Template', action: 'What to do' },
  line: {
    requested: (names) => `Requested: ${names}`,
    by: (who, via) => `Answered by: ${who} (${via})`,
    via: { button: 'card button', text: 'text reply' },
    about: (what) => `About: ${what}`,
    lastError: (error) => `Last error: ${error}`,
  },
  checkLogs: 'Check the logs',
  eventGaveUp: { title: 'A callback could not be handled', event: (kind, key) => `Event: ${kind} (${key})` },
  wecomError: {
    title: 'WeCom API error needs a fix',
    api: (api) => `API: ${api}`,
    error: (errcode, errmsg) => `Error: ${errcode ? `errcode ${errcode} ` : ''}${errmsg}`,
  },
  unreached: {
    title: {
      [NOT_VISIBLE]: 'An admin is outside the visible range',
      [UNLICENSED]: 'A member has no interface licence',
    },
    fix: {
      [NOT_VISIBLE]: 'Add this admin to the app’s visibility range',
      [UNLICENSED]: 'Give this member an interface licence (provider console › Interface licences)',
    },
    member: (id) => `Member: ${id}`,
  },
  gaveUp: { title: 'A message failed after retries', attempts: (n) => `Attempts: ${n}` },
  cancelled: { title: 'Authorization cancelled', dropped: (n) => `Queued messages cancelled: ${n}` },
  noAdminToNotify: { title: 'No admin to notify', detail: 'The app is enabled but no admin is known.' },
  authChanged: {
    title: 'Authorization changed',
    agentId: (from, to) => `Agent id: ${from} → ${to}`,
    corpName: (from, to) => `Corp name: ${from} → ${to}`,
    visibility: (from, to) => `Visibility: ${from} → ${to}`,
    admins: (from, to) => `Admins: ${from} → ${to}`,
  },
  granted: {
    title: 'Permissions in effect',
    permissions: (names) => `Permissions: ${names}`,
    evidence: (what) => `Evidence: ${what}`,
    kind: {
      probe: 'a check call',
      get_permissions: 'the app’s permissions (agent/get_permissions)',
      auth_info: 'the authorization (get_auth_info)',
      support: 'confirmed by support',
    },
  },
  approved: {
    title: 'Approved in chat',
    note: 'In effect only once WeCom shows it; the admin was told to agree in WeCom’s notice.',
  },
  declined: {
    title: 'Permissions declined',
    kept: (names) => `Kept: ${names}`,
    askAgain: (when, tz) => `Asking again at ${when} (${tz}) unless WeCom shows it granted`,
    noMore: (n) => `Asked ${n} times, no more follow-ups`,
  },
  foundGranted: {
    title: 'WeCom shows permissions granted',
    found: (names) => `Found: ${names}`,
    note: 'No request of the bot covered them; its records now follow WeCom.',
  },
  noAdminToAsk: { title: 'No admin to ask', note: 'No app admin is known, so no card was sent.' },
  notInEffect: {
    title: 'Approved but not in effect',
    missing: (names) => `Not in effect: ${names}`,
    checked: (n) => `Checked ${n} times, WeCom still shows it not granted`,
    action: 'Ask the admin to agree in WeCom’s permission-change notice',
  },
  escalated: {
    title: 'Rollout needs a person',
    unreachable: 'The last reminder reached no admin.',
    noAdmins: 'No admin is known, so nobody can be reminded.',
    unanswered: (n) => `${n} reminders unanswered; the admins are no longer reminded.`,
    resume: (path) => `Resume: ${path}`,
  },
  batchQr: {
    title: 'Batch QR code expires soon',
    templates: (ids) => `Templates: ${ids}`,
    expires: (at) => `Expires: ${at}`,
    action: 'Generate a new one in the provider console',
  },
};

export const ALERT_WORDS: Catalogue<AlertWords> = { 'zh-CN': ZH, en: EN };

export function alertWords(locale: Locale): AlertWords {
  return wordsFor(ALERT_WORDS, locale);
}

/** The fix for admins the bot cannot reach: support's own words, as the diagnosis says it. */
export function reachFix(locale: Locale): string {
  return wordsFor(SUPPORT_WORDS, locale).reachFix;
}
