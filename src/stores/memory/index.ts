import type { Stores } from '../../domain/ports/stores';
import { MemoryAppStore } from './app-store';
import { MemoryAuthorizationStore } from './authorization-store';
import { MemoryBatchQrStore } from './batch-qr-store';
import { MemoryChartStore } from './charts/chart-store';
import { feedCharts } from './charts/feed-charts';
import { MemoryCredentialStore } from './credential-store';
import { MemoryInboxStore } from './inbox-store';
import { MemoryOutboxStore } from './outbox-store';
import { MemoryPermissionRequestStore } from './permission-request-store';
import { MemoryRolloutStore } from './rollout-store';
import { MemoryTemplateStore } from './template-store';
import { MemoryWecomErrorStore } from './wecom-error-store';

/** The embedded stores: used when no MongoDB is configured, and by fast tests. State lives in this process. */
export function createMemoryStores(): Stores {
  const stores: Omit<Stores, 'charts'> = {
    kind: 'memory',
    templates: new MemoryTemplateStore(),
    authorizations: new MemoryAuthorizationStore(),
    apps: new MemoryAppStore(),
    permissionRequests: new MemoryPermissionRequestStore(),
    rollouts: new MemoryRolloutStore(),
    outbox: new MemoryOutboxStore(),
    inbox: new MemoryInboxStore(),
    credentials: new MemoryCredentialStore(),
    batchQrCodes: new MemoryBatchQrStore(),
    wecomErrors: new MemoryWecomErrorStore(),
    ping: async () => undefined,
    close: async () => undefined,
  };
  const charts = new MemoryChartStore(stores);
  feedCharts(stores, charts);
  return { ...stores, charts };
}
