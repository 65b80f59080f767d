export type XmlField = [name: string, value: string | number | bigint | undefined];

/**
 * A plaintext callback body as WeCom writes it: strings in CDATA, numbers (and 64-bit MsgIds) bare,
 * fields in order.
 * Undefined fields are left out.
 */
export function callbackXml(fields: XmlField[]): string {
  const parts = fields
    .filter((f): f is [string, string | number | bigint] => f[1] !== undefined)
    .map(([name, value]) => `<${name}>${typeof value === 'string' ? cdata(value) : value}</${name}>`);
  return `<xml>${parts.join('')}</xml>`;
}

// "]]>" cannot appear inside CDATA; split it across two sections as XML writers do.
function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
