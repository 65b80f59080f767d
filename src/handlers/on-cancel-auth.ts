import type { Handler } from '../events/dispatcher';
import type { LifecycleService } from '../domain/lifecycle/lifecycle-service';

export const onCancelAuth =
  (lifecycle: LifecycleService): Handler<'cancel_auth'> =>
  async ({ enterprise }) => {
    await lifecycle.cancelAuth(await enterprise());
  };
