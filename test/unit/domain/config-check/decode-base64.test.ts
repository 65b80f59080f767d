import { randomBytes } from 'node:crypto';
import { decodeStrictBase64 } from '../../../../src/domain/config-check/decode-base64';

describe('decodeStrictBase64', () => {
  it('round-trips any length', () => {
    for (let n = 0; n < 12; n++) {
      const bytes = randomBytes(n);
      expect(decodeStrictBase64(bytes.toString('base64'))).toEqual(bytes);
    }
  });

  it('tolerates a data-URL head and line wrapping', () => {
    expect(decodeStrictBase64('data:image/png;base64,aGVsbG8=')).toEqual(Buffer.from('hello'));
    expect(decodeStrictBase64('aGVs\r\nbG8=\n')).toEqual(Buffer.from('hello'));
  });

  it.each([
    ['missing padding', 'aGVsbG8'],
    ['a stray character', 'aGVs$G8='],
    ['the URL-safe alphabet', 'a-_sbG8='],
    ['padding in the middle', 'aGU=aGU='],
    ['too much padding', 'aG==='],
    ['non-zero unused bits', 'aGVsbG9='],
    ['a lone padding', '===='],
    ['a data URL without base64', 'data:image/png,aGVsbG8='],
  ])('refuses %s', (_name, text) => {
    expect(decodeStrictBase64(text)).toBeUndefined();
  });
});
