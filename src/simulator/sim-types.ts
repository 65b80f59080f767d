import type { MediaMessageKind } from '../events/types';
/** The simulated WeCom world: what the provider, the enterprises and WeCom itself hold. */

export interface SuiteTicketRecord {
  ticket: string;
  pushedAt: Date;
}

export interface SimTemplate {
  suiteId: string;
  suiteSecret: string;
  name: string;
  /** Template (instruction) callback config. */
  token: string;
  encodingAESKey: string;
  /** App (data) callback config; WeCom keeps it apart from the template's, it defaults to the same. */
  appToken: string;
  appEncodingAESKey: string;
  tickets: SuiteTicketRecord[];
}

export interface SimDepartment {
  id: number;
  name: string;
  /** 0 for the root department (id 1). */
  parentId: number;
  members: string[];
}

export interface SimTag {
  id: number;
  name: string;
  members: string[];
}

export interface Visibility {
  users: string[];
  parties: number[];
  tags: number[];
}

/** agent/get customized_publish_status: 0 waiting, 1 developing, 2 online, 3 online with an unpublished version. */
export type PublishStatus = 0 | 1 | 2 | 3;

export type PermissionDecision = 'granted' | 'declined';

/** A custom-permission change the provider saved; WeCom shows it to the admins as a notice. */
export interface PermissionChange {
  id: number;
  permissions: string[];
  filedAt: Date;
  decisions: Record<string, PermissionDecision>;
  /** A later change replaced it before every permission was decided. */
  superseded: boolean;
}

/** One enterprise with the one 代开发 app it installed from a template. */
export interface SimCorp {
  corpId: string;
  corpName: string;
  suiteId: string;
  agentId: number;
  permanentCode: string;
  state?: string;
  authorizer: string;
  admins: string[];
  departments: SimDepartment[];
  tags: SimTag[];
  visibility: Visibility;
  publishStatus: PublishStatus;
  cancelledAt?: Date;
  customPermissions: string[];
  permissionChanges: PermissionChange[];
  /** task_id values already used by this app (WeCom keeps them unique per app). */
  taskIds: Set<string>;
}

export interface SimAuthCode {
  code: string;
  corpId: string;
  suiteId: string;
  purpose: 'create_auth' | 'reset_permanent_code';
  /** The permanent code this exchange hands out (and installs, for a reset). */
  permanentCode: string;
  issuedAt: Date;
  usedAt?: Date;
}

export interface IssuedToken {
  token: string;
  /** suiteId for suite tokens, corpId for access tokens. */
  owner: string;
  expiresAt: Date;
}

export interface CardButton {
  text: string;
  key?: string;
  type?: number;
  style?: number;
  url?: string;
}

export interface TemplateCard {
  card_type: string;
  task_id?: string;
  main_title?: { title?: string; desc?: string };
  sub_title_text?: string;
  button_list?: CardButton[];
  [field: string]: unknown;
}

export interface SentMessage {
  msgid: string;
  corpId: string;
  agentId: number;
  msgtype: string;
  body: Record<string, unknown>;
  recipients: string[];
  responseCode?: string;
  at: Date;
}

/** What the app sends, a WeCom notice, or what a member sends (text or one of WeCom's media kinds). */
export type InboxMsgType = 'text' | 'markdown' | 'template_card' | 'wecom_notice' | MediaMessageKind;

/** One line in a member's chat with the app (or a WeCom system notice to an admin). */
export interface InboxEntry {
  id: number;
  corpId: string;
  userId: string;
  at: Date;
  from: 'app' | 'user' | 'wecom';
  msgtype: InboxMsgType;
  msgid?: string;
  content?: string;
  /** The card as this member sees it now (update_template_card changes it per member). */
  card?: TemplateCard;
  /** Set once the buttons were replaced by update_template_card {button: {replace_name}}. */
  replacedName?: string;
  permissionChangeId?: number;
}

export interface ResponseCodeRecord {
  code: string;
  corpId: string;
  msgid: string;
  /** Set for codes handed out with a click; send codes cover every recipient. */
  userId?: string;
  issuedAt: Date;
  usedAt?: Date;
}

export interface SupportAlert {
  key: string;
  msgtype: 'text' | 'markdown';
  content: string;
  at: Date;
}

export interface CallbackOutcome {
  ok: boolean;
  /** HTTP status of the last attempt; null when no answer came. */
  status: number | null;
  body: string;
  attempts: number;
  error?: 'timeout' | 'network' | 'bad_answer' | 'no_bot_base_url';
}

export interface CallbackRecord {
  at: Date;
  target: 'template' | 'app';
  kind: string;
  suiteId: string;
  corpId?: string;
  url?: string;
  /** The plaintext XML before sealing. */
  xml: string;
  outcome: CallbackOutcome;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  status: number;
  answer: unknown;
  at: Date;
  /** The answer came from failure injection. */
  injected: boolean;
}
