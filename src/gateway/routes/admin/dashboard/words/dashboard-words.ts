import type { FindingSeverity } from '../../../../../domain/support/diagnosis-types';
import type { TimelineSource } from '../../../../../domain/support/app-timeline';

/** What a finished action says after its redirect (`?done=<code>`). */
export type DoneCode =
  | 'status_set'
  | 'permission_filed'
  | 'permission_granted'
  | 'rollout_paused'
  | 'rollout_resumed'
  | 'rollout_restarted'
  | 'enabled_resent'
  | 'test_set'
  | 'locale_set'
  | 'message_resent'
  | 'logged_out';

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'received' | 'handled';

/** Every word the dashboard shows, in one language; states and findings come from the support words. */
export interface DashboardWords {
  brand: string;
  /** The label of the language switch for screen readers. */
  language: string;
  nav: { overview: string; enterprises: string; checkConfig: string; logout: string };
  errors: {
    couldNotDo: string;
    somethingWrong: string;
    backToOverview: string;
    crossOrigin: string;
    /** A refused input, naming the field and the rule beside the service's message. */
    fieldRule: (field: string, rule: string) => string;
  };
  done: Record<DoneCode, string>;
  delivery: Record<DeliveryStatus, string>;
  severity: Record<FindingSeverity, string>;
  source: Record<TimelineSource, string>;
  /** Column headings and labels more than one page uses. */
  cols: {
    severity: string;
    enterprise: string;
    app: string;
    status: string;
    cause: string;
    whoActs: string;
    nextStep: string;
    action: string;
    rollout: string;
    authorized: string;
  };
  since: string;
  evidence: string;
  stuck: string;
  testEnterprise: string;
  pager: { label: string; page: (n: number, of: number) => string; previous: string; next: string };
  login: { title: string; token: string; submit: string; hint: string; badToken: string; wait: string };
  overview: {
    title: string;
    asOf: string;
    apps: string;
    others: string;
    activeAuthorizations: string;
    cancelledAuthorizations: string;
    pendingRequests: string;
    declinedRequests: string;
    rollouts: (state: string) => string;
    stuckRollouts: string;
    messages: (status: string) => string;
    needsPerson: (n: number) => string;
    /** Candidates beyond the bound: `n` not diagnosed, the `checked` most urgent were. */
    notChecked: (n: number, checked: number) => string;
    nothing: string;
    providerWide: string;
  };
  list: {
    title: string;
    total: (n: number, view: 'enterprises' | 'apps') => string;
    pendingRequest: string;
    waiting: string;
    appStatus: string;
    template: string;
    stuckRollout: string;
    pendingFilter: string;
    listBy: string;
    byEnterprise: string;
    byApp: string;
    any: string;
    yes: string;
    no: string;
    filter: string;
    clear: string;
  };
  app: {
    enabled: string;
    admins: string;
    noneKnown: string;
    customPermissions: string;
    timeZone: string;
    disabledInWecom: string;
    setStatus: string;
    update: string;
    resendEnabled: string;
    markTest: string;
    unmarkTest: string;
    /** The one language the bot speaks to the enterprise's admins. */
    messagesLanguage: string;
    setLanguage: string;
    diagnosis: string;
    visibility: string;
    actual: string;
    readAt: string;
    desired: string;
    notStarted: string;
    reached: string;
    nextTarget: string;
    members: { users: string; parties: string; tags: string };
    requests: string;
    filed: string;
    requested: string;
    state: string;
    raised: string;
    answer: string;
    before: string;
    approve: string;
    notNow: string;
    confirmedInConsole: string;
    fileRequest: string;
    submitRequest: string;
    requestHint: string;
    pause: string;
    resume: string;
    restart: string;
    timeline: (n: number) => string;
    time: string;
    source: string;
    what: string;
    by: string;
    resend: string;
    newer: string;
    older: string;
    previousApps: string;
    agentId: string;
    permissions: string;
    period: string;
  };
  checkConfig: {
    title: string;
    kind: string;
    app: string;
    template: string;
    name: string;
    nameHint: (min: number, max: number) => string;
    intro: string;
    introHint: (min: number, template: number, app: number) => string;
    callbackUrl: string;
    homepageUrl: string;
    trustedDomain: string;
    trustedDomainHint: string;
    ipWhitelist: string;
    ipWhitelistHint: string;
    logo: (side: number) => string;
    logoTooLarge: string;
    check: string;
    nothingToCheck: string;
    result: string;
    problems: (n: number) => string;
    noProblems: string;
    logoChecked: (bytes: number) => string;
    everyRule: string;
    rule: string;
    field: string;
    appliesTo: string;
    description: string;
    message: string;
  };
}
