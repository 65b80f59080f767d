import type { App, Authorization } from '../../model';
import type { EnterpriseFacts } from '../diagnosis-types';

/** The enterprise's apps whose authorization is active: a cancelled one has nothing left to fix. */
export function activeApps(f: EnterpriseFacts): { auth: Authorization; app: App }[] {
  return f.apps.flatMap((app) => {
    const auth = f.authorizations.find((a) => a.suiteId === app.suiteId && a.state === 'active');
    return auth ? [{ auth, app }] : [];
  });
}

/** Whether something about this template of the enterprise still matters (active or unknown suite). */
export function stillActive(f: EnterpriseFacts, suiteId: string | undefined): boolean {
  if (suiteId === undefined) return f.authorizations.some((a) => a.state === 'active');
  return f.authorizations.some((a) => a.suiteId === suiteId && a.state === 'active');
}
