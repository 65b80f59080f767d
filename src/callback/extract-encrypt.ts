import { CallbackRejectedError } from '../shared/errors';

const CDATA_OPEN = '<![CDATA[';
const CDATA_CLOSE = ']]>';
const DTD_MARKUP = /<!(?:DOCTYPE|ENTITY)/iy;

/**
 * Takes the Encrypt value out of a POST body without parsing it. Until the signature over that
 * value verifies, the body is anyone's: this is one forward pass with indexOf and a sticky test,
 * never a backtracking regex, so its cost is linear in a body already capped in size. It accepts
 * the envelope WeCom sends and nothing richer: `<xml>` holding flat leaves (text, or one CDATA
 * section with layout around it), an optional declaration before it.
 */
export function extractEncrypt(body: string): string {
  const scan = new EnvelopeScan(body);
  const encrypt = scan.encrypt();
  if (encrypt === undefined || encrypt === '') throw new CallbackRejectedError('missing_encrypt');
  return encrypt;
}

class EnvelopeScan {
  private pos = 0;

  constructor(private readonly body: string) {}

  encrypt(): string | undefined {
    this.prolog();
    this.expect('<xml>');
    let encrypt: string | undefined;
    for (;;) {
      this.skipSpace();
      if (this.body.startsWith('</', this.pos)) break;
      this.refuseMarkup();
      if (this.body[this.pos] !== '<') fail();
      this.pos++;
      const name = this.name();
      this.expect('>');
      const value = this.leaf(name);
      if (name === 'Encrypt') {
        // Two values would leave open which one the signature covered.
        if (encrypt !== undefined) throw new CallbackRejectedError('missing_encrypt');
        encrypt = value;
      }
    }
    this.closeTag('xml');
    this.skipSpace();
    if (this.pos !== this.body.length) fail();
    return encrypt;
  }

  /** Whitespace and `<?…?>` declarations before the root; a DOCTYPE is refused by name. */
  private prolog(): void {
    for (;;) {
      this.skipSpace();
      this.refuseMarkup();
      if (!this.body.startsWith('<?', this.pos)) return;
      const end = this.body.indexOf('?>', this.pos + 2);
      if (end < 0) fail();
      this.pos = end + 2;
    }
  }

  /** One leaf's value up to and including its end tag. */
  private leaf(name: string): string {
    const { body } = this;
    let value = this.textUntilTag();
    if (body.startsWith(CDATA_OPEN, this.pos)) {
      if (!isBlank(value)) fail();
      const end = body.indexOf(CDATA_CLOSE, this.pos + CDATA_OPEN.length);
      if (end < 0) fail();
      value = body.slice(this.pos + CDATA_OPEN.length, end);
      this.pos = end + CDATA_CLOSE.length;
      if (!isBlank(this.textUntilTag())) fail();
    }
    if (!body.startsWith('</', this.pos)) {
      this.refuseMarkup();
      // The envelope has no nested elements; an Encrypt holding one has no value to verify.
      if (name === 'Encrypt') throw new CallbackRejectedError('missing_encrypt');
      fail();
    }
    this.closeTag(name);
    return value;
  }

  private textUntilTag(): string {
    const end = this.body.indexOf('<', this.pos);
    if (end < 0) fail();
    const text = this.body.slice(this.pos, end);
    this.pos = end;
    return text;
  }

  private closeTag(name: string): void {
    this.expect('</');
    this.expect(name);
    this.skipSpace();
    this.expect('>');
  }

  private name(): string {
    const start = this.pos;
    while (this.pos < this.body.length && isNameChar(this.body.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) fail();
    return this.body.slice(start, this.pos);
  }

  private refuseMarkup(): void {
    DTD_MARKUP.lastIndex = this.pos;
    if (DTD_MARKUP.test(this.body)) throw new CallbackRejectedError('doctype_refused');
  }

  private expect(text: string): void {
    if (!this.body.startsWith(text, this.pos)) fail();
    this.pos += text.length;
  }

  private skipSpace(): void {
    while (this.pos < this.body.length && isSpace(this.body.charCodeAt(this.pos))) this.pos++;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

function isNameChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f // _
  );
}

function fail(): never {
  throw new CallbackRejectedError('bad_xml');
}
