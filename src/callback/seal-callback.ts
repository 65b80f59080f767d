import { randomBytes } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';

export interface CallbackSecrets {
  token: string;
  encodingAESKey: string;
  receiverId: string;
}

export interface SealedCallback {
  query: { msg_signature: string; timestamp: string; nonce: string };
  body: string;
  encrypted: string;
}

/**
 * Encrypts and signs a plaintext callback exactly as WeCom does. Used by the simulator,
 * the tests and the benchmarks, so all three speak the same protocol as the gateway checks.
 */
export function sealCallback(
  xml: string,
  secrets: CallbackSecrets,
  opts: { timestamp?: number; nonce?: string; toUserName?: string; agentId?: string } = {},
): SealedCallback {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? randomBytes(6).toString('hex');
  const encrypted = encrypt(secrets.encodingAESKey, xml, secrets.receiverId);
  const msg_signature = getSignature(secrets.token, timestamp, nonce, encrypted);
  const agent = opts.agentId ? `<AgentID><![CDATA[${opts.agentId}]]></AgentID>` : '';
  const body =
    `<xml><ToUserName><![CDATA[${opts.toUserName ?? secrets.receiverId}]]></ToUserName>` +
    `${agent}<Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`;
  return { query: { msg_signature, timestamp, nonce }, body, encrypted };
}

/** A signed URL-verification request (GET): the echostr is the encrypted plaintext. */
export function sealEchostr(
  plain: string,
  secrets: CallbackSecrets,
  opts: { timestamp?: number; nonce?: string } = {},
): { msg_signature: string; timestamp: string; nonce: string; echostr: string } {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? randomBytes(6).toString('hex');
  const echostr = encrypt(secrets.encodingAESKey, plain, secrets.receiverId);
  return { msg_signature: getSignature(secrets.token, timestamp, nonce, echostr), timestamp, nonce, echostr };
}
