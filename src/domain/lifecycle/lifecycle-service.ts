import type { EnterpriseContext } from '../enterprise/context';
import { conversationWords } from '../conversation/conversation-texts';
import { cancelAuth } from './cancel-auth';
import { changeAuth } from './change-auth';
import { resendEnabled, setStatus } from './enable-app';
import type { LifecycleDeps } from './lifecycle-deps';
import { pollPublishStatus } from './poll-publish-status';
import { createAuth, resetPermanentCode } from './record-authorization';
import { refreshAdmins } from './refresh-admins';

export type { LifecycleDeps } from './lifecycle-deps';
export type LifecycleService = ReturnType<typeof createLifecycleService>;

/**
 * Authorizations and apps: what WeCom tells through template callbacks, and what the bot observes
 * by polling. Each use case is its own module; this wires them.
 */
export function createLifecycleService(deps: LifecycleDeps) {
  const { stores, clock } = deps;
  return {
    saveSuiteTicket: (suiteId: string, ticket: string, timestamp: number): Promise<boolean> =>
      stores.credentials.saveSuiteTicket({ suiteId, ticket, timestamp, receivedAt: clock.now() }),
    createAuth: (suiteId: string, authCode: string) => createAuth(deps, suiteId, authCode),
    changeAuth: (ctx: EnterpriseContext, eventKey: string) => changeAuth(deps, ctx, eventKey),
    cancelAuth: (ctx: EnterpriseContext) => cancelAuth(deps, ctx),
    resetPermanentCode: (suiteId: string, authCode: string) => resetPermanentCode(deps, suiteId, authCode),
    refreshAdmins: (ctx: EnterpriseContext) => refreshAdmins(deps, ctx),
    setStatus: (suiteId: string, corpId: string, status: unknown, by: string) =>
      setStatus(deps, suiteId, corpId, status, by),
    resendEnabled: (suiteId: string, corpId: string) => resendEnabled(deps, suiteId, corpId),
    pollTick: (owner: string, limit?: number) => pollPublishStatus(deps, owner, limit),
    /** The first line of the admin's 状态 reply. */
    async statusFor(ctx: EnterpriseContext): Promise<string[]> {
      const app = await stores.apps.get(ctx.suiteId, ctx.corpId);
      return app ? [conversationWords(ctx.locale).appStatus(app.name, app.status)] : [];
    },
  };
}
