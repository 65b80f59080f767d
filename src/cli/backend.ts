import type { Locale } from '../shared/locale';
import type { App, BatchQrCode, OutboxMessage, PermissionRequest, Rollout, Template } from '../domain/model';
import type { TimelineEntry } from '../domain/support/app-timeline';
import type { EnterpriseDiagnosis, ToDoList } from '../domain/support/diagnosis';
import type { Page } from '../domain/support/query-params';
import type {
  AppDetail,
  AppRow,
  BatchQrRow,
  EnterpriseRow,
  MessageRow,
  TemplateRow,
} from '../domain/support/support-queries';
import type { Overview } from '../domain/support/support-service';

/** A value as it comes out of JSON: Dates are ISO strings. Both backends answer in this shape. */
export type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T;

/** A list's query with the API's keys: `{ status: 'developing', pageSize: '50' }`. */
export type CliQuery = Record<string, string>;

export type RolloutAction = 'pause' | 'resume' | 'restart';

/**
 * Every operation the CLI offers on the bot's data, once: in this process on the configured store
 * (a container), or through a running bot's admin API. List queries take the API's own query keys, so both
 * backends validate them with the same rules and messages.
 */
export interface SupportBackend {
  /** `locale`: the findings' language; unset, the bot's dashboard language. */
  overview(locale?: Locale): Promise<Json<Overview>>;
  listEnterprises(query: CliQuery): Promise<Json<Page<EnterpriseRow>>>;
  listApps(query: CliQuery): Promise<Json<Page<AppRow>>>;
  getApp(suiteId: string, corpId: string): Promise<Json<AppDetail>>;
  timeline(suiteId: string, corpId: string, query: CliQuery): Promise<Json<Page<TimelineEntry>>>;
  diagnose(corpId: string, locale?: Locale): Promise<Json<EnterpriseDiagnosis>>;
  diagnoseAll(locale?: Locale): Promise<Json<ToDoList>>;
  listMessages(query: CliQuery): Promise<Json<Page<MessageRow>>>;
  setStatus(suiteId: string, corpId: string, status: string): Promise<Json<App>>;
  fileRequest(
    suiteId: string,
    corpId: string,
    permissions: string[],
    by?: string,
  ): Promise<Json<PermissionRequest & { stateLabel: string }>>;
  /** Support saw the request confirmed in the provider console. */
  confirmGranted(
    suiteId: string,
    corpId: string,
    requestId: string,
    by?: string,
  ): Promise<Json<PermissionRequest & { stateLabel: string }>>;
  rollout(action: RolloutAction, suiteId: string, corpId: string, by?: string): Promise<Json<Rollout>>;
  setPlan(suiteId: string, corpId: string, stages: unknown, by?: string): Promise<Json<Rollout>>;
  /** Marks or unmarks the provider's own test enterprise. */
  markTest(corpId: string, test: boolean): Promise<{ corpId: string; test: boolean; authorizations: number }>;
  /** Sets the one language the bot speaks to the enterprise's admins. */
  setLocale(
    corpId: string,
    locale: string,
  ): Promise<{ corpId: string; locale: string; authorizations: number }>;
  resend(messageId: string): Promise<Json<OutboxMessage>>;
  listTemplates(): Promise<Json<TemplateRow[]>>;
  recordTemplate(body: {
    suiteId: string;
    name: string;
    status?: string;
    qrCode?: string;
  }): Promise<Json<Template>>;
  moveTemplate(suiteId: string, body: { status: string; qrCode?: string }): Promise<Json<Template>>;
  listBatchQrCodes(): Promise<Json<BatchQrRow[]>>;
  recordBatchQrCode(body: { suiteIds: string[]; url?: string }): Promise<Json<BatchQrCode>>;
  close(): Promise<void>;
}

/** An operation the bot refused or could not do: the API's error answer, from either backend. */
export class CliApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'CliApiError';
  }
}

/** Who acts, as the admin API records it: `support`, or `support:<name>` when named. */
export function actorName(by: string | undefined): string {
  return by ? `support:${by}` : 'support';
}
