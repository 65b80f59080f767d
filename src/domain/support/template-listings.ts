import type { Clock } from '../../shared/clock';
import type { BatchQrCode, StatusChange, TemplateStatus } from '../model';
import type { Stores } from '../ports/stores';

export interface TemplateRow {
  suiteId: string;
  name: string;
  /** As recorded by support; absent for a template only in the configuration. */
  status?: TemplateStatus;
  /** Once online, when recorded. */
  qrCode?: string;
  statusHistory?: StatusChange<TemplateStatus>[];
  /** Whether this bot has its secrets (config templates[]) and so receives its callbacks. */
  configured: boolean;
  lastSuiteTicketAt?: Date;
  updatedAt?: Date;
}

export type BatchQrRow = BatchQrCode & { expired: boolean };

export interface TemplateListingsDeps {
  stores: Pick<Stores, 'templates' | 'credentials' | 'batchQrCodes'>;
  clock: Clock;
  /** Configured templates (suite id → name). */
  templates: ReadonlyMap<string, { name: string }>;
}

/** The templates and the batch-authorization QR codes that offer them. */
export function createTemplateListings({ stores, clock, templates }: TemplateListingsDeps) {
  /** Recorded templates and configured ones, with when each last got its suite ticket. */
  async function listTemplates(): Promise<TemplateRow[]> {
    const recorded = await stores.templates.list();
    const ids = [...new Set([...recorded.map((t) => t.suiteId), ...templates.keys()])].sort();
    return Promise.all(
      ids.map(async (suiteId) => {
        const t = recorded.find((x) => x.suiteId === suiteId);
        const ticket = await stores.credentials.getSuiteTicket(suiteId);
        return {
          suiteId,
          name: t?.name || templates.get(suiteId)?.name || suiteId,
          ...(t
            ? {
                status: t.status,
                ...(t.qrCode ? { qrCode: t.qrCode } : {}),
                statusHistory: t.statusHistory,
                updatedAt: t.updatedAt,
              }
            : {}),
          configured: templates.has(suiteId),
          ...(ticket ? { lastSuiteTicketAt: ticket.receivedAt } : {}),
        };
      }),
    );
  }

  async function listBatchQrCodes(): Promise<BatchQrRow[]> {
    const now = clock.now().getTime();
    return (await stores.batchQrCodes.list())
      .map((qr) => ({ ...qr, expired: qr.expiresAt.getTime() <= now }))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  return { listTemplates, listBatchQrCodes };
}
