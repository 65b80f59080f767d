/**
 * A message as the API shows it: without the card's response_code, which WeCom issues per click as
 * a single-use credential (valid 72 h) to update that card. It never leaves the server.
 */
export function withoutResponseCode<T extends { responseCode?: string; payload?: Record<string, unknown> }>(
  message: T,
): T {
  const copy = { ...message };
  delete copy.responseCode;
  if (copy.payload && 'response_code' in copy.payload) {
    const payload = { ...copy.payload };
    delete payload.response_code;
    copy.payload = payload;
  }
  return copy;
}
