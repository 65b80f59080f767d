import type { Handler } from '../events/dispatcher';
import type { LifecycleService } from '../domain/lifecycle/lifecycle-service';

export const onCreateAuth =
  (lifecycle: LifecycleService): Handler<'create_auth'> =>
  async ({ event }) => {
    await lifecycle.createAuth(event.suiteId, event.authCode);
  };
