import fc from 'fast-check';
import { encrypt } from '@wecom/crypto';
import { decryptPayload, decryptPayloadForAnyReceiver } from '../../../src/callback/decrypt-payload';
import { CallbackRejectedError, ConfigError } from '../../../src/shared/errors';
import { fixture, forgeEncrypt, officialVectors, reasonOf } from '../../helpers/callback-fixtures';

const official = officialVectors();
const KEY = official.encodingAESKey;
const RECEIVER = official.receiveId;

describe('decryptPayload', () => {
  it('decrypts the official message vector to its published plaintext', () => {
    const payload = decryptPayload(KEY, official.message.encrypt, [RECEIVER]);
    expect(payload).toEqual({ message: official.message.plaintext, receiverId: RECEIVER });
    expect(payload.message).toContain('<MsgId>4561255354251345929</MsgId>');
  });

  it('decrypts the official URL-verification echostr', () => {
    expect(decryptPayload(KEY, official.urlVerification.echostr, [RECEIVER]).message).toBe(
      '1616140317555161061',
    );
  });

  it('accepts a receiver from a list of several', () => {
    expect(decryptPayload(KEY, official.message.encrypt, ['other', RECEIVER]).receiverId).toBe(RECEIVER);
  });

  it.each([
    ['bad-base64.txt', 'bad_base64'],
    ['bad-block-size.txt', 'bad_block_size'],
    ['bad-padding.txt', 'bad_padding'],
    ['bad-length-prefix.txt', 'bad_length_prefix'],
    ['bad-utf8.txt', 'bad_utf8'],
    ['wrong-receiver.txt', 'receiver_id_mismatch'],
  ])('refuses the fixture %s with %s', (name, reason) => {
    expect(reasonOf(() => decryptPayload(KEY, fixture(name).trim(), [RECEIVER]))).toBe(reason);
  });

  it.each([
    ['an empty string', '', 'bad_block_size'],
    ['a length not a multiple of 4', 'QUJDR', 'bad_base64'],
    ['a missing pad character', official.message.encrypt.slice(0, -1), 'bad_base64'],
    ['base64url characters', official.message.encrypt.replace(/\+/g, '-'), 'bad_base64'],
    ['whitespace', ` ${official.message.encrypt}`, 'bad_base64'],
    [
      'a newline inside',
      `${official.message.encrypt.slice(0, 8)}\n${official.message.encrypt.slice(8)}`,
      'bad_base64',
    ],
    ['padding in the middle', `QQ==${official.message.encrypt}`, 'bad_base64'],
    ['non-zero trailing bits', 'AAAAAAAAAAAAAAAAAAAAAB==', 'bad_base64'],
    ['a single block (16 bytes)', Buffer.alloc(16).toString('base64'), 'bad_block_size'],
    ['17 bytes', Buffer.alloc(17).toString('base64'), 'bad_block_size'],
  ])('refuses %s', (_name, encrypted, reason) => {
    expect(reasonOf(() => decryptPayload(KEY, encrypted, [RECEIVER]))).toBe(reason);
  });

  it('refuses a ciphertext under another key (@wecom/crypto returns garbage for it)', () => {
    const other = encrypt('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', 'hello', RECEIVER);
    expect(['bad_padding', 'bad_length_prefix', 'bad_utf8']).toContain(
      reasonOf(() => decryptPayload(KEY, other, [RECEIVER])),
    );
  });

  describe('padding', () => {
    const msg = '<xml/>';
    const cases: [string, (n: number) => Buffer, string][] = [
      ['a pad byte of 0', (n) => Buffer.alloc(32 - (n % 32), 0), 'bad_padding'],
      [
        'a pad byte above 32',
        (n) => Buffer.alloc(32 - (n % 32) + 32, 33).fill(1, 0, 32 - (n % 32)),
        'bad_padding',
      ],
      [
        'unequal pad bytes',
        (n) => Buffer.concat([Buffer.from([2]), Buffer.alloc(32 - (n % 32) - 1, 32 - (n % 32))]),
        'bad_padding',
      ],
    ];
    it.each(cases)('refuses %s', (_name, pad, reason) => {
      expect(
        reasonOf(() =>
          decryptPayload(KEY, forgeEncrypt(KEY, { msg, receiverId: RECEIVER, pad }), [RECEIVER]),
        ),
      ).toBe(reason);
    });

    it('accepts a full 32-byte pad block (plaintext already a multiple of 32)', () => {
      // 16 + 4 + 10 + 18 = 48 bytes: not a multiple of 32; 16 + 4 + 26 + 18 = 64 is.
      const exact = 'x'.repeat(26);
      const encrypted = forgeEncrypt(KEY, { msg: exact, receiverId: RECEIVER });
      expect(Buffer.from(encrypted, 'base64')).toHaveLength(96);
      expect(decryptPayload(KEY, encrypted, [RECEIVER]).message).toBe(exact);
    });

    it('accepts 16-byte-block PKCS#7 too (pad bytes 1..16 are within 1..32)', () => {
      const pad16 = (n: number) => Buffer.alloc(16 - (n % 16), 16 - (n % 16));
      const encrypted = forgeEncrypt(KEY, { msg: 'abc', receiverId: RECEIVER, pad: pad16 });
      expect(decryptPayload(KEY, encrypted, [RECEIVER]).message).toBe('abc');
    });
  });

  describe('length prefix', () => {
    it('refuses a prefix one byte past the end', () => {
      const encrypted = forgeEncrypt(KEY, { msg: 'abc', receiverId: '', lengthPrefix: 4 });
      expect(reasonOf(() => decryptPayload(KEY, encrypted, ['']))).toBe('bad_length_prefix');
    });

    it('refuses 0xffffffff', () => {
      const encrypted = forgeEncrypt(KEY, { msg: 'abc', receiverId: RECEIVER, lengthPrefix: 0xffffffff });
      expect(reasonOf(() => decryptPayload(KEY, encrypted, [RECEIVER]))).toBe('bad_length_prefix');
    });

    it('refuses a plaintext shorter than random + length', () => {
      // 32 bytes of which the last 16 are padding: 16 bytes of content, no room for msg_len.
      const encrypted = forgeEncrypt(KEY, {
        msg: '',
        receiverId: '',
        random: Buffer.alloc(12),
        pad: () => Buffer.alloc(16, 16),
      });
      expect(reasonOf(() => decryptPayload(KEY, encrypted, ['']))).toBe('bad_length_prefix');
    });

    it('moves bytes between msg and receiver when the prefix is short, which the receiver check catches', () => {
      const encrypted = forgeEncrypt(KEY, { msg: 'hello', receiverId: RECEIVER, lengthPrefix: 4 });
      expect(reasonOf(() => decryptPayload(KEY, encrypted, [RECEIVER]))).toBe('receiver_id_mismatch');
    });
  });

  it('refuses invalid UTF-8 in the receiver id', () => {
    const encrypted = forgeEncrypt(KEY, { msg: 'ok', receiverId: Buffer.from([0xff, 0xfe]) });
    expect(reasonOf(() => decryptPayloadForAnyReceiver(KEY, encrypted))).toBe('bad_utf8');
  });

  it('refuses an empty receiver id unless it is allowed', () => {
    const encrypted = forgeEncrypt(KEY, { msg: 'ok', receiverId: '' });
    expect(reasonOf(() => decryptPayload(KEY, encrypted, [RECEIVER]))).toBe('receiver_id_mismatch');
    expect(decryptPayload(KEY, encrypted, ['']).receiverId).toBe('');
  });

  it('refuses when no receiver is allowed', () => {
    expect(reasonOf(() => decryptPayload(KEY, official.message.encrypt, []))).toBe('receiver_id_mismatch');
  });

  it('keeps multi-byte UTF-8 messages whole (msg_len counts bytes)', () => {
    const text = '<xml><Content><![CDATA[同意 ✅ 暂不授权]]></Content></xml>';
    expect(decryptPayload(KEY, encrypt(KEY, text, RECEIVER), [RECEIVER]).message).toBe(text);
  });

  it('throws a ConfigError, not a rejection, for a malformed EncodingAESKey', () => {
    expect(() => decryptPayload('short', official.message.encrypt, [RECEIVER])).toThrow(ConfigError);
    expect(() => decryptPayload(`${KEY.slice(0, 42)}+`, official.message.encrypt, [RECEIVER])).toThrow(
      ConfigError,
    );
  });

  describe('decryptPayloadForAnyReceiver', () => {
    it('returns whatever receiver id the plaintext carries', () => {
      expect(decryptPayloadForAnyReceiver(KEY, fixture('wrong-receiver.txt').trim()).receiverId).toBe(
        'wwattacker0000000',
      );
    });

    it('still checks everything else', () => {
      expect(reasonOf(() => decryptPayloadForAnyReceiver(KEY, fixture('bad-padding.txt').trim()))).toBe(
        'bad_padding',
      );
    });
  });

  describe('properties', () => {
    it('round-trips anything @wecom/crypto encrypts', () => {
      fc.assert(
        fc.property(
          fc.string({ unit: 'grapheme', maxLength: 300 }),
          fc.string({ maxLength: 40 }),
          (message, receiverId) => {
            const payload = decryptPayload(KEY, encrypt(KEY, message, receiverId), [receiverId]);
            return payload.message === message && payload.receiverId === receiverId;
          },
        ),
      );
    });

    it('never throws anything but a rejection for a tampered ciphertext', () => {
      const bytes = Buffer.from(official.message.encrypt, 'base64');
      fc.assert(
        fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, mask) => {
          const tampered = Buffer.from(bytes);
          tampered[at] ^= mask;
          try {
            decryptPayload(KEY, tampered.toString('base64'), [RECEIVER]);
          } catch (err) {
            return err instanceof CallbackRejectedError;
          }
          // A flip in the first blocks can leave a valid structure (CBC); the signature guards that.
          return true;
        }),
      );
    });

    it('never throws anything but a rejection for arbitrary strings', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.base64String({ minLength: 4, maxLength: 200 })), (input) => {
          try {
            decryptPayload(KEY, input, [RECEIVER]);
            return true;
          } catch (err) {
            return err instanceof CallbackRejectedError;
          }
        }),
      );
    });
  });
});
