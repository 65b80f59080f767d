/** A data URL's head, as a browser's FileReader.readAsDataURL produces it. */
const DATA_URL_HEAD = /^data:[\w.+-]+\/[\w.+-]+;base64,/i;
/** Line breaks and spaces, as `base64` and mail tools wrap long lines. */
const WRAPPING = /[ \t\r\n]+/g;
const ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes standard base64 strictly, or returns undefined. Node's own decoder silently skips
 * junk and stops at stray padding, which would let a truncated or mangled upload pass as a
 * smaller image; here only a data-URL head and line wrapping are tolerated, and the text must
 * be canonical (length a multiple of 4, unused bits zero).
 */
export function decodeStrictBase64(text: string): Buffer | undefined {
  const body = text.replace(DATA_URL_HEAD, '').replace(WRAPPING, '');
  if (body.length % 4 !== 0 || !ALPHABET.test(body)) return undefined;
  const bytes = Buffer.from(body, 'base64');
  return bytes.toString('base64') === body ? bytes : undefined;
}
