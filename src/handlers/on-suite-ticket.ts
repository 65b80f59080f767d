import type { Handler } from '../events/dispatcher';
import type { LifecycleService } from '../domain/lifecycle/lifecycle-service';

export const onSuiteTicket =
  (lifecycle: LifecycleService): Handler<'suite_ticket'> =>
  async ({ event, log }) => {
    const stored = await lifecycle.saveSuiteTicket(event.suiteId, event.suiteTicket, event.timestamp);
    log.debug({ stored }, 'suite ticket');
  };
