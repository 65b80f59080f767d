import type { Clock } from '../../shared/clock';
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
import { createVerifyEffect } from './verify-effect';

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
  /** WeCom made a new app (re-authorization): the old app's pending requests are closed; how many. */
  closeForNewApp(suiteId: string, corpId: string): Promise<number>;
  list(filter?: RequestFilter): Promise<PermissionRequest[]>;
  get(id: string): Promise<PermissionRequest>;
  describe(suiteId: string, corpId: string): Promise<string[]>;
  stateLabel(request: Pick<PermissionRequest, 'state' | 'effect'>): string;
}

/**
 * Custom-permission change requests (自定义权限): filed by support staff, put to the app's admins on a
 * card, answered by a tap or a text reply (the first answer decides), raised again after a not-now,
 * and verified after an approval with a harmless call that needs the permission. This only wires
 * the use cases, one per module.
 */
export function createPermissionService(deps: PermissionServiceDeps): PermissionService {
  const shared = {
    ...deps,
    log: deps.logger.child({ name: 'permissions' }),
    texts: permissionTexts(deps.catalogue),
  };
  const verifyEffect = createVerifyEffect(shared);
  const { file, raise } = createFileRequest(shared);
  return {
    catalogue: deps.catalogue,
    file,
    ...createAnswerRequest({ ...shared, verifyEffect }),
    showPendingCard: createPendingCard(shared),
    tick: createReraise({ ...shared, raise, verifyEffect }),
    closeForNewApp: createCloseForNewApp(shared),
    ...createPermissionQueries(shared),
    stateLabel,
  };
}
