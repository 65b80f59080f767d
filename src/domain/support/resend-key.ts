/** Resends get `${original}:resend:${n}`; a resend of a resend counts on from the original. */
const RESEND_SUFFIX = /:resend:\d+$/;

export function baseDedupeKey(dedupeKey: string): string {
  return dedupeKey.replace(RESEND_SUFFIX, '');
}

export function resendDedupeKey(original: string, n: number): string {
  return `${baseDedupeKey(original)}:resend:${n}`;
}
