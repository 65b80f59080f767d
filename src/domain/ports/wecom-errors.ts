import { AppError } from '../../shared/errors';
import { wordsFor, type Catalogue, type Locale } from '../../shared/locale';

/**
 * What a WeCom errcode means for the caller (api-notes §5). Decided on errcode, never on errmsg.
 * - token_expired / suite_token_expired: drop the cached token, fetch a new one, retry once;
 * - busy / network: retry with backoff (network = timeout, connection error, HTTP 5xx, bad JSON);
 * - rate_limited: stop and slow the enterprise down, do not hammer;
 * - permanent: a person has to fix something; retrying changes nothing.
 */
export type WecomDisposition =
  'token_expired' | 'suite_token_expired' | 'busy' | 'rate_limited' | 'permanent' | 'network';

/** errcode carried by failures that never reached a WeCom answer (timeout, connection, HTTP status). */
export const NO_ERRCODE = -2;

const TABLE: Record<number, WecomDisposition> = {
  [-1]: 'busy',
  40014: 'token_expired',
  42001: 'token_expired',
  42009: 'suite_token_expired',
  // An invalid suite_access_token: a fresh one (from the latest ticket) is the cure, as for 42009.
  40082: 'suite_token_expired',
  45009: 'rate_limited',
  45033: 'rate_limited',
};

/** Unknown codes count as permanent: a support alert is cheaper than a retry loop against WeCom. */
export function classify(errcode: number): WecomDisposition {
  return TABLE[errcode] ?? 'permanent';
}

/** A failed WeCom call; `api` is the path without query (never a token). */
export class WecomApiError extends AppError {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
    readonly disposition: WecomDisposition,
  ) {
    super(`wecom_${disposition}`, 502, false, `${api}: errcode ${errcode} ${errmsg}`);
  }

  get retryable(): boolean {
    return this.disposition !== 'permanent' && this.disposition !== 'rate_limited';
  }
}

/** get_suite_token needs the latest suite_ticket; WeCom pushes one every 10 minutes. */
export class SuiteTicketMissingError extends AppError {
  constructor(readonly suiteId: string) {
    super(
      'suite_ticket_missing',
      503,
      false,
      `no suite_ticket stored for ${suiteId}: wait for the next push (every 10 min) or push one by hand in the 服务商后台`,
    );
  }
}

/** The egress IP WeCom names in a 60020 errmsg ("... from ip: 1.2.3.4, more info ..."). */
export function ipFromErrmsg(errmsg: string): string | undefined {
  return /from ip:\s*([0-9A-Fa-f.:]*[0-9A-Fa-f])/.exec(errmsg)?.[1];
}

/** What a person should do about each errcode, in every locale. */
const HINTS: Catalogue<Record<number, string>> = {
  'zh-CN': {
    [NO_ERRCODE]: '企业微信无应答（超时、连接失败或 HTTP 5xx）：检查服务器到 apiBase 的网络。',
    [-1]: '企业微信系统繁忙，稍后自动重试。',
    40001: '永久授权码无效，可能已在服务商后台重置：检查是否漏收 reset_permanent_code 回调。',
    40082: 'suite_access_token 无效：确认模版 ID 与 suite_secret。',
    40084: '永久授权码无效，需要企业重新授权。',
    40085: 'suite_ticket 缺失或过期：等待下次推送或在服务商后台手动推送。',
    41025: '缺少永久授权码，需要企业重新授权。',
    48002: '企业管理员尚未授予该接口所需权限：在服务商后台提交自定义权限变更并请管理员同意。',
    48004: '企业已取消授权或授权失效：停止向该企业发送。',
    48006: '应用长期未使用，权限已被收回：请企业管理员重新启用。',
    50002: '成员不在可见范围内：请管理员扩大可见范围。',
    60011: '成员、部门或标签不在可见范围内：请管理员扩大可见范围。',
    60021: '成员不在应用可见范围内：请管理员扩大可见范围。',
    81013:
      '没有可达的接收人：机器人只给应用管理员发消息，请管理员把自己加入应用的可见范围，并确认已分配接口许可。',
    92000: '成员不在可见范围内：请管理员扩大可见范围。',
    301002: 'agentid 与 access_token 不匹配：检查该企业应用的 agentid 配置。',
    60140: 'response_code 无效或已过期（72 小时、只能用一次）：重新发送卡片。',
    93000: '群机器人地址无效或机器人已被移出群：重新添加机器人并更新 supportWebhookUrl。',
    93004: '群机器人已被停用：在群里重新启用。',
  },
  en: {
    [NO_ERRCODE]: 'No answer from WeCom (timeout, connection, 5xx): check the network to apiBase.',
    [-1]: 'WeCom was busy; retried later.',
    40001:
      'The permanent code (app secret) is invalid or was reset: check for a missed reset_permanent_code.',
    40082: 'Invalid suite token: check the template id and secret.',
    40084: 'Invalid permanent code: the enterprise has to authorize again.',
    40085: 'suite_ticket missing or expired: wait for the next push or push one by hand.',
    41025: 'Permanent code missing: the enterprise has to authorize again.',
    48002:
      'The admin has not granted the permission this API needs: file a custom-permission change and ask the admin to approve it.',
    48004: 'The authorization was cancelled: stop sending to this enterprise.',
    48006: 'Permissions withdrawn because the app was unused: ask the admin to re-enable it.',
    50002: 'Member outside the visibility range: ask the admin to widen it.',
    60011: 'Member, department or tag outside the visibility range: ask the admin to widen it.',
    60021: 'User outside the app visibility range: ask the admin to widen it.',
    81013:
      'Nobody is reachable: the bot writes only to the app admins, so the admins must add themselves to the app’s visibility range and hold an interface licence.',
    92000: 'Member outside the visibility range: ask the admin to widen it.',
    301002: 'The agentid does not belong to this token: check the configured agentid.',
    60140: 'The response_code is invalid or expired (72 h, single use): send a fresh card.',
    93000: 'Webhook invalid or robot removed: add the robot again and update supportWebhookUrl.',
    93004: 'The group robot is disabled: enable it again in the group.',
  },
};

/** A human hint saying what to fix in the given locale; 60020 names the IP to add to the allow-list. */
export function hintFor(errcode: number, errmsg: string | undefined, locale: Locale): string {
  const ip = ipFromErrmsg(errmsg ?? '');
  if (errcode === 60020) {
    return locale === 'en'
      ? `Add ${ip ? `IP ${ip}` : 'the server egress IP'} to the provider's IP allow-list in the provider console.`
      : `${ip ? `出口 IP ${ip}` : '服务器出口 IP'} 不在白名单：请在服务商后台（代开发应用的 IP 白名单）添加 ${ip ?? '该 IP'}。`;
  }
  const known = wordsFor(HINTS, locale)[errcode];
  if (known) return known;
  const url = `https://open.work.weixin.qq.com/devtool/query?e=${errcode}`;
  return locale === 'en' ? `errcode ${errcode}: look it up at ${url}.` : `错误码 ${errcode}：见 ${url}。`;
}
