/**
 * Every callback the gateway accepts, as one union on `kind`. Kinds use WeCom's own names
 * (InfoType for template callbacks, MsgType/Event for app callbacks) so a grep finds the docs.
 */
export type WecomEvent =
  | SuiteTicketEvent
  | CreateAuthEvent
  | ChangeAuthEvent
  | CancelAuthEvent
  | ResetPermanentCodeEvent
  | ChangeAppAdminEvent
  | TextEvent
  | MediaMessageEvent
  | TemplateCardEvent
  | EnterAgentEvent
  | UnknownEvent;

export type EventKind = WecomEvent['kind'];

export type EventOf<K extends EventKind> = Extract<WecomEvent, { kind: K }>;

/** Which callback URL delivered the event: the template's (指令回调) or the app's (数据回调). */
export type EventSource = 'template' | 'app';

interface EventBase {
  source: EventSource;
  /** The template (suite) id from the callback URL, not from the payload. */
  suiteId: string;
}

/** Pushed every 10 minutes; each ticket is valid 30 minutes. */
export interface SuiteTicketEvent extends EventBase {
  kind: 'suite_ticket';
  timestamp: number;
  suiteTicket: string;
}

/** An admin scanned the template QR code; `authCode` is exchanged for the permanent code. */
export interface CreateAuthEvent extends EventBase {
  kind: 'create_auth';
  timestamp: number;
  authCode: string;
  state?: string;
}

export interface ChangeAuthEvent extends EventBase {
  kind: 'change_auth';
  timestamp: number;
  authCorpId: string;
  state?: string;
  extraInfo?: string;
}

export interface CancelAuthEvent extends EventBase {
  kind: 'cancel_auth';
  timestamp: number;
  authCorpId: string;
}

/** The provider reset the app secret; `authCode` yields the new permanent code. */
export interface ResetPermanentCodeEvent extends EventBase {
  kind: 'reset_permanent_code';
  timestamp: number;
  authCode: string;
  authCorpId?: string;
}

/** Arrives as InfoType=change_app_admin or as MsgType=event/Event=change_app_admin. */
export interface ChangeAppAdminEvent extends EventBase {
  kind: 'change_app_admin';
  corpId: string;
  agentId: number;
  /** Seconds since the epoch (CreateTime, or TimeStamp for the InfoType form). */
  createTime: number;
}

export interface TextEvent extends EventBase {
  kind: 'text';
  corpId: string;
  agentId: number;
  fromUser: string;
  createTime: number;
  /** A 64-bit number: kept as its decimal string. */
  msgId: string;
  content: string;
}

/** WeCom's app message kinds besides text (接收普通消息); the bot reads none of their content. */
export const MEDIA_MESSAGE_KINDS = ['image', 'voice', 'video', 'location', 'link'] as const;

export type MediaMessageKind = (typeof MEDIA_MESSAGE_KINDS)[number];

/** An image, voice note, video, location or link sent to the app: answered with what the admin can type. */
export interface MediaMessageEvent extends EventBase {
  kind: MediaMessageKind;
  corpId: string;
  agentId: number;
  fromUser: string;
  createTime: number;
  msgId: string;
}

/** A button on a template card was clicked. `responseCode` is single use and valid 72 h. */
export interface TemplateCardEvent extends EventBase {
  kind: 'template_card_event';
  corpId: string;
  agentId: number;
  fromUser: string;
  createTime: number;
  eventKey: string;
  taskId: string;
  cardType: string;
  responseCode: string;
}

export interface EnterAgentEvent extends EventBase {
  kind: 'enter_agent';
  corpId: string;
  agentId: number;
  fromUser: string;
  createTime: number;
  /** Often empty: WeCom sends an empty EventKey for a plain "enter the app". */
  eventKey: string;
}

/** Anything not recognized: recorded as parsed, not dropped. */
export interface UnknownEvent extends EventBase {
  kind: 'unknown';
  raw: Record<string, unknown>;
  corpId?: string;
}
