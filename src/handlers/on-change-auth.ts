import type { Handler } from '../events/dispatcher';
import type { LifecycleService } from '../domain/lifecycle/lifecycle-service';

export const onChangeAuth =
  (lifecycle: LifecycleService): Handler<'change_auth'> =>
  async ({ key, enterprise }) => {
    await lifecycle.changeAuth(await enterprise(), key);
  };
