import type { SupportAlert } from '../domain/ports';
import { ipFromErrmsg, NO_ERRCODE, type WecomApiError } from '../domain/ports/wecom-errors';

/**
 * The support alert for a WeCom error someone has to fix, with the hint saying what to do. One per
 * enterprise, errcode and day: it is not repeated for every message that fails the same way, yet
 * comes back tomorrow if nobody fixed it. 60020 is about the provider's server IP, not about an
 * enterprise, so it is keyed by the IP: one alert however many enterprises hit it.
 */
export function wecomErrorAlert(
  err: WecomApiError,
  ctx: { suiteId?: string; corpId?: string; at: Date; what?: string },
): SupportAlert {
  const day = ctx.at.toISOString().slice(0, 10);
  const scope = err.errcode === 60020 ? `ip:${ipFromErrmsg(err.errmsg) ?? 'unknown'}` : corpScope(ctx);
  const lines = [
    `接口 API: ${err.api}`,
    `错误 Error: ${err.errcode === NO_ERRCODE ? '' : `errcode ${err.errcode} `}${err.errmsg}`,
  ];
  if (ctx.what) lines.push(`内容 About: ${ctx.what}`);
  return {
    dedupeKey: `wecom-error:${scope}:${err.errcode}:${day}`,
    title: '企业微信接口错误，需要人工处理 / WeCom API error needs a fix',
    lines,
    action: err.hint,
    corpId: ctx.corpId,
    suiteId: ctx.suiteId,
    severity: 'warning',
  };
}

function corpScope(ctx: { suiteId?: string; corpId?: string }): string {
  return ctx.corpId ? `${ctx.suiteId ?? '-'}:${ctx.corpId}` : (ctx.suiteId ?? 'provider');
}
