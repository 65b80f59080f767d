import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from './errors';

/** Seals secrets at rest (permanent codes) with AES-256-GCM; `open` refuses anything tampered with. */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** The key is 32 bytes, given as 64 hex characters or as base64 (44 characters with padding). */
export function createSecretBox(keyBase64OrHex: string): SecretBox {
  const key = parseKey(keyBase64OrHex);

  return {
    seal(plain: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64'), tag.toString('base64'), ct.toString('base64')].join(':');
    },

    open(sealed: string): string {
      const parts = sealed.split(':');
      if (parts.length !== 4 || parts[0] !== VERSION) {
        throw new AppError('secret_box_format', 500, false, 'sealed value is not in the v1:iv:tag:ct format');
      }
      const iv = strictBase64(parts[1]);
      const tag = strictBase64(parts[2]);
      const ct = strictBase64(parts[3]);
      if (!iv || iv.length !== IV_BYTES || !tag || tag.length !== TAG_BYTES || !ct) {
        throw new AppError('secret_box_format', 500, false, 'sealed value has a bad iv, tag or ciphertext');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
      } catch {
        // GCM says only "unable to authenticate": a wrong key or a tampered value, never which.
        throw new AppError('secret_box_tampered', 500, false, 'sealed value does not open with this key');
      }
    },
  };
}

function parseKey(input: string): Buffer {
  const text = input.trim();
  // Even-length all-hex input is hex: a 32-byte base64 key always ends in '=' so it never looks like hex.
  const key = /^([0-9a-fA-F]{2})+$/.test(text) ? Buffer.from(text, 'hex') : strictBase64(text);
  if (!key || key.length !== KEY_BYTES) {
    const got = key ? `${key.length} bytes` : 'neither hex nor base64';
    throw new AppError(
      'secret_key_invalid',
      500,
      false,
      `secret key must be 32 bytes (64 hex characters or base64), got ${got}`,
    );
  }
  return key;
}

/** Node's base64 decoder skips junk silently; accept only canonical base64 so a typo is not a new key. */
function strictBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const buf = Buffer.from(text, 'base64');
  return buf.toString('base64') === text ? buf : undefined;
}
