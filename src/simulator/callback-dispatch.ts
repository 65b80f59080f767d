import { randomBytes } from 'node:crypto';
import { sealCallback, sealEchostr, type CallbackSecrets } from '../callback/seal-callback';
import type { Logger } from '../shared/logger';
import type { CallbackSender } from './callback-sender';
import { callbackXml, type XmlField } from './callback-xml';
import type { SimState } from './sim-state';
import type { CallbackOutcome, SimCorp } from './sim-types';

export type CallbackTarget = { target: 'template'; suiteId: string } | { target: 'app'; corpId: string };

export interface CallbackDispatch {
  botBaseUrl(): string | undefined;
  setBotBaseUrl(url: string | undefined): void;
  /** Template (instruction) callback: the template's token/key, receiver id = suiteId. */
  toTemplate(suiteId: string, kind: string, fields: XmlField[]): Promise<CallbackOutcome>;
  /** App (data) callback: the app callback token/key, receiver id = corpId, outer ToUserName/AgentID. */
  toApp(corp: SimCorp, kind: string, fields: XmlField[]): Promise<CallbackOutcome>;
  /** URL verification, as WeCom does when a callback URL is saved: GET with an encrypted echostr. */
  verifyUrl(target: CallbackTarget): Promise<CallbackOutcome>;
}

const NOT_SENT: CallbackOutcome = {
  ok: false,
  status: null,
  body: '',
  attempts: 0,
  error: 'no_bot_base_url',
};

/** Seals callbacks exactly as WeCom does, posts them to the bot and records each with its outcome. */
export function createCallbackDispatch(deps: {
  state: SimState;
  sender: CallbackSender;
  logger: Logger;
  botBaseUrl?: string;
}): CallbackDispatch {
  const { state, sender, logger } = deps;
  let base = deps.botBaseUrl?.replace(/\/+$/, '');

  const urlFor = (target: 'templates' | 'apps', suiteId: string) =>
    base && `${base}/wecom/${target}/${encodeURIComponent(suiteId)}/callback`;
  const timestamp = () => Math.floor(state.clock.now().getTime() / 1000);

  const secretsFor = (target: CallbackTarget): { secrets: CallbackSecrets; url?: string } => {
    if (target.target === 'template') {
      const t = state.template(target.suiteId);
      return {
        secrets: { token: t.token, encodingAESKey: t.encodingAESKey, receiverId: t.suiteId },
        url: urlFor('templates', t.suiteId),
      };
    }
    const corp = state.corp(target.corpId);
    const t = state.template(corp.suiteId);
    return {
      secrets: { token: t.appToken, encodingAESKey: t.appEncodingAESKey, receiverId: corp.corpId },
      url: urlFor('apps', t.suiteId),
    };
  };

  const deliver = async (target: CallbackTarget, kind: string, fields: XmlField[], agentId?: number) => {
    const { secrets, url } = secretsFor(target);
    const xml = callbackXml(fields);
    const sealed = sealCallback(xml, secrets, {
      timestamp: timestamp(),
      toUserName: secrets.receiverId,
      agentId: agentId === undefined ? undefined : String(agentId),
    });
    const outcome = url
      ? await sender.send({ method: 'POST', url, query: sealed.query, body: sealed.body, expect: 'success' })
      : NOT_SENT;
    if (!url) logger.warn({ kind }, 'callback not sent: no bot base URL');
    state.callbacks.push({
      at: state.clock.now(),
      target: target.target,
      kind,
      suiteId: target.target === 'template' ? target.suiteId : state.corp(target.corpId).suiteId,
      corpId: target.target === 'app' ? target.corpId : undefined,
      url,
      xml,
      outcome,
    });
    return outcome;
  };

  return {
    botBaseUrl: () => base,
    setBotBaseUrl(url) {
      base = url?.replace(/\/+$/, '');
    },
    toTemplate: (suiteId, kind, fields) => deliver({ target: 'template', suiteId }, kind, fields),
    toApp: (corp, kind, fields) =>
      deliver({ target: 'app', corpId: corp.corpId }, kind, fields, corp.agentId),
    async verifyUrl(target) {
      const { secrets, url } = secretsFor(target);
      if (!url) return NOT_SENT;
      const plain = randomBytes(8).toString('hex');
      const query = sealEchostr(plain, secrets, { timestamp: timestamp() });
      return sender.send({ method: 'GET', url, query, expect: plain });
    },
  };
}
