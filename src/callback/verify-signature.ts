import { timingSafeEqual } from 'node:crypto';
import { getSignature } from '@wecom/crypto';

export interface SignatureInput {
  token: string;
  timestamp: string;
  nonce: string;
  /** The Encrypt field (POST) or the echostr (GET), exactly as received after URL-decoding. */
  encrypted: string;
  signature: string;
}

const SHA1_HEX = /^[0-9a-f]{40}$/;

/** True when `signature` is WeCom's msg_signature for these values; compared in constant time. */
export function verifySignature({ token, timestamp, nonce, encrypted, signature }: SignatureInput): boolean {
  // WeCom writes the digest as lower-case hex; anything else cannot match and is not worth hashing.
  if (!SHA1_HEX.test(signature)) return false;
  const expected = Buffer.from(getSignature(token, timestamp, nonce, encrypted), 'latin1');
  const actual = Buffer.from(signature, 'latin1');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
