import { randomBytes } from 'node:crypto';
import { createSecretBox } from '../../../src/shared/secret-box';

describe('createSecretBox', () => {
  const hexKey = randomBytes(32).toString('hex');

  it('round-trips text, including Chinese, with a hex key', () => {
    const box = createSecretBox(hexKey);
    const sealed = box.seal('永久授权码-abc');
    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain('abc');
    expect(box.open(sealed)).toBe('永久授权码-abc');
  });

  it('accepts a base64 key and gives a fresh iv each time', () => {
    const box = createSecretBox(randomBytes(32).toString('base64'));
    const a = box.seal('same');
    const b = box.seal('same');
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe('same');
    expect(box.open(b)).toBe('same');
  });

  it('refuses a key of the wrong size with a clear message', () => {
    expect(() => createSecretBox(randomBytes(16).toString('hex'))).toThrow(/must be 32 bytes.*got 16 bytes/);
    expect(() => createSecretBox(randomBytes(24).toString('base64'))).toThrow(/got 24 bytes/);
    expect(() => createSecretBox('not a key!')).toThrow(/neither hex nor base64/);
  });

  it('refuses a tampered value or another key', () => {
    const box = createSecretBox(hexKey);
    const [v, iv, tag, ct] = box.seal('secret').split(':');
    const flipped = Buffer.from(ct, 'base64');
    flipped[0] ^= 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64')].join(':'))).toThrow(/does not open/);
    expect(() => createSecretBox(randomBytes(32).toString('hex')).open(box.seal('x'))).toThrow(
      /does not open/,
    );
  });

  it('refuses a value not in the v1 format', () => {
    const box = createSecretBox(hexKey);
    expect(() => box.open('plain-permanent-code')).toThrow(/format/);
    expect(() => box.open('v2:a:b:c')).toThrow(/format/);
    expect(() => box.open('v1:!!:AAAA:AAAA')).toThrow(/bad iv/);
  });
});
