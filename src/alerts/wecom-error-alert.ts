import type { SupportAlert } from '../domain/ports';
import { hintFor, ipFromErrmsg, NO_ERRCODE, type WecomApiError } from '../domain/ports/wecom-errors';
import { alertWords } from '../domain/support/alert-words';
import type { Locale } from '../shared/locale';

/**
 * The support alert for a WeCom error someone has to fix, with the hint saying what to do. One per
 * enterprise, errcode and day: it is not repeated for every message that fails the same way, yet
 * comes back tomorrow if nobody fixed it. 60020 is about the provider's server IP, not about an
 * enterprise, so it is keyed by the IP: one alert however many enterprises hit it.
 */
export function wecomErrorAlert(
  err: WecomApiError,
  ctx: { suiteId?: string; corpId?: string; at: Date; what?: string },
  locale: Locale,
): SupportAlert {
  const w = alertWords(locale);
  const day = ctx.at.toISOString().slice(0, 10);
  const scope = err.errcode === 60020 ? `ip:${ipFromErrmsg(err.errmsg) ?? 'unknown'}` : corpScope(ctx);
  const lines = [
    w.wecomError.api(err.api),
    w.wecomError.error(err.errcode === NO_ERRCODE ? '' : String(err.errcode), err.errmsg),
  ];
  if (ctx.what) lines.push(w.line.about(ctx.what));
  return {
    dedupeKey: `wecom-error:${scope}:${err.errcode}:${day}`,
    title: w.wecomError.title,
    lines,
    action: hintFor(err.errcode, err.errmsg, locale),
    corpId: ctx.corpId,
    suiteId: ctx.suiteId,
    severity: 'warning',
  };
}

function corpScope(ctx: { suiteId?: string; corpId?: string }): string {
  return ctx.corpId ? `${ctx.suiteId ?? '-'}:${ctx.corpId}` : (ctx.suiteId ?? 'provider');
}
