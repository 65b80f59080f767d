import { CallbackRejectedError } from '../shared/errors';
import { readXml, type XmlValue } from './read-xml';

export type { XmlValue };

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

/**
 * Parses a WeCom XML document and returns the children of its `<xml>` root. Values stay strings
 * exactly as sent (MsgId does not fit a JS number); entities are not expanded.
 */
export function parseXml(xml: string): XmlFields {
  // CDATA is text, never markup: a user may type "<!DOCTYPE" into a chat message.
  if (DTD_MARKUP.test(xml.replace(CDATA_SECTION, ''))) throw new CallbackRejectedError('doctype_refused');
  const { name, value: root } = readXml(xml);
  if (name !== 'xml') throw new CallbackRejectedError('bad_xml');
  if (root === '') return {};
  if (!isObject(root)) throw new CallbackRejectedError('bad_xml');
  return root;
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

function isObject(value: unknown): value is Record<string, XmlValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
