import { CallbackRejectedError } from '../shared/errors';

import type { XmlValue } from './parse-xml';

const MAX_DEPTH = 16;
const NAME = /[A-Za-z_][\w.\-:]*/y;
const REFERENCE = /&(?:[A-Za-z_][\w.-]*|#[0-9]+|#x[0-9A-Fa-f]+);/y;
/** Names that would reach Object.prototype when used as keys. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A strict reader for the XML WeCom sends: elements, text and CDATA; attributes, the declaration
 * and processing instructions are skipped; entity references are kept as written (never expanded);
 * DOCTYPE, comments and anything else are refused. One pass, no validator round trip: the
 * callback path parses twice per request (envelope and message), so this is most of its cost.
 */
export function readXml(xml: string): { name: string; value: XmlValue } {
  let pos = 0;
  const fail = (): never => {
    throw new CallbackRejectedError('bad_xml');
  };

  const skipSpace = (): void => {
    while (pos < xml.length && ' \t\r\n'.includes(xml[pos]!)) pos++;
  };

  /** The prolog: an optional declaration and processing instructions, with layout between. */
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (!xml.startsWith('<?', pos)) return;
      const end = xml.indexOf('?>', pos + 2);
      if (end < 0) fail();
      pos = end + 2;
    }
  };

  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(xml);
    if (!m) return fail();
    pos += m[0].length;
    if (FORBIDDEN_NAMES.has(m[0])) fail();
    return m[0];
  };

  /** Skips attributes up to `>` or `/>`; true when the element closes itself. */
  const readTagEnd = (): boolean => {
    for (;;) {
      skipSpace();
      if (xml.startsWith('/>', pos)) {
        pos += 2;
        return true;
      }
      if (xml[pos] === '>') {
        pos++;
        return false;
      }
      readName();
      skipSpace();
      if (xml[pos] !== '=') fail();
      pos++;
      skipSpace();
      const quote = xml[pos];
      if (quote !== '"' && quote !== "'") return fail();
      const end = xml.indexOf(quote, pos + 1);
      if (end < 0 || xml.slice(pos + 1, end).includes('<')) fail();
      pos = end + 1;
    }
  };

  /** Character data up to the next `<`; references must be well formed and stay as written. */
  const readText = (): string => {
    const end = xml.indexOf('<', pos);
    const stop = end < 0 ? xml.length : end;
    const text = xml.slice(pos, stop);
    for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', amp + 1)) {
      REFERENCE.lastIndex = amp;
      if (!REFERENCE.test(text)) fail();
    }
    pos = stop;
    return text;
  };

  const readElement = (depth: number): { name: string; value: XmlValue } => {
    if (depth > MAX_DEPTH) fail();
    pos++; // '<'
    const name = readName();
    if (readTagEnd()) return { name, value: '' };
    let text = '';
    let children: Record<string, XmlValue> | undefined;
    for (;;) {
      if (pos >= xml.length) fail();
      if (xml.startsWith('</', pos)) {
        pos += 2;
        if (readName() !== name) fail();
        skipSpace();
        if (xml[pos] !== '>') fail();
        pos++;
        break;
      }
      if (xml.startsWith('<![CDATA[', pos)) {
        const end = xml.indexOf(']]>', pos + 9);
        if (end < 0) fail();
        text += xml.slice(pos + 9, end);
        pos = end + 3;
      } else if (xml[pos] === '<') {
        if (xml[pos + 1] === '!' || xml[pos + 1] === '?') fail();
        const child = readElement(depth + 1);
        children ??= {};
        // Values are strings or objects; an array only ever holds a repeated element.
        const existing = Object.hasOwn(children, child.name) ? children[child.name] : undefined;
        if (existing === undefined) children[child.name] = child.value;
        else if (Array.isArray(existing)) existing.push(child.value);
        else children[child.name] = [existing, child.value];
      } else {
        text += readText();
      }
    }
    if (!children) return { name, value: text };
    // Text beside child elements is layout, or mixed content WeCom never sends.
    if (text.trim() !== '') fail();
    return { name, value: children };
  };

  skipMisc();
  if (xml[pos] !== '<') fail();
  const root = readElement(1);
  skipMisc();
  if (pos !== xml.length) fail();
  return root;
}
