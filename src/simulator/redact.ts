/** Field names (JSON keys, query parameters, XML elements) that carry a credential. */
const SECRET = /secret|token|permanent_?code|auth_?code|response_?code|ticket|aes_?key|password/i;
const HIDDEN = '[redacted]';

/**
 * A copy with every credential replaced, for what the simulator shows over HTTP (its call log,
 * its callback log): the page is for watching the flow, not for lifting suite secrets or tokens.
 */
export function redact(value: unknown, key = ''): unknown {
  if (SECRET.test(key) && value !== undefined && value !== null && value !== '') return HIDDEN;
  if (typeof value === 'string') return redactXml(value);
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value instanceof Date || typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
}

/** `<SuiteTicket><![CDATA[…]]></SuiteTicket>` and the like inside a callback's plaintext. */
function redactXml(text: string): string {
  if (!text.includes('<')) return text;
  return text.replace(/<([A-Za-z_]\w*)>(?:<!\[CDATA\[[^\]]*\]\]>|[^<]*)<\/\1>/g, (element, name: string) =>
    SECRET.test(name) ? `<${name}>${HIDDEN}</${name}>` : element,
  );
}
