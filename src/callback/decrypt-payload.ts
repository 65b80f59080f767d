import { createDecipheriv } from 'node:crypto';
import { CallbackRejectedError, ConfigError } from '../shared/errors';

export interface DecryptedPayload {
  message: string;
  receiverId: string;
}

const ENCODING_AES_KEY = /^[A-Za-z0-9]{43}$/;
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;
// WeCom pads with PKCS#7 to a multiple of 32 bytes, so a pad byte is 1..32 (not 1..16).
const MAX_PAD = 32;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decrypts a WeCom `Encrypt` value or `echostr` and checks every part of it: base64, block size,
 * padding, length prefix, UTF-8 and receiver id. Written on node:crypto rather than
 * @wecom/crypto's `decrypt`, which accepts bad padding and lengths and never checks the receiver.
 * Call only after the signature verified, so no failure here can serve as a padding oracle.
 */
export function decryptPayload(
  encodingAESKey: string,
  encrypted: string,
  allowedReceiverIds: readonly string[],
): DecryptedPayload {
  const payload = decryptPayloadForAnyReceiver(encodingAESKey, encrypted);
  if (!allowedReceiverIds.includes(payload.receiverId))
    throw new CallbackRejectedError('receiver_id_mismatch');
  return payload;
}

/**
 * The same checks except the receiver id, for callers that must look the receiver up
 * (an app callback's receiver is whichever authorized corp it came from). The caller must check it.
 */
export function decryptPayloadForAnyReceiver(encodingAESKey: string, encrypted: string): DecryptedPayload {
  const key = aesKey(encodingAESKey);
  // Buffer.from skips junk characters, takes the URL-safe alphabet and missing padding, and drops
  // stray trailing bits; only canonical base64 encodes back to the very same text.
  const ciphertext = Buffer.from(encrypted, 'base64');
  if (ciphertext.toString('base64') !== encrypted) throw new CallbackRejectedError('bad_base64');
  if (ciphertext.length < 32 || ciphertext.length % 16 !== 0)
    throw new CallbackRejectedError('bad_block_size');

  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);

  const pad = padded[padded.length - 1];
  if (pad < 1 || pad > MAX_PAD || padded.subarray(padded.length - pad).some((b) => b !== pad)) {
    throw new CallbackRejectedError('bad_padding');
  }
  const plain = padded.subarray(0, padded.length - pad);
  if (plain.length < RANDOM_BYTES + LENGTH_BYTES) throw new CallbackRejectedError('bad_length_prefix');
  const msgLength = plain.readUInt32BE(RANDOM_BYTES);
  const msgStart = RANDOM_BYTES + LENGTH_BYTES;
  if (msgLength > plain.length - msgStart) throw new CallbackRejectedError('bad_length_prefix');

  return {
    message: decodeUtf8(plain.subarray(msgStart, msgStart + msgLength)),
    receiverId: decodeUtf8(plain.subarray(msgStart + msgLength)),
  };
}

function aesKey(encodingAESKey: string): Buffer {
  // A bad key is our configuration's fault, not the caller's: a 500, not a rejection.
  if (!ENCODING_AES_KEY.test(encodingAESKey)) {
    throw new ConfigError('encodingAESKey', 'must be 43 characters from [A-Za-z0-9]');
  }
  return Buffer.from(`${encodingAESKey}=`, 'base64');
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new CallbackRejectedError('bad_utf8');
  }
}
