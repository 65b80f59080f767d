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
  const counted = {
    authorizations: new MemoryAuthorizationStore(),
    apps: new MemoryAppStore(),
    rollouts: new MemoryRolloutStore(),
  };
  const stores = {
    kind: 'memory' as const,
    templates: new MemoryTemplateStore(),
    ...counted,
    permissionRequests: new MemoryPermissionRequestStore(),
    outbox: new MemoryOutboxStore(),
    inbox: new MemoryInboxStore(),
    credentials: new MemoryCredentialStore(),
    batchQrCodes: new MemoryBatchQrStore(),
    wecomErrors: new MemoryWecomErrorStore(),
    ping: async () => undefined,
    close: async () => undefined,
  };
  const charts = new MemoryChartStore(counted);
  feedCharts(stores, charts);
  return { ...stores, charts };
}
