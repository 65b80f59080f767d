import { classify, hintFor, ipFromErrmsg, NO_ERRCODE } from '../../ports/wecom-errors';
import { NOBODY_REACHABLE, REACH_FIX } from '../../delivery';
import type { WecomErrorRecord } from '../../model';
import { formatLocal } from '../../rollout/zoned-time';
import { groupBy } from '../group-by';
import { type Actor, finding, type Finding } from '../diagnosis-types';

/** Codes with a rule of their own; the rest go through wecomErrors with the error table's hint. */
export const IP_NOT_ALLOWED = 60020;
export const NO_PERMISSION = 48002;
/** Members, departments or tags outside the visibility range. */
const OUTSIDE_RANGE = new Set([50002, 60011, 60021, 92000]);
const OWN_RULE = new Set([IP_NOT_ALLOWED, NO_PERMISSION, NOBODY_REACHABLE, ...OUTSIDE_RANGE]);

/** Who fixes what the error table hints at. */
const ACTOR_OF: Record<number, Actor> = {
  40084: 'enterprise_admin',
  41025: 'enterprise_admin',
  48006: 'enterprise_admin',
  40082: 'provider_console',
  40085: 'provider_console',
};

export interface ErrorScope {
  corpId?: string;
  suiteId?: string;
  timeZone: string;
}

/** A rule over the WeCom errors seen in a scope (an enterprise, a template or the provider). */
export type ErrorRule = (errors: readonly WecomErrorRecord[], scope: ErrorScope) => Finding[];

/** 60020: the bot's egress IP is not on the provider's allow-list; keyed by IP, since one fix serves every enterprise. */
export const ipNotAllowed: ErrorRule = (errors, scope) => {
  const byIp = groupBy(
    errors.filter((e) => e.errcode === IP_NOT_ALLOWED),
    (e) => ipFromErrmsg(e.errmsg) ?? 'unknown',
  );
  return [...byIp].map(([ip, seen]) =>
    finding({
      rule: 'ip_not_allowed',
      key: `ip_not_allowed:${ip}`,
      severity: 'critical',
      needsPerson: true,
      ...where(scope),
      cause:
        `企业微信拒绝了来自 ${ip === 'unknown' ? '服务器出口 IP' : `IP ${ip}`} 的调用（60020） / ` +
        `WeCom refused calls from ${ip === 'unknown' ? 'the server egress IP' : `IP ${ip}`} (60020)`,
      actor: 'provider_console',
      nextStep: hintFor(IP_NOT_ALLOWED, seen[0]!.errmsg),
      since: seen.at(-1)!.at,
      evidence: summarize(seen, scope.timeZone),
    }),
  );
};

/** 48002: the admin has not granted a permission an API needs. */
export const noPermission: ErrorRule = (errors, scope) => {
  return bySuite(errors.filter((e) => e.errcode === NO_PERMISSION)).map(([suiteId, seen]) =>
    finding({
      rule: 'no_permission',
      key: `no_permission:${scope.corpId ?? '-'}:${suiteId ?? '-'}`,
      severity: 'warning',
      needsPerson: true,
      ...where({ ...scope, suiteId }),
      cause:
        `接口没有权限（48002）：${apis(seen)} / ` + `No permission for ${apis(seen)} (48002): not granted`,
      actor: 'enterprise_admin',
      nextStep: hintFor(NO_PERMISSION),
      since: seen.at(-1)!.at,
      evidence: summarize(seen, scope.timeZone),
    }),
  );
};

/** 81013 and its kin: the message had nobody it could reach (visibility range or interface licences). */
export const nobodyReachable: ErrorRule = (errors, scope) => {
  const seenCodes = errors.filter((e) => e.errcode === NOBODY_REACHABLE || OUTSIDE_RANGE.has(e.errcode));
  return bySuite(seenCodes).map(([suiteId, seen]) => {
    const nobody = seen.some((e) => e.errcode === NOBODY_REACHABLE);
    return finding({
      rule: 'nobody_reachable',
      key: `nobody_reachable:${scope.corpId ?? '-'}:${suiteId ?? '-'}`,
      severity: 'warning',
      needsPerson: true,
      ...where({ ...scope, suiteId }),
      cause: nobody
        ? '消息没有可达的接收人（81013）：都不在可见范围内或没有接口许可 / Nobody was reachable (81013): all outside the visibility range or without an interface licence'
        : '接收人不在应用可见范围内 / Recipients are outside the app’s visibility range',
      actor: 'enterprise_admin',
      // The bot only writes to the admins: when nobody was reachable, they are the ones outside.
      nextStep: nobody ? REACH_FIX : hintFor(seen[0]!.errcode),
      since: seen.at(-1)!.at,
      evidence: summarize(seen, scope.timeZone),
    });
  });
};

/**
 * Every other permanent error, with the error table's hint. Busy, expired tokens and rate limits
 * are left out: the client retries those on its own.
 */
export const wecomErrors: ErrorRule = (errors, scope) => {
  const rest = errors.filter((e) => !OWN_RULE.has(e.errcode) && classify(e.errcode) === 'permanent');
  return [...groupBy(rest, (e) => String(e.errcode))].map(([code, seen]) => {
    const errcode = Number(code);
    return finding({
      rule: 'wecom_error',
      key: `wecom_error:${scope.corpId ?? scope.suiteId ?? 'provider'}:${code}`,
      severity: 'warning',
      needsPerson: true,
      ...where(scope),
      cause:
        errcode === NO_ERRCODE
          ? `企业微信无应答：${apis(seen)} / No answer from WeCom for ${apis(seen)}`
          : `企业微信接口错误 ${code}：${apis(seen)} / WeCom error ${code} from ${apis(seen)}`,
      actor: ACTOR_OF[errcode] ?? 'support',
      nextStep: hintFor(errcode, seen[0]!.errmsg),
      since: seen.at(-1)!.at,
      evidence: summarize(seen, scope.timeZone),
    });
  });
};

/** One line per API and code, newest first: "agent/get: errcode 48002 ×3（最近 / last 2026-03-02 10:00）". */
export function summarize(errors: readonly WecomErrorRecord[], timeZone: string, max = 3): string[] {
  const groups = [...groupBy(errors, (e) => `${e.api}\u0000${e.errcode}`).values()];
  return groups.slice(0, max).map((seen) => {
    const e = seen[0]!;
    const msg = e.errmsg ? ` ${e.errmsg}` : '';
    return `${e.api}: errcode ${e.errcode}${msg} ×${seen.length}（最近 / last ${formatLocal(e.at, timeZone)}）`;
  });
}

function apis(errors: readonly WecomErrorRecord[]): string {
  return [...new Set(errors.map((e) => e.api))].join(', ');
}

function bySuite(errors: readonly WecomErrorRecord[]): [string | undefined, WecomErrorRecord[]][] {
  return [...groupBy(errors, (e) => e.suiteId ?? '')].map(([s, seen]) => [s || undefined, seen]);
}

function where(scope: ErrorScope): { corpId?: string; suiteId?: string } {
  return {
    ...(scope.corpId ? { corpId: scope.corpId } : {}),
    ...(scope.suiteId ? { suiteId: scope.suiteId } : {}),
  };
}
