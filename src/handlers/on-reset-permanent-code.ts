import type { Handler } from '../events/dispatcher';
import type { LifecycleService } from '../domain/lifecycle/lifecycle-service';

export const onResetPermanentCode =
  (lifecycle: LifecycleService): Handler<'reset_permanent_code'> =>
  async ({ event }) => {
    await lifecycle.resetPermanentCode(event.suiteId, event.authCode);
  };
