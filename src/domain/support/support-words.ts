import { DAY, HOUR, MINUTE } from '../../shared/clock';
import type { Catalogue, Locale } from '../../shared/locale';
import { wordsFor } from '../../shared/locale';
import type {
  AppStatus,
  AuthorizationState,
  PermissionRequest,
  ReachKind,
  RolloutState,
  Visibility,
} from '../model';
import { ROOT_PARTY } from '../rollout/reach';

/**
 * The states and facts as support staff read them (dashboard, diagnosis, timeline), one language
 * at a time. Support's own words: the chat's texts change with each enterprise's language.
 */
export interface SupportWords {
  appStatus: Record<AppStatus, string>;
  rolloutState: Record<RolloutState, string>;
  /** A permission request's state; `approved_pending`: approved in chat, WeCom's evidence not seen yet. */
  requestState: Record<PermissionRequest['state'] | 'approved_pending', string>;
  authorization: Record<AuthorizationState, string>;
  reach: Record<ReachKind, string>;
  visibility: {
    wholeCompany: string;
    nobody: string;
    counts: (users: number, parties: number, tags: number) => string;
  };
  /** A duration in its largest whole unit. */
  elapsed: (count: number, unit: 'day' | 'hour' | 'minute') => string;
  list: (items: readonly string[]) => string;
  noneYet: string;
  notReadYet: string;
  /** What unblocks a bot whose messages reach nobody: it writes only to the app admins. */
  reachFix: string;
}

const ZH: SupportWords = {
  appStatus: { developing: '开发中', in_review: '审核中', approved: '待上线', enabled: '已启用' },
  rolloutState: {
    active: '进行中',
    paused: '已暂停',
    completed: '已完成',
    cancelled: '已停止',
    escalated: '已转客服跟进',
  },
  requestState: {
    pending: '待企业客户确认',
    approved_pending: '已同意，待确认生效',
    granted: '已生效',
    declined: '暂不授权',
    superseded: '已被新申请取代',
  },
  authorization: { active: '授权中', cancelled: '已取消授权' },
  reach: {
    members: '选几位试点成员',
    departments: '加入至少一个部门',
    company: '选择根部门（全员）',
  },
  visibility: {
    wholeCompany: '全员（根部门）',
    nobody: '无人可见',
    counts: (users, parties, tags) =>
      [users ? `${users} 位成员` : '', parties ? `${parties} 个部门` : '', tags ? `${tags} 个标签` : '']
        .filter(Boolean)
        .join('、'),
  },
  elapsed: (count, unit) => `${count} ${{ day: '天', hour: '小时', minute: '分钟' }[unit]}`,
  list: (items) => items.join('、'),
  noneYet: '尚无',
  notReadYet: '尚未读取',
  reachFix: '请管理员把自己加入应用的可见范围，并确认已分配接口许可',
};

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

const EN: SupportWords = {
  appStatus: {
    developing: 'developing',
    in_review: 'in review',
    approved: 'approved, waiting to go online',
    enabled: 'enabled',
  },
  rolloutState: {
    active: 'active',
    paused: 'paused',
    completed: 'completed',
    cancelled: 'cancelled',
    escalated: 'escalated to support',
  },
  requestState: {
    pending: 'waiting for the enterprise',
    approved_pending: 'approved in chat, not confirmed in WeCom yet',
    granted: 'in effect',
    declined: 'not now',
    superseded: 'superseded',
  },
  authorization: { active: 'authorized', cancelled: 'authorization cancelled' },
  reach: {
    members: 'a few pilot members',
    departments: 'at least one department',
    company: 'the root department (everyone)',
  },
  visibility: {
    wholeCompany: 'whole company (root department)',
    nobody: 'nobody',
    counts: (users, parties, tags) =>
      [
        users ? plural(users, 'member') : '',
        parties ? plural(parties, 'department') : '',
        tags ? plural(tags, 'tag') : '',
      ]
        .filter(Boolean)
        .join(', '),
  },
  elapsed: (count, unit) => plural(count, unit),
  list: (items) => items.join(', '),
  noneYet: 'none yet',
  notReadYet: 'not read yet',
  reachFix: 'The admins must add themselves to the app’s visibility range and hold an interface licence',
};

export const SUPPORT_WORDS: Catalogue<SupportWords> = { 'zh-CN': ZH, en: EN };

export function supportWords(locale: Locale): SupportWords {
  return wordsFor(SUPPORT_WORDS, locale);
}

/** "3 位成员、1 个部门" or "3 members, 1 department". */
export function visibilityWords(v: Visibility, locale: Locale): string {
  const w = supportWords(locale).visibility;
  if (v.parties.includes(ROOT_PARTY)) return w.wholeCompany;
  return w.counts(v.users.length, v.parties.length, v.tags.length) || w.nobody;
}

/** A request's state; only WeCom's evidence makes it 已生效, an approval in chat waits for it. */
export function requestStateWords(r: Pick<PermissionRequest, 'state' | 'answer'>, locale: Locale): string {
  const w = supportWords(locale).requestState;
  return r.state === 'pending' && r.answer?.answer === 'approve' ? w.approved_pending : w[r.state];
}

/** A duration in its largest whole unit: "6 天", "6 days". */
export function elapsedWords(ms: number, locale: Locale): string {
  const w = supportWords(locale);
  if (ms >= DAY) return w.elapsed(Math.floor(ms / DAY), 'day');
  if (ms >= HOUR) return w.elapsed(Math.floor(ms / HOUR), 'hour');
  return w.elapsed(Math.max(0, Math.floor(ms / MINUTE)), 'minute');
}
