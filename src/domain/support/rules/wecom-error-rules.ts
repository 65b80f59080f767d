import { wordsFor, type Catalogue, type Locale } from '../../../shared/locale';
import { classify, hintFor, ipFromErrmsg, NO_ERRCODE } from '../../ports/wecom-errors';
import { NOBODY_REACHABLE } from '../../delivery';
import type { WecomErrorRecord } from '../../model';
import { formatLocal } from '../../rollout/zoned-time';
import { groupBy } from '../group-by';
import { type Actor, finding, type Finding } from '../diagnosis-types';
import { supportWords } from '../support-words';

interface ErrorRuleWords {
  ipRefused: (ip: string | undefined) => string;
  noPermission: (apis: string) => string;
  nobodyReachable: string;
  outsideRange: string;
  noAnswer: (apis: string) => string;
  wecomError: (code: string, apis: string) => string;
  last: (when: string) => string;
}

const WORDS: Catalogue<ErrorRuleWords> = {
  'zh-CN': {
    ipRefused: (ip) => `企业微信拒绝了来自 ${ip ? `IP ${ip}` : '服务器出口 IP'} 的调用（60020）`,
    noPermission: (apis) => `接口没有权限（48002）：${apis}`,
    nobodyReachable: '消息没有可达的接收人（81013）：都不在可见范围内或没有接口许可',
    outsideRange: '接收人不在应用可见范围内',
    noAnswer: (apis) => `企业微信无应答：${apis}`,
    wecomError: (code, apis) => `企业微信接口错误 ${code}：${apis}`,
    last: (when) => `最近 ${when}`,
  },
  en: {
    ipRefused: (ip) => `WeCom refused calls from ${ip ? `IP ${ip}` : 'the server egress IP'} (60020)`,
    noPermission: (apis) => `No permission for ${apis} (48002): not granted`,
    nobodyReachable:
      'Nobody was reachable (81013): all outside the visibility range or without an interface licence',
    outsideRange: 'Recipients are outside the app’s visibility range',
    noAnswer: (apis) => `No answer from WeCom for ${apis}`,
    wecomError: (code, apis) => `WeCom error ${code} from ${apis}`,
    last: (when) => `last ${when}`,
  },
};

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
  locale: Locale;
}

/** A rule over the WeCom errors seen in a scope (an enterprise, a template or the provider). */
export type ErrorRule = (errors: readonly WecomErrorRecord[], scope: ErrorScope) => Finding[];

/** 60020: the bot's egress IP is not on the provider's allow-list; keyed by IP, since one fix serves every enterprise. */
export const ipNotAllowed: ErrorRule = (errors, scope) => {
  const byIp = groupBy(
    errors.filter((e) => e.errcode === IP_NOT_ALLOWED),
    (e) => ipFromErrmsg(e.errmsg) ?? 'unknown',
  );
  const w = wordsFor(WORDS, scope.locale);
  return [...byIp].map(([ip, seen]) =>
    finding(
      {
        rule: 'ip_not_allowed',
        key: `ip_not_allowed:${ip}`,
        severity: 'critical',
        needsPerson: true,
        ...where(scope),
        cause: w.ipRefused(ip === 'unknown' ? undefined : ip),
        actor: 'provider_console',
        nextStep: hintFor(IP_NOT_ALLOWED, seen[0]!.errmsg, scope.locale),
        since: seen.at(-1)!.at,
        evidence: summarize(seen, scope),
      },
      scope.locale,
    ),
  );
};

/** 48002: the admin has not granted a permission an API needs. */
export const noPermission: ErrorRule = (errors, scope) => {
  const w = wordsFor(WORDS, scope.locale);
  return bySuite(errors.filter((e) => e.errcode === NO_PERMISSION)).map(([suiteId, seen]) =>
    finding(
      {
        rule: 'no_permission',
        key: `no_permission:${scope.corpId ?? '-'}:${suiteId ?? '-'}`,
        severity: 'warning',
        needsPerson: true,
        ...where({ ...scope, suiteId }),
        cause: w.noPermission(apis(seen)),
        actor: 'enterprise_admin',
        nextStep: hintFor(NO_PERMISSION, '', scope.locale),
        since: seen.at(-1)!.at,
        evidence: summarize(seen, scope),
      },
      scope.locale,
    ),
  );
};

/** 81013 and its kin: the message had nobody it could reach (visibility range or interface licences). */
export const nobodyReachable: ErrorRule = (errors, scope) => {
  const w = wordsFor(WORDS, scope.locale);
  const seenCodes = errors.filter((e) => e.errcode === NOBODY_REACHABLE || OUTSIDE_RANGE.has(e.errcode));
  return bySuite(seenCodes).map(([suiteId, seen]) => {
    const nobody = seen.some((e) => e.errcode === NOBODY_REACHABLE);
    return finding(
      {
        rule: 'nobody_reachable',
        key: `nobody_reachable:${scope.corpId ?? '-'}:${suiteId ?? '-'}`,
        severity: 'warning',
        needsPerson: true,
        ...where({ ...scope, suiteId }),
        cause: nobody ? w.nobodyReachable : w.outsideRange,
        actor: 'enterprise_admin',
        // The bot only writes to the admins: when nobody was reachable, they are the ones outside.
        nextStep: nobody ? supportWords(scope.locale).reachFix : hintFor(seen[0]!.errcode, '', scope.locale),
        since: seen.at(-1)!.at,
        evidence: summarize(seen, scope),
      },
      scope.locale,
    );
  });
};

/**
 * Every other permanent error, with the error table's hint. Busy, expired tokens and rate limits
 * are left out: the client retries those on its own.
 */
export const wecomErrors: ErrorRule = (errors, scope) => {
  const w = wordsFor(WORDS, scope.locale);
  const rest = errors.filter((e) => !OWN_RULE.has(e.errcode) && classify(e.errcode) === 'permanent');
  return [...groupBy(rest, (e) => String(e.errcode))].map(([code, seen]) => {
    const errcode = Number(code);
    return finding(
      {
        rule: 'wecom_error',
        key: `wecom_error:${scope.corpId ?? scope.suiteId ?? 'provider'}:${code}`,
        severity: 'warning',
        needsPerson: true,
        ...where(scope),
        cause: errcode === NO_ERRCODE ? w.noAnswer(apis(seen)) : w.wecomError(code, apis(seen)),
        actor: ACTOR_OF[errcode] ?? 'support',
        nextStep: hintFor(errcode, seen[0]!.errmsg, scope.locale),
        since: seen.at(-1)!.at,
        evidence: summarize(seen, scope),
      },
      scope.locale,
    );
  });
};

/** One line per API and code, newest first: "agent/get: errcode 48002 ×3 (last 2026-03-02 10:00)". */
export function summarize(
  errors: readonly WecomErrorRecord[],
  { timeZone, locale }: { timeZone: string; locale: Locale },
  max = 3,
): string[] {
  const w = wordsFor(WORDS, locale);
  const groups = [...groupBy(errors, (e) => `${e.api}\u0000${e.errcode}`).values()];
  return groups.slice(0, max).map((seen) => {
    const e = seen[0]!;
    const msg = e.errmsg ? ` ${e.errmsg}` : '';
    const last = w.last(formatLocal(e.at, timeZone));
    return `${e.api}: errcode ${e.errcode}${msg} ×${seen.length}${locale === 'en' ? ` (${last})` : `（${last}）`}`;
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
