import { CallbackRejectedError } from '../../src/shared/errors';
import { createCipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getSignature } from '@wecom/crypto';
import { sealCallback, type CallbackSecrets, type SealedCallback } from '../../src/callback/seal-callback';

const FIXTURES = join(__dirname, '..', 'fixtures', 'wecom');

/** A file under test/fixtures/wecom/, as text (e.g. 'suite-ticket.xml', 'official/message-vector.json'). */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

export interface OfficialVectors {
  token: string;
  encodingAESKey: string;
  receiveId: string;
  message: {
    signature: string;
    timestamp: string;
    nonce: string;
    encrypt: string;
    body: string;
    plaintext: string;
  };
  urlVerification: {
    signature: string;
    timestamp: string;
    nonce: string;
    echostr: string;
    plaintext: string;
  };
}

/** WeCom's published sample vectors (加解密方案说明, path 90968, and its sample code). */
export function officialVectors(): OfficialVectors {
  const message = JSON.parse(fixture('official/message-vector.json'));
  const url = JSON.parse(fixture('official/url-verification-vector.json'));
  return {
    token: message.token,
    encodingAESKey: message.encodingAESKey,
    receiveId: message.receiveId,
    message: message.request,
    urlVerification: url.request,
  };
}

/** Encrypts and signs a plaintext callback as WeCom does (the probot-style signed fixture). */
export function signedCallback(
  xml: string,
  secrets: { token: string; aesKey: string; receiverId: string },
  opts: { timestamp?: number; nonce?: string } = {},
): SealedCallback {
  const sealSecrets: CallbackSecrets = {
    token: secrets.token,
    encodingAESKey: secrets.aesKey,
    receiverId: secrets.receiverId,
  };
  return sealCallback(xml, sealSecrets, opts);
}

/** Signs an arbitrary (possibly broken) ciphertext and wraps it in the POST envelope. */
export function signedCiphertext(
  encrypted: string,
  token: string,
  opts: { timestamp: number; nonce?: string },
): SealedCallback {
  const timestamp = String(opts.timestamp);
  const nonce = opts.nonce ?? 'n0nce';
  return {
    query: { msg_signature: getSignature(token, timestamp, nonce, encrypted), timestamp, nonce },
    body: `<xml><ToUserName><![CDATA[x]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
    encrypted,
  };
}

export interface ForgeParts {
  msg: string | Buffer;
  receiverId: string | Buffer;
  /** Overrides the 4-byte big-endian msg length. */
  lengthPrefix?: number;
  /** Builds the padding for a plaintext of `length` bytes; default is PKCS#7 to 32-byte blocks. */
  pad?: (length: number) => Buffer;
  random?: Buffer;
}

/** Builds a WeCom ciphertext from parts, any of which may be wrong on purpose. */
export function forgeEncrypt(encodingAESKey: string, parts: ForgeParts): string {
  const msg = Buffer.from(parts.msg);
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(parts.lengthPrefix ?? msg.length);
  const plain = Buffer.concat([parts.random ?? randomBytes(16), prefix, msg, Buffer.from(parts.receiverId)]);
  const padded = Buffer.concat([plain, (parts.pad ?? pkcs7To32)(plain.length)]);
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

export function pkcs7To32(length: number): Buffer {
  const n = 32 - (length % 32);
  return Buffer.alloc(n, n);
}

/** The rejection reason a callback step throws; fails when it does not throw one. */
export function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof CallbackRejectedError) return err.reason;
    throw err;
  }
  throw new Error('expected a rejection');
}
