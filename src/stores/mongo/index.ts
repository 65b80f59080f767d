import type { Connection } from 'mongoose';
import type { Logger } from '../../shared/logger';
import { StoreUnavailableError } from '../../shared/errors';
import type { Stores } from '../../domain/ports/stores';
import { MongoAppStore } from './app-store';
import { MongoAuthorizationStore } from './authorization-store';
import { MongoBatchQrStore } from './batch-qr-store';
import { MongoChartStore } from './chart-store';
import { MongoCredentialStore } from './credential-store';
import { MongoInboxStore } from './inbox-store';
import type { LeaseClock } from './lease';
import { createModels } from './models';
import { guardStore } from './mongo-errors';
import { MongoOutboxStore } from './outbox-store';
import { MongoPermissionRequestStore } from './permission-request-store';
import { MongoRolloutStore } from './rollout-store';
import { MongoTemplateStore } from './template-store';
import { MongoWecomErrorStore } from './wecom-error-store';

export type { LeaseClock } from './lease';

export interface MongoStoresOptions {
  /**
   * 'caller' (default) follows the store contract: leases compare with the `now` callers pass.
   * 'database' counts leases from the server's $$NOW, for instances whose clocks may disagree.
   */
  leaseClock?: LeaseClock;
  /** Where "store unavailable" warnings go. */
  logger?: Logger;
}

/** The stores on one open connection (see connectMongo); closing them closes the connection. */
export function createMongoStores(connection: Connection, opts: MongoStoresOptions = {}): Stores {
  const leaseClock = opts.leaseClock ?? 'caller';
  const log = opts.logger?.child({ name: 'mongo' });
  const m = createModels(connection);
  const guard = <T extends object>(store: T): T => guardStore(store, log);
  return {
    kind: 'mongo',
    templates: guard(new MongoTemplateStore(m.templates)),
    authorizations: guard(new MongoAuthorizationStore(m.authorizations)),
    apps: guard(new MongoAppStore(m.apps, leaseClock)),
    permissionRequests: guard(new MongoPermissionRequestStore(m.permissionRequests, leaseClock)),
    rollouts: guard(new MongoRolloutStore(m.rollouts, leaseClock)),
    outbox: guard(new MongoOutboxStore(m.outbox, leaseClock)),
    inbox: guard(new MongoInboxStore(m.inbox, leaseClock)),
    credentials: guard(new MongoCredentialStore(m.suiteTickets, m.tokens, m.tokenLeases, leaseClock)),
    batchQrCodes: guard(new MongoBatchQrStore(m.batchQrCodes)),
    wecomErrors: guard(new MongoWecomErrorStore(m.wecomErrors)),
    charts: guard(new MongoChartStore(m)),
    ping: async () => {
      // Readiness asks the server itself, not mongoose's idea of the connection state.
      const db = connection.db;
      if (!db) throw new StoreUnavailableError('mongodb not connected');
      try {
        await db.admin().ping();
      } catch (err) {
        log?.warn({ reason: (err as Error).message }, 'mongodb ping failed');
        throw new StoreUnavailableError('mongodb ping failed');
      }
    },
    close: () => connection.close(),
  };
}
