import type { Handler } from '../events/dispatcher';
import type { LifecycleService } from '../domain/lifecycle/lifecycle-service';

export const onChangeAppAdmin =
  (lifecycle: LifecycleService): Handler<'change_app_admin'> =>
  async ({ enterprise }) => {
    await lifecycle.refreshAdmins(await enterprise());
  };
