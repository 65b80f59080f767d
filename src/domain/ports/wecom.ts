import type { Visibility } from '../model';

/** What the domain needs from WeCom, per the 代开发 flow. Adapters: the HTTP client; fakes in tests. */

export interface PermanentCodeResult {
  permanentCode: string;
  corpId: string;
  corpName: string;
  authUserId?: string;
  state?: string;
}

export interface AuthInfo {
  corpId: string;
  corpName: string;
  agentId?: number;
  appName?: string;
  privilege: Visibility & { level?: number };
}

export interface AgentInfo {
  agentId: number;
  name: string;
  visibility: Visibility;
  closed: boolean;
  /** 0 not created, 1 developing, 2 online, 3 online with a newer version unpublished. */
  publishStatus?: number;
}

export interface AdminInfo {
  userId: string;
  authType?: number;
}

export interface SendResult {
  msgId?: string;
  responseCode?: string;
  invalidUsers: string[];
  unlicensedUsers: string[];
}

/** Template-level calls, under the suite access token. */
export interface SuiteApi {
  getPermanentCode(suiteId: string, authCode: string): Promise<PermanentCodeResult>;
  getAuthInfo(suiteId: string, corpId: string, permanentCode: string): Promise<AuthInfo>;
}

/** Calls made as one enterprise's 代开发 app (access token from gettoken with the permanent code). */
export interface CorpApi {
  getAgent(): Promise<AgentInfo>;
  getAdminList(): Promise<AdminInfo[]>;
  /** message/send; the body without agentid (the client adds it). */
  sendMessage(body: Record<string, unknown>): Promise<SendResult>;
  /** message/update_template_card; the body without agentid. */
  updateTemplateCard(body: Record<string, unknown>): Promise<void>;
  /** A harmless read-only call that needs a custom permission (e.g. 客户联系 → get_follow_user_list). */
  probe(api: string): Promise<void>;
  /**
   * agent/get_permissions (doc 99052): the app's granted permission names, e.g.
   * contact:sensitive:mobile. It does not list what still waits for the enterprise.
   */
  getPermissions(): Promise<string[]>;
}

/**
 * Who a corp-scoped call acts as, from the authorization the caller loaded
 * (domain/enterprise/credentials.ts): the client never reads the store for them.
 */
export interface CorpCredentials {
  suiteId: string;
  corpId: string;
  /** Undefined until WeCom said it; calls that need it fail with not_found. */
  agentId: number | undefined;
  /** The 代开发 app's secret; called only when an access token has to be fetched. */
  permanentCode(): string;
}

export interface WecomClient extends SuiteApi {
  forCorp(credentials: CorpCredentials): CorpApi;
  /** Support group robot webhook (markdown). */
  sendWebhook(url: string, body: Record<string, unknown>): Promise<void>;
}
