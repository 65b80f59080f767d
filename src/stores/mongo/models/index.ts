import type { Connection } from 'mongoose';
import { appModel } from './app.model';
import { authorizationModel } from './authorization.model';
import { batchQrCodeModel } from './batch-qr-code.model';
import { cachedTokenModel } from './cached-token.model';
import { inboundEventModel } from './inbound-event.model';
import { outboxMessageModel } from './outbox-message.model';
import { permissionRequestModel } from './permission-request.model';
import { rolloutModel } from './rollout.model';
import { suiteTicketModel } from './suite-ticket.model';
import { templateModel } from './template.model';
import { tokenLeaseModel } from './token-lease.model';
import { wecomErrorModel } from './wecom-error.model';

/** Every model, bound to one connection (compiled once per connection). */
export function createModels(connection: Connection) {
  return {
    templates: templateModel(connection),
    authorizations: authorizationModel(connection),
    apps: appModel(connection),
    permissionRequests: permissionRequestModel(connection),
    rollouts: rolloutModel(connection),
    outbox: outboxMessageModel(connection),
    inbox: inboundEventModel(connection),
    suiteTickets: suiteTicketModel(connection),
    tokens: cachedTokenModel(connection),
    tokenLeases: tokenLeaseModel(connection),
    batchQrCodes: batchQrCodeModel(connection),
    wecomErrors: wecomErrorModel(connection),
  };
}

export type Models = ReturnType<typeof createModels>;
