import fc from 'fast-check';
import { getSignature } from '@wecom/crypto';
import { verifySignature } from '../../../src/callback/verify-signature';
import { officialVectors } from '../../helpers/callback-fixtures';

describe('verifySignature', () => {
  const official = officialVectors();
  const message = {
    token: official.token,
    timestamp: official.message.timestamp,
    nonce: official.message.nonce,
    encrypted: official.message.encrypt,
    signature: official.message.signature,
  };

  it('accepts the official message vector', () => {
    expect(verifySignature(message)).toBe(true);
  });

  it('accepts the official URL-verification vector (echostr)', () => {
    const { signature, timestamp, nonce, echostr } = official.urlVerification;
    expect(verifySignature({ token: official.token, timestamp, nonce, encrypted: echostr, signature })).toBe(
      true,
    );
  });

  it.each([
    ['another token', { token: 'QDG6eL' }],
    ['another timestamp', { timestamp: '1409659814' }],
    ['another nonce', { nonce: '1372623148' }],
    ['another ciphertext', { encrypted: `${official.message.encrypt.slice(0, -3)}A==` }],
  ])('refuses %s', (_name, change) => {
    expect(verifySignature({ ...message, ...change })).toBe(false);
  });

  it.each([
    ['upper-case hex', message.signature.toUpperCase()],
    ['a truncated signature', message.signature.slice(0, 39)],
    ['a longer signature', `${message.signature}0`],
    ['an empty signature', ''],
    ['non-hex of the right length', 'z'.repeat(40)],
    ['multi-byte characters', 'é'.repeat(40)],
  ])('refuses %s without throwing', (_name, signature) => {
    expect(verifySignature({ ...message, signature })).toBe(false);
  });

  it('agrees with @wecom/crypto for any values, and refuses any other signature', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.string(),
        fc.string(),
        fc.string(),
        (token, ts, nonce, enc, other) => {
          const signature = getSignature(token, ts, nonce, enc);
          const input = { token, timestamp: ts, nonce, encrypted: enc };
          return (
            verifySignature({ ...input, signature }) &&
            (other === signature) === verifySignature({ ...input, signature: other })
          );
        },
      ),
    );
  });
});
