import { DEFAULT_LOCALE, type Locale } from '../../shared/locale';
import type { Outbox } from '../ports';
import { createDiagnosis, type ToDoList } from './diagnosis';
import { resendMessage } from './resend-message';
import { createSupportQueries, type SupportCounts, type SupportQueriesDeps } from './support-queries';

export interface SupportServiceDeps extends SupportQueriesDeps {
  options: SupportOptions;
  outbox: Outbox;
}

export interface SupportOptions {
  /** The bot's public URL, for the callback URLs the diagnosis shows. */
  publicBaseUrl: string;
  timeZone: string;
  maxUnanswered: number;
  /** message/send duplicate_check_interval: a resend within it must differ. */
  duplicateCheckIntervalSec: number;
}

/** The counts and what needs a person today (the diagnoses with something to do, the most urgent first). */
export interface Overview extends SupportCounts, ToDoList {
  generatedAt: Date;
}

export type SupportService = ReturnType<typeof createSupportService>;

/** What support staff read (lists, one app's story, the diagnosis, the overview) and resend; API, dashboard and CLI. */
export function createSupportService(deps: SupportServiceDeps) {
  const queries = createSupportQueries(deps);
  const diagnosis = createDiagnosis({
    stores: deps.stores,
    clock: deps.clock,
    templates: deps.templates,
    timeZone: deps.options.timeZone,
    maxUnanswered: deps.options.maxUnanswered,
    publicBaseUrl: deps.options.publicBaseUrl,
    // Built with the container, so roughly when this process began to listen.
    listeningSince: deps.clock.now(),
  });

  /**
   * The counts and, in the reader's locale, what needs a person: the provider's own test
   * enterprises are left out (GET /admin/api/diagnoses keeps them) before the bound is applied.
   */
  async function overview(locale: Locale = DEFAULT_LOCALE): Promise<Overview> {
    const testAuths = await deps.stores.authorizations.list({ test: true });
    const [counts, toDo] = await Promise.all([
      queries.counts(testAuths),
      diagnosis.diagnoseAll(locale, { without: new Set(testAuths.map((a) => a.corpId)) }),
    ]);
    return { generatedAt: deps.clock.now(), ...counts, ...toDo };
  }

  /** Support's resend: a new copy of the message (POST /admin/api/messages/:id/resend). */
  function resend(id: string) {
    return resendMessage(
      {
        stores: deps.stores,
        outbox: deps.outbox,
        now: deps.clock.now(),
        duplicateCheckIntervalSec: deps.options.duplicateCheckIntervalSec,
      },
      id,
    );
  }

  return { ...queries, ...diagnosis, overview, resend };
}
