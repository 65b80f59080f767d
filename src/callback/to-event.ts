import { CallbackRejectedError } from '../shared/errors';
import {
  MEDIA_MESSAGE_KINDS,
  type EventSource,
  type MediaMessageKind,
  type WecomEvent,
} from '../events/types';
import type { XmlFields } from './parse-xml';

export type EventOrigin =
  | {
      source: Extract<EventSource, 'template'>;
      /** The template (suite) id taken from the callback URL. */
      suiteId: string;
    }
  | {
      source: Extract<EventSource, 'app'>;
      suiteId: string;
      /** The verified receiver id: the enterprise the ciphertext was sealed for. */
      corpId: string;
    };

type EventBase = Pick<WecomEvent, 'source' | 'suiteId'>;

/**
 * The fields every event starts with, in a new literal for each. Events are built with
 * Object.assign onto it, never `{ ...base, kind }`: on Node 20 an object made by a spread and then
 * given more properties gets a hidden class of its own, so every event (and every stored copy)
 * carried its own class and made each property read on it a megamorphic lookup.
 */
function head<K extends WecomEvent['kind']>(base: EventBase, kind: K): EventBase & { kind: K } {
  return { source: base.source, suiteId: base.suiteId, kind };
}

const DIGITS = /^\d+$/;

/**
 * Turns a decrypted, parsed callback into a typed event. Template callbacks are keyed by InfoType,
 * app callbacks by MsgType (and Event); anything unrecognized becomes `unknown` and is kept.
 * A recognized kind missing what defines it is malformed, and rejected rather than downgraded.
 */
export function toEvent(fields: XmlFields, origin: EventOrigin): WecomEvent {
  const f = new Fields(fields);
  const base = { source: origin.source, suiteId: origin.suiteId };
  // App callbacks belong to their verified receiver; a template callback names its corp inside.
  const corpId = origin.source === 'app' ? origin.corpId : undefined;
  const payloadSuiteId = f.optional('SuiteId');
  if (origin.source === 'template' && payloadSuiteId !== undefined && payloadSuiteId !== origin.suiteId) {
    throw new CallbackRejectedError('suite_id_mismatch');
  }

  const infoType = f.optional('InfoType');
  if (infoType !== undefined) {
    switch (infoType) {
      case 'suite_ticket':
        return Object.assign(head(base, infoType), {
          timestamp: f.int('TimeStamp'),
          suiteTicket: f.required('SuiteTicket'),
        });
      case 'create_auth':
        return Object.assign(
          head(base, infoType),
          { timestamp: f.int('TimeStamp'), authCode: f.required('AuthCode') },
          optional('state', f.optional('State')),
        );
      case 'change_auth':
        return Object.assign(
          head(base, infoType),
          { timestamp: f.int('TimeStamp'), authCorpId: f.required('AuthCorpId') },
          optional('state', f.optional('State')),
          optional('extraInfo', f.optional('ExtraInfo')),
        );
      case 'cancel_auth':
        return Object.assign(head(base, infoType), {
          timestamp: f.int('TimeStamp'),
          authCorpId: f.required('AuthCorpId'),
        });
      case 'reset_permanent_code':
        return Object.assign(
          head(base, infoType),
          { timestamp: f.int('TimeStamp'), authCode: f.required('AuthCode') },
          optional('authCorpId', f.optional('AuthCorpId')),
        );
      case 'change_app_admin':
        return changeAppAdmin(f, base, corpId);
      default:
        return unknown(fields, f, origin);
    }
  }

  const msgType = f.optional('MsgType');
  if (msgType === 'text') {
    return Object.assign(head(base, 'text'), appCommon(f, corpId), {
      msgId: f.digits('MsgId'),
      content: f.required('Content'),
    });
  }
  if (isMediaKind(msgType)) {
    return Object.assign(head(base, msgType), appCommon(f, corpId), { msgId: f.digits('MsgId') });
  }
  if (msgType === 'event') {
    const event = f.optional('Event');
    switch (event) {
      case 'template_card_event':
        return Object.assign(head(base, event), appCommon(f, corpId), {
          eventKey: f.required('EventKey'),
          taskId: f.required('TaskId'),
          cardType: f.required('CardType'),
          responseCode: f.required('ResponseCode'),
        });
      case 'enter_agent':
        return Object.assign(head(base, event), appCommon(f, corpId), {
          eventKey: f.optional('EventKey') ?? '',
        });
      case 'change_app_admin':
        return changeAppAdmin(f, base, corpId);
    }
  }
  return unknown(fields, f, origin);
}

function isMediaKind(msgType: string | undefined): msgType is MediaMessageKind {
  return (MEDIA_MESSAGE_KINDS as readonly (string | undefined)[]).includes(msgType);
}

/** `corpId` is the verified receiver on the app URL; elsewhere ToUserName is all there is. */
function appCommon(f: Fields, corpId: string | undefined) {
  return {
    corpId: corpId ?? f.required('ToUserName'),
    agentId: f.int('AgentID'),
    fromUser: f.required('FromUserName'),
    createTime: f.int('CreateTime'),
  };
}

/** The InfoType form names the corp AuthCorpId and the time TimeStamp; the Event form does not. */
function changeAppAdmin(f: Fields, base: EventBase, receiver: string | undefined): WecomEvent {
  const corpId = receiver ?? f.optional('AuthCorpId') ?? f.required('ToUserName');
  const createTime = f.optional('CreateTime') !== undefined ? f.int('CreateTime') : f.int('TimeStamp');
  return Object.assign(head(base, 'change_app_admin'), { corpId, agentId: f.int('AgentID'), createTime });
}

function unknown(fields: XmlFields, f: Fields, origin: EventOrigin): WecomEvent {
  // On the app URL the receiver is the corp; on the template URL only AuthCorpId names one.
  const corpId = origin.source === 'app' ? origin.corpId : f.optional('AuthCorpId');
  return Object.assign(head(origin, 'unknown'), { raw: { ...fields } }, optional('corpId', corpId));
}

function optional<K extends string>(name: K, value: string | undefined): { [P in K]?: string } {
  return value === undefined ? {} : ({ [name]: value } as { [P in K]: string });
}

/** Reads string fields; an empty element counts as absent. */
class Fields {
  constructor(private readonly fields: XmlFields) {}

  optional(name: string): string | undefined {
    const value = this.fields[name];
    if (value === undefined || value === '') return undefined;
    // A repeated or nested element where WeCom sends one text value is malformed.
    if (typeof value !== 'string') throw new CallbackRejectedError('bad_field');
    return value;
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) throw new CallbackRejectedError('missing_field');
    return value;
  }

  /** A decimal of any size, kept as text (MsgId is 64-bit). */
  digits(name: string): string {
    const value = this.required(name);
    if (!DIGITS.test(value)) throw new CallbackRejectedError('bad_field');
    return value;
  }

  int(name: string): number {
    const value = Number(this.digits(name));
    if (!Number.isSafeInteger(value)) throw new CallbackRejectedError('bad_field');
    return value;
  }
}
