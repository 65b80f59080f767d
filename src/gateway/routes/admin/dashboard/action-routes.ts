import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import type { Container } from '../../../../container';
import { AppError } from '../../../../shared/errors';
import { appPageRenderer } from './app-page';
import { pageLocale, pageWords } from './page-locale';
import type { DoneCode } from './notices';
import { APP_ACTIONS, PERMISSION_FIELD_PREFIX, appPath, type AppAction } from './paths';
import { describeError, htmlErrors, safeBack, withQuery } from './respond';

/** Who acted, in the app's history: the dashboard has one shared token, not one login per person. */
export const DASHBOARD_ACTOR = 'support:dashboard';

type Ids = { suiteId: string; corpId: string };
type Body = Record<string, unknown>;

/** What each button does: the same domain services as the JSON API, under the dashboard's name. */
const ACTIONS: Record<
  AppAction,
  { done: DoneCode; act: (c: Container, ids: Ids, body: Body) => Promise<unknown> }
> = {
  status: {
    done: 'status_set',
    act: (c, { suiteId, corpId }, body) =>
      c.lifecycle.setStatus(suiteId, corpId, body.status, DASHBOARD_ACTOR),
  },
  'permission-requests': {
    done: 'permission_filed',
    act: (c, { suiteId, corpId }, body) =>
      c.permissions.file(suiteId, corpId, checkedPermissions(body), DASHBOARD_ACTOR),
  },
  // Support saw it in the provider console's 查看企业已确认权限: the request's id comes as a field.
  'permission-granted': {
    done: 'permission_granted',
    act: (c, { suiteId, corpId }, body) =>
      c.permissions.confirmGranted(suiteId, corpId, String(body.requestId ?? ''), DASHBOARD_ACTOR),
  },
  'rollout/pause': {
    done: 'rollout_paused',
    act: (c, { suiteId, corpId }) => c.rollout.pause(suiteId, corpId, DASHBOARD_ACTOR),
  },
  'rollout/resume': {
    done: 'rollout_resumed',
    act: (c, { suiteId, corpId }) => c.rollout.resume(suiteId, corpId, DASHBOARD_ACTOR),
  },
  'rollout/restart': {
    done: 'rollout_restarted',
    act: (c, { suiteId, corpId }) => c.rollout.restart(suiteId, corpId, DASHBOARD_ACTOR),
  },
  'enabled-notice/resend': {
    done: 'enabled_resent',
    act: (c, { suiteId, corpId }) => c.lifecycle.resendEnabled(suiteId, corpId),
  },
  // The mark belongs to the enterprise (all its templates); a form sends the boolean as text.
  test: {
    done: 'test_set',
    act: (c, { corpId }, body) =>
      c.admin.markTestEnterprise(corpId, {
        test: body.test === 'true' ? true : body.test === 'false' ? false : body.test,
      }),
  },
  // Like the mark, the language belongs to the enterprise: every template's app speaks it.
  locale: {
    done: 'locale_set',
    act: (c, { corpId }, body) => c.admin.setEnterpriseLocale(corpId, { locale: body.locale }),
  },
};

/**
 * POST /admin/actions/…: HTML forms for the support actions. Success redirects (303) to the page the
 * form came from with `?done=<code>`; a refused action shows the app's page again with the reason
 * and the service's status. Posts from another origin are refused with 403 before anything runs.
 */
export function registerActionRoutes(router: Router, c: Container): void {
  const renderApp = appPageRenderer(c);

  /** Runs the action; a refusal the caller can act on is shown on the app's page. */
  async function run(ctx: RouterContext, ids: Ids | undefined, done: DoneCode, act: () => Promise<unknown>) {
    const body = (ctx.request.body ?? {}) as Body;
    try {
      await act();
    } catch (err) {
      if (!(ids && err instanceof AppError && err.expose && err.status < 500)) throw err;
      const notice = { kind: 'error' as const, text: describeError(err, pageWords(ctx), pageLocale(ctx)) };
      return renderApp(ctx, ids.suiteId, ids.corpId, notice, err.status);
    }
    ctx.status = 303;
    ctx.redirect(
      withQuery(safeBack(body.back, ids ? appPath(ids.suiteId, ids.corpId) : '/admin'), 'done', done),
    );
  }

  for (const name of APP_ACTIONS) {
    router.post(
      `/admin/actions/apps/:suiteId/:corpId/${name}`,
      htmlErrors(async (ctx) => {
        const ids = { suiteId: String(ctx.params.suiteId), corpId: String(ctx.params.corpId) };
        const { done, act } = ACTIONS[name];
        await run(ctx, ids, done, () => act(c, ids, (ctx.request.body ?? {}) as Body));
      }),
    );
  }

  router.post(
    '/admin/actions/messages/:id/resend',
    htmlErrors(async (ctx) => {
      const id = String(ctx.params.id);
      // The app it belongs to, to show a refusal on; a support alert has none.
      const message = await c.support.getMessage(id);
      const ids =
        message.suiteId && message.corpId ? { suiteId: message.suiteId, corpId: message.corpId } : undefined;
      await run(ctx, ids, 'message_resent', () => c.support.resend(id));
    }),
  );
}

function checkedPermissions(body: Body): string[] {
  return Object.keys(body)
    .filter((k) => k.startsWith(PERMISSION_FIELD_PREFIX))
    .map((k) => k.slice(PERMISSION_FIELD_PREFIX.length));
}
