import type { Clock } from '../../shared/clock';
import type { Logger } from '../../shared/logger';
import type { ActiveEnterprise, EnterpriseContext, EnterpriseContexts } from '../enterprise/context';
import type { Rollout } from '../model';
import type { Outbox, SecretBox, SupportAlerts } from '../ports';
import type { Stores } from '../ports/stores';
import type { SuiteApi } from '../ports/wecom';

/** What the lifecycle's use cases share; each takes the part it needs. */
export interface LifecycleDeps {
  stores: Pick<
    Stores,
    'authorizations' | 'apps' | 'templates' | 'credentials' | 'outbox' | 'permissionRequests'
  >;
  /** Template-level calls (suite access token). */
  wecom: SuiteApi;
  contexts: EnterpriseContexts;
  outbox: Outbox;
  alerts: SupportAlerts;
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
  pollIntervalMinutes: number;
  /** The time zone a new authorization starts with. */
  defaultTimeZone: string;
  /** Called once when an app becomes enabled (starts its rollout). */
  onEnabled(ctx: EnterpriseContext): Promise<void>;
  /** Called after change_auth refreshed the authorization, with the refreshed context. */
  onAuthChanged(ctx: EnterpriseContext): Promise<void>;
  /** Called when an authorization is cancelled (stops its rollout). */
  onCancelled(ctx: EnterpriseContext): Promise<void>;
  /** Called when WeCom made a new app (closes the old one's requests, restarts its rollout); the old rollout. */
  onNewApp(ctx: ActiveEnterprise): Promise<Rollout | undefined>;
}
