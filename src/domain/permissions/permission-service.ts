import type { Clock } from '../../shared/clock';
import type { Locale } from '../../shared/locale';
import type { Logger } from '../../shared/logger';
import type { CardClick } from '../card-answer';
import type { PermissionAnswer } from '../card-keys';
import type { EnterpriseContext, EnterpriseContexts } from '../enterprise/context';
import type { PermissionRequest } from '../model';
import type { Outbox, SupportAlerts } from '../ports';
import type { Stores } from '../ports/stores';
import { createAnswerRequest, type TextAnswer } from './answer-request';
import type { Catalogue } from './catalogue';
import { createCloseForNewApp } from './close-for-new-app';
import { createFileRequest } from './file-request';
import { createPendingCard, type UnclearAnswer } from './pending-card';
import type { PermissionOptions } from './permission-options';
import { createPermissionQueries, type RequestFilter } from './permission-queries';
import { permissionTexts } from './permission-texts';
import { createReraise, type TickResult } from './reraise';
import { stateLabel } from './state-label';
import { createAuthChanged } from './auth-changed';
import { createCheckRequest } from './check-request';
import { createConfirmGranted } from './confirm-granted';
import { createGrantRequest } from './grant-request';

export { PERMISSION_CARD_TOPIC } from './request-cards';
export type { TextAnswer } from './answer-request';
export type { TickResult } from './reraise';

export interface PermissionServiceDeps {
  stores: Pick<Stores, 'permissionRequests' | 'apps' | 'outbox'>;
  contexts: EnterpriseContexts;
  outbox: Outbox;
  alerts: SupportAlerts;
  clock: Clock;
  logger: Logger;
  catalogue: Catalogue;
  config: PermissionOptions;
}

export interface PermissionService {
  readonly catalogue: Catalogue;
  file(suiteId: string, corpId: string, permissions: unknown, filedBy: string): Promise<PermissionRequest>;
  onCardAction(
    action: PermissionAnswer,
    requestId: string,
    click: CardClick,
    enterprise: EnterpriseContext,
  ): Promise<void>;
  onTextAnswer(answer: PermissionAnswer, text: TextAnswer, enterprise: EnterpriseContext): Promise<void>;
  /** Sends the admin the pending request's card again; false when nothing is pending for him. */
  showPendingCard(text: UnclearAnswer, enterprise: EnterpriseContext): Promise<boolean>;
  tick(owner: string, limit?: number): Promise<TickResult>;
  /** After change_auth: what WeCom shows granted becomes known, every open request is checked. */
  onAuthChanged(ctx: EnterpriseContext): Promise<void>;
  /** Support saw it confirmed in the provider console. */
  confirmGranted(suiteId: string, corpId: string, requestId: string, by: unknown): Promise<PermissionRequest>;
  /** WeCom made a new app (re-authorization): the old app's pending requests are closed; how many. */
  closeForNewApp(suiteId: string, corpId: string, locale: Locale): Promise<number>;
  list(filter?: RequestFilter): Promise<PermissionRequest[]>;
  get(id: string): Promise<PermissionRequest>;
  /** Lines of an admin's 状态 reply, in the enterprise's language. */
  statusFor(enterprise: EnterpriseContext): Promise<string[]>;
  stateLabel(request: Pick<PermissionRequest, 'state' | 'answer'>): string;
}

/**
 * Custom-permission change requests (自定义权限): filed by support staff, put to the app's admins on a
 * card, answered by a tap or a text reply (the admin's intent, recorded beside WeCom's state), and
 * granted only on evidence from WeCom or support; a not-now is raised again only if WeCom still
 * does not show it granted. This only wires the use cases, one per module.
 */
export function createPermissionService(deps: PermissionServiceDeps): PermissionService {
  const shared = {
    ...deps,
    log: deps.logger.child({ name: 'permissions' }),
    texts: permissionTexts(deps.catalogue),
  };
  const grant = createGrantRequest(shared);
  const checkRequest = createCheckRequest({ ...shared, grant });
  const { file, raise } = createFileRequest(shared);
  return {
    catalogue: deps.catalogue,
    file,
    ...createAnswerRequest({ ...shared, checkRequest, grant }),
    tick: createReraise({ ...shared, raise, checkRequest }),
    onAuthChanged: createAuthChanged({ ...shared, checkRequest }),
    confirmGranted: createConfirmGranted({ ...shared, grant }),
    showPendingCard: createPendingCard(shared),
    closeForNewApp: createCloseForNewApp(shared),
    ...createPermissionQueries(shared),
    stateLabel,
  };
}
