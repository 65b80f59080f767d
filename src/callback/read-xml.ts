import { CallbackRejectedError } from '../shared/errors';

/** A leaf is its text; an element with children is an object; a repeated element is an array. */
export type XmlValue = string | XmlValue[] | { [name: string]: XmlValue };

const MAX_DEPTH = 16;
/**
 * WeCom's largest callbacks (approval changes, contact changes with extended attributes) hold a
 * few hundred elements. A signed document is still bounded: each element becomes an object that
 * is kept, hashed and stored, so thousands of them would cost milliseconds per request.
 */
const MAX_ELEMENTS = 1000;
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
  return new XmlReader(xml).document();
}

/** One reader per document: methods on a class, not closures made anew for every callback. */
class XmlReader {
  private pos = 0;
  private elements = 0;

  constructor(private readonly xml: string) {}

  document(): { name: string; value: XmlValue } {
    this.skipMisc();
    if (this.xml[this.pos] !== '<') fail();
    const root = this.readElement(1);
    this.skipMisc();
    if (this.pos !== this.xml.length) fail();
    return root;
  }

  private skipSpace(): void {
    const { xml } = this;
    while (this.pos < xml.length && ' \t\r\n'.includes(xml[this.pos]!)) this.pos++;
  }

  /** The prolog: an optional declaration and processing instructions, with layout between. */
  private skipMisc(): void {
    for (;;) {
      this.skipSpace();
      if (!this.xml.startsWith('<?', this.pos)) return;
      const end = this.xml.indexOf('?>', this.pos + 2);
      if (end < 0) fail();
      this.pos = end + 2;
    }
  }

  private readName(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.xml);
    if (!m) return fail();
    this.pos += m[0].length;
    if (FORBIDDEN_NAMES.has(m[0])) fail();
    return m[0];
  }

  /** Skips attributes up to `>` or `/>`; true when the element closes itself. */
  private readTagEnd(): boolean {
    const { xml } = this;
    for (;;) {
      this.skipSpace();
      if (xml.startsWith('/>', this.pos)) {
        this.pos += 2;
        return true;
      }
      if (xml[this.pos] === '>') {
        this.pos++;
        return false;
      }
      this.readName();
      this.skipSpace();
      if (xml[this.pos] !== '=') fail();
      this.pos++;
      this.skipSpace();
      const quote = xml[this.pos];
      if (quote !== '"' && quote !== "'") return fail();
      const end = xml.indexOf(quote, this.pos + 1);
      if (end < 0 || xml.slice(this.pos + 1, end).includes('<')) fail();
      this.pos = end + 1;
    }
  }

  /** Character data up to the next `<`; references must be well formed and stay as written. */
  private readText(): string {
    const end = this.xml.indexOf('<', this.pos);
    const stop = end < 0 ? this.xml.length : end;
    const text = this.xml.slice(this.pos, stop);
    for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', amp + 1)) {
      REFERENCE.lastIndex = amp;
      if (!REFERENCE.test(text)) fail();
    }
    this.pos = stop;
    return text;
  }

  private readElement(depth: number): { name: string; value: XmlValue } {
    const { xml } = this;
    if (depth > MAX_DEPTH || ++this.elements > MAX_ELEMENTS) fail();
    this.pos++; // '<'
    const name = this.readName();
    if (this.readTagEnd()) return { name, value: '' };
    let text = '';
    // A leaf with a CDATA section is that section's content: the layout around it is not part of
    // the value (WeCom's own example sends `<InfoType> <![CDATA[suite_ticket]]></InfoType>`).
    let withoutLayout = '';
    let sawCdata = false;
    let children: Record<string, XmlValue> | undefined;
    for (;;) {
      if (this.pos >= xml.length) fail();
      if (xml.startsWith('</', this.pos)) {
        this.pos += 2;
        if (this.readName() !== name) fail();
        this.skipSpace();
        if (xml[this.pos] !== '>') fail();
        this.pos++;
        break;
      }
      if (xml.startsWith('<![CDATA[', this.pos)) {
        const end = xml.indexOf(']]>', this.pos + 9);
        if (end < 0) fail();
        const section = xml.slice(this.pos + 9, end);
        text += section;
        withoutLayout += section;
        sawCdata = true;
        this.pos = end + 3;
      } else if (xml[this.pos] === '<') {
        if (xml[this.pos + 1] === '!' || xml[this.pos + 1] === '?') fail();
        const child = this.readElement(depth + 1);
        children ??= {};
        // Values are strings or objects; an array only ever holds a repeated element.
        const existing = Object.hasOwn(children, child.name) ? children[child.name] : undefined;
        if (existing === undefined) children[child.name] = child.value;
        else if (Array.isArray(existing)) existing.push(child.value);
        else children[child.name] = [existing, child.value];
      } else {
        const run = this.readText();
        text += run;
        if (run.trim() !== '') withoutLayout += run;
      }
    }
    if (!children) return { name, value: sawCdata ? withoutLayout : text };
    // Text beside child elements is layout, or mixed content WeCom never sends.
    if (text.trim() !== '') fail();
    return { name, value: children };
  }
}

function fail(): never {
  throw new CallbackRejectedError('bad_xml');
}
