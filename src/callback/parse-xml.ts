import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CallbackRejectedError } from '../shared/errors';

/** A leaf is its text; an element with children is an object; a repeated element is an array. */
export type XmlValue = string | XmlValue[] | { [name: string]: XmlValue };

/** The children of `<xml>`: mostly flat strings; nested ones (SelectedItems) kept as objects. */
export type XmlFields = Record<string, XmlValue>;

/** The outer body WeCom POSTs: `<xml><ToUserName/><AgentID/><Encrypt/></xml>`. */
export interface CallbackEnvelope {
  encrypt: string;
  toUserName?: string;
  agentId?: string;
}

const CDATA_SECTION = /<!\[CDATA\[[\s\S]*?\]\]>/g;
const DTD_MARKUP = /<!(?:DOCTYPE|ENTITY)/i;

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 16,
});

/**
 * Parses a WeCom XML document and returns the children of its `<xml>` root. Values stay strings
 * exactly as sent (MsgId does not fit a JS number); entities are not expanded.
 */
export function parseXml(xml: string): XmlFields {
  // CDATA is text, never markup: a user may type "<!DOCTYPE" into a chat message.
  if (DTD_MARKUP.test(xml.replace(CDATA_SECTION, ''))) throw new CallbackRejectedError('doctype_refused');
  if (XMLValidator.validate(xml) !== true) throw new CallbackRejectedError('bad_xml');
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    // The parser refuses names such as __proto__ and excessive nesting by throwing.
    throw new CallbackRejectedError('bad_xml');
  }
  if (!isObject(doc) || Object.keys(doc).length !== 1 || !('xml' in doc))
    throw new CallbackRejectedError('bad_xml');
  const root = doc.xml;
  if (root === '') return {};
  if (!isObject(root)) throw new CallbackRejectedError('bad_xml');
  return withoutLayout(root);
}

/** Pulls `Encrypt` (and ToUserName/AgentID when present) out of the outer POST body. */
export function parseEnvelope(body: string): CallbackEnvelope {
  const fields = parseXml(body);
  const encrypt = fields.Encrypt;
  if (typeof encrypt !== 'string' || encrypt === '') throw new CallbackRejectedError('missing_encrypt');
  const { ToUserName: toUserName, AgentID: agentId } = fields;
  return {
    encrypt,
    ...(typeof toUserName === 'string' && toUserName !== '' && { toUserName }),
    ...(typeof agentId === 'string' && agentId !== '' && { agentId }),
  };
}

/** Whitespace between elements comes back as '#text'; it is layout, not a field. */
function withoutLayout(node: Record<string, XmlValue>): XmlFields {
  const fields: XmlFields = {};
  for (const [name, value] of Object.entries(node)) {
    if (name !== '#text') fields[name] = clean(value);
  }
  return fields;
}

function clean(value: XmlValue): XmlValue {
  if (Array.isArray(value)) return value.map(clean);
  return isObject(value) ? withoutLayout(value) : value;
}

function isObject(value: unknown): value is Record<string, XmlValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
