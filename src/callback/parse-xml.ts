import { CallbackRejectedError } from '../shared/errors';
import { readXml, type XmlValue } from './read-xml';

export type { XmlValue };

/** The children of `<xml>`: mostly flat strings; nested ones (SelectedItems) kept as objects. */
export type XmlFields = Record<string, XmlValue>;

const CDATA_OPEN = '<![CDATA[';
const DTD_MARKUP = /<!(?:DOCTYPE|ENTITY)/iy;

/**
 * Parses a WeCom XML document and returns the children of its `<xml>` root. Values stay strings
 * exactly as sent (MsgId does not fit a JS number); entities are not expanded.
 */
export function parseXml(xml: string): XmlFields {
  if (hasDtdMarkup(xml)) throw new CallbackRejectedError('doctype_refused');
  const { name, value: root } = readXml(xml);
  if (name !== 'xml') throw new CallbackRejectedError('bad_xml');
  if (root === '') return {};
  if (!isObject(root)) throw new CallbackRejectedError('bad_xml');
  return root;
}

/**
 * Whether a DOCTYPE or ENTITY declaration appears outside CDATA (a user may type "<!DOCTYPE" into
 * a chat message). One forward pass: each `<!` is looked at once, and a CDATA section is skipped
 * with one search for its end. Once a section is unterminated no later one can end either, so
 * the rest is markup, as a stripping regex would have left it, without its quadratic retries.
 */
function hasDtdMarkup(xml: string): boolean {
  let sectionsEnd = true;
  let pos = 0;
  for (;;) {
    const open = xml.indexOf('<!', pos);
    if (open < 0) return false;
    pos = open + 2;
    if (sectionsEnd && xml.startsWith(CDATA_OPEN, open)) {
      const end = xml.indexOf(']]>', open + CDATA_OPEN.length);
      if (end >= 0) pos = end + 3;
      else sectionsEnd = false;
      continue;
    }
    DTD_MARKUP.lastIndex = open;
    if (DTD_MARKUP.test(xml)) return true;
  }
}

function isObject(value: unknown): value is Record<string, XmlValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
