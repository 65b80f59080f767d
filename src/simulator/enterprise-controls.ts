import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import type { MediaMessageKind } from '../events/types';
import type { CallbackDispatch } from './callback-dispatch';
import type { XmlField } from './callback-xml';
import { corpDirectory } from './corp-directory';
import { randomToken, type SimState } from './sim-state';
import type {
  CallbackOutcome,
  InboxEntry,
  PermissionChange,
  SimCorp,
  SupportAlert,
  Visibility,
} from './sim-types';

/** The kind's own fields, as in WeCom's 接收普通消息 samples. */
const MEDIA_FIELDS: Record<MediaMessageKind, XmlField[]> = {
  image: [
    ['PicUrl', 'https://wework.qpic.cn/sim/image.png'],
    ['MediaId', 'sim_media_image'],
  ],
  voice: [
    ['MediaId', 'sim_media_voice'],
    ['Format', 'amr'],
  ],
  video: [
    ['MediaId', 'sim_media_video'],
    ['ThumbMediaId', 'sim_media_thumb'],
  ],
  location: [
    ['Location_X', '31.2304'],
    ['Location_Y', '121.4737'],
    ['Scale', 15],
    ['Label', '上海市'],
  ],
  link: [
    ['Title', '链接'],
    ['Description', '一个链接'],
    ['Url', 'https://example.com/'],
    ['PicUrl', 'https://example.com/pic.png'],
  ],
};

/** An inbox line; a permission notice carries the change with what is still waiting. */
export type InboxView = InboxEntry & { notice?: PermissionChange & { pending: string[] } };

/** What enterprise admins and members do, and what WeCom then does on their behalf. */
export function createEnterpriseControls(state: SimState, dispatch: CallbackDispatch) {
  const now = () => state.clock.now();
  const createTime = () => Math.floor(now().getTime() / 1000);
  const openCorp = (corpId: string): SimCorp => {
    const corp = state.corp(corpId);
    if (corp.cancelledAt) throw new ConflictError(`corp ${corpId} cancelled its authorization`);
    return corp;
  };
  const member = (corp: SimCorp, userId: string) => {
    if (!corpDirectory.hasUser(corp, userId)) throw new NotFoundError(`user ${userId} in ${corp.corpId}`);
  };
  /** What WeCom forwards of a member's message: recorded in his chat, then called back to the app. */
  const memberMessage = async (
    corpId: string,
    userId: string,
    msgtype: 'text' | MediaMessageKind,
    content: string,
    fields: XmlField[],
  ): Promise<{ msgId: string; callback: CallbackOutcome }> => {
    const corp = openCorp(corpId);
    member(corp, userId);
    if (!corpDirectory.isVisible(corp, userId)) throw new ConflictError(`app not visible to ${userId}`);
    const msgId = state.nextMsgId();
    state.inbox.push({ id: state.nextId(), corpId, userId, at: now(), from: 'user', msgtype, content });
    const callback = await dispatch.toApp(corp, msgtype, [
      ['ToUserName', corp.corpId],
      ['FromUserName', userId],
      ['CreateTime', createTime()],
      ['MsgType', msgtype],
      ...fields,
      ['MsgId', BigInt(msgId)],
      ['AgentID', corp.agentId],
    ]);
    return { msgId, callback };
  };
  const openChange = (corp: SimCorp) => corp.permissionChanges.find((c) => !c.superseded);
  const pendingOf = (change: PermissionChange) => change.permissions.filter((p) => !change.decisions[p]);

  /** Records the admin's answer in the WeCom notice; without a permission it answers all that wait. */
  const decide = (corpId: string, decision: 'granted' | 'declined', permission?: string): string[] => {
    const corp = openCorp(corpId);
    const change = openChange(corp);
    const targets = permission ? [permission] : change ? pendingOf(change) : [];
    if (!targets.length) throw new ConflictError('no custom permission change is waiting');
    for (const p of targets) {
      if (change?.permissions.includes(p)) change.decisions[p] = decision;
      // 暂不授权 keeps the previous permissions: a decline never removes a granted one.
      if (decision === 'granted' && !corp.customPermissions.includes(p)) corp.customPermissions.push(p);
    }
    return targets;
  };

  return {
    /**
     * The admin sets the visible range (party 1 = whole company). WeCom sends no callback for it;
     * call changeAuth afterwards to simulate one.
     */
    setVisibility(corpId: string, range: Partial<Visibility>): Visibility {
      const corp = openCorp(corpId);
      const next = { users: range.users ?? [], parties: range.parties ?? [], tags: range.tags ?? [] };
      next.users.forEach((u) => member(corp, u));
      for (const p of next.parties) {
        if (!corpDirectory.hasParty(corp, p))
          throw new ValidationError('parties', 'exists', `no department ${p}`);
      }
      for (const t of next.tags) {
        if (!corp.tags.some((tag) => tag.id === t))
          throw new ValidationError('tags', 'exists', `no tag ${t}`);
      }
      corp.visibility = next;
      return structuredClone(next);
    },

    /** New app admins; WeCom tells the app with change_app_admin (or, optionally, a change_auth). */
    async changeAdmins(
      corpId: string,
      admins: string[],
      via: 'change_app_admin' | 'change_auth' = 'change_app_admin',
    ): Promise<{ callback: CallbackOutcome }> {
      const corp = openCorp(corpId);
      if (!admins.length) throw new ValidationError('admins', 'required', 'at least one admin');
      admins.forEach((u) => member(corp, u));
      corp.admins = [...new Set(admins)];
      const callback =
        via === 'change_auth'
          ? await dispatch.toTemplate(corp.suiteId, 'change_auth', [
              ['SuiteId', corp.suiteId],
              ['InfoType', 'change_auth'],
              ['TimeStamp', createTime()],
              ['AuthCorpId', corp.corpId],
            ])
          : await dispatch.toApp(corp, 'change_app_admin', [
              ['ToUserName', corp.corpId],
              ['FromUserName', 'sys'],
              ['CreateTime', createTime()],
              ['MsgType', 'event'],
              ['Event', 'change_app_admin'],
              ['AgentID', corp.agentId],
            ]);
      return { callback };
    },

    /** The admin agrees in the WeCom notice: effective at once; WeCom then sends a change_auth. */
    async grantPermission(
      corpId: string,
      permission?: string,
    ): Promise<{ granted: string[]; callback: CallbackOutcome }> {
      const granted = decide(corpId, 'granted', permission);
      const corp = state.corp(corpId);
      const callback = await dispatch.toTemplate(corp.suiteId, 'change_auth', [
        ['SuiteId', corp.suiteId],
        ['InfoType', 'change_auth'],
        ['TimeStamp', createTime()],
        ['AuthCorpId', corp.corpId],
      ]);
      return { granted, callback };
    },

    /** The admin answers 暂不授权: nothing changes, no callback. */
    denyPermission: (corpId: string, permission?: string): { declined: string[] } => ({
      declined: decide(corpId, 'declined', permission),
    }),

    /**
     * A member taps a card button: template_card_event with a fresh single-use ResponseCode. Refused
     * when the card's buttons were already replaced. A tap only tells the bot; it grants nothing.
     */
    async clickCardButton(
      corpId: string,
      userId: string,
      taskId: string,
      eventKey: string,
    ): Promise<{ responseCode: string; callback: CallbackOutcome }> {
      const corp = openCorp(corpId);
      member(corp, userId);
      const entry = state.inbox
        .filter((e) => e.corpId === corpId && e.userId === userId && e.card?.task_id === taskId)
        .at(-1);
      if (!entry?.card || !entry.msgid) throw new NotFoundError(`card ${taskId} for ${userId}`);
      if (entry.replacedName !== undefined) {
        throw new ConflictError(`card ${taskId} buttons already replaced (${entry.replacedName})`);
      }
      const button = entry.card.button_list?.find((b) => b.key === eventKey && b.type !== 1);
      if (!button)
        throw new ValidationError('eventKey', 'exists', `no callback button ${eventKey} on ${taskId}`);
      const responseCode = state.issueResponseCode({ corpId, msgid: entry.msgid, userId });
      const callback = await dispatch.toApp(corp, 'template_card_event', [
        ['ToUserName', corp.corpId],
        ['FromUserName', userId],
        ['CreateTime', createTime()],
        ['MsgType', 'event'],
        ['Event', 'template_card_event'],
        ['EventKey', eventKey],
        ['TaskId', taskId],
        ['CardType', entry.card.card_type],
        ['ResponseCode', responseCode],
        ['AgentID', corp.agentId],
      ]);
      return { responseCode, callback };
    },

    /** A member writes to the app; only members who can see the app can. */
    async sendText(
      corpId: string,
      userId: string,
      content: string,
    ): Promise<{ msgId: string; callback: CallbackOutcome }> {
      if (!content) throw new ValidationError('content', 'required', 'content required');
      return memberMessage(corpId, userId, 'text', content, [['Content', content]]);
    },

    /** A member sends an image, voice note, video, location or link, with the fields WeCom adds for it. */
    sendMedia(corpId: string, userId: string, kind: MediaMessageKind) {
      return memberMessage(corpId, userId, kind, `[${kind}]`, MEDIA_FIELDS[kind]);
    },

    /** A member's chat with the app, oldest first, cards as that member sees them now. */
    inbox(corpId: string, userId: string): InboxView[] {
      const corp = state.corp(corpId);
      return state.inbox
        .filter((e) => e.corpId === corpId && e.userId === userId)
        .map((e) => {
          const change = corp.permissionChanges.find((c) => c.id === e.permissionChangeId);
          // Copied by hand: structuredClone makes Dates of another realm under jest's vm.
          const view: InboxView = { ...e, card: e.card && structuredClone(e.card) };
          if (change) {
            view.notice = {
              ...change,
              permissions: [...change.permissions],
              decisions: { ...change.decisions },
              pending: change.superseded ? [] : pendingOf(change),
            };
          }
          return view;
        });
    },

    /** Messages the group robot webhooks received (support alerts). */
    alerts: (): SupportAlert[] => state.alerts.map((a) => ({ ...a })),

    /** A group robot; returns its key for POST /cgi-bin/webhook/send?key=. */
    addWebhook(key: string = randomToken(18)): string {
      state.webhooks.add(key);
      return key;
    },
  };
}

export type EnterpriseControls = ReturnType<typeof createEnterpriseControls>;
