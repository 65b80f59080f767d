import type { Clock } from '../../shared/clock';
import type { Locale } from '../../shared/locale';
import type { Stores } from '../ports/stores';
import { createAppDetail } from './app-detail';
import { createAppListings } from './app-listings';
import { createMessageQueries } from './message-queries';
import { createSupportCounts } from './support-counts';
import { createTemplateListings } from './template-listings';

// Callers import every support view from here; each lives in the module named for what it answers.
export type { AppDetail } from './app-detail';
export type { EnterpriseRow } from './app-listings';
export type { AppRow } from './app-row';
export type { MessageRow } from './message-queries';
export type { MessageFilter } from './query-params';
export type { StageReach, SupportCounts } from './support-counts';
export type { BatchQrRow, TemplateRow } from './template-listings';

export interface SupportQueriesDeps {
  stores: Stores;
  clock: Clock;
  /** Configured templates (suite id → name). */
  templates: ReadonlyMap<string, { name: string }>;
  /** messages.locale: the language of an enterprise support has not set one for. */
  defaultLocale: Locale;
}

/** Read-only views for support staff: the API, the dashboard and the CLI show these. */
export function createSupportQueries(deps: SupportQueriesDeps) {
  return {
    ...createAppListings(deps),
    ...createAppDetail(deps),
    ...createMessageQueries(deps),
    ...createTemplateListings(deps),
    ...createSupportCounts(deps),
  };
}

export type SupportQueries = ReturnType<typeof createSupportQueries>;
