import { type Catalogue, type Locale, wordsFor } from '../../shared/locale';
import type { AppStatus, RolloutState } from '../model';
import { rolloutWords } from '../rollout/rollout-texts';

/** What is waiting for the admin who wrote, so the reply names only commands that do something now. */
export interface OpenQuestions {
  /** Permission requests waiting for an answer. */
  requests: number;
  /** The rollout's reminders are paused. */
  paused: boolean;
}

/** WeCom's message kinds besides text, as the bot names them back. */
export type MediaKind = 'image' | 'voice' | 'video' | 'location' | 'link';

/** What the admin sent, as the reply acknowledges it: his words (the start of them) or the kind. */
export type Received = { text: string } | { media: MediaKind };

/**
 * The chat's words, one language at a time. Commands are understood in both languages whatever
 * the locale (parse-command.ts); the help names them in the enterprise's.
 */
export interface ConversationWords {
  help: string;
  media: Record<MediaKind, string>;
  quote: (text: string) => string;
  got: (what: string) => string;
  oneRequest: string;
  manyRequests: (n: number) => string;
  resume: string;
  always: readonly string[];
  resumed: (when: string) => string;
  resumeNotAdmin: string;
  notStarted: string;
  notPausedActive: string;
  escalated: string;
  ended: (state: string) => string;
  nothingYet: string;
  appStatus: (name: string, status: AppStatus) => string;
}

const WORDS: Catalogue<ConversationWords> = {
  'zh-CN': {
    help: [
      '我可以帮您：',
      '· 状态 — 应用状态、待确认的权限申请、推广进度',
      '· 同意 — 同意等待确认的权限申请',
      '· 暂不授权 — 暂不同意该申请',
      '· 恢复 — 恢复已暂停的扩大可见范围提醒',
      '· 帮助 — 显示本说明',
    ].join('\n'),
    media: { image: '图片', voice: '语音', video: '视频', location: '位置', link: '链接' },
    quote: (text) => `「${text}」`,
    got: (what) => `收到${what}。我能看懂几个简单的指令，您现在可以发送：`,
    oneRequest: '· 同意 或 暂不授权 — 答复等待您确认的权限申请',
    manyRequests: (n) => `· 同意 或 暂不授权 — 有 ${n} 条权限申请等待您确认，请在各自的卡片上答复`,
    resume: '· 恢复 — 恢复已暂停的扩大可见范围提醒',
    always: ['· 状态 — 应用状态和进度', '· 帮助 — 全部指令'],
    resumed: (when) => `已恢复扩大可见范围的提醒，将于 ${when} 查看可见范围并提醒您下一步。`,
    resumeNotAdmin: '只有应用管理员可以恢复扩大可见范围的提醒。',
    notStarted: '扩大可见范围的提醒尚未开始，无需恢复。',
    notPausedActive: '扩大可见范围的提醒没有暂停，无需恢复。',
    escalated: '扩大可见范围已转服务商跟进，请联系服务商恢复。',
    ended: (state) => `扩大可见范围的计划已结束（${state}），无需恢复。`,
    nothingYet: '暂无记录。',
    appStatus: (name, status) =>
      `「${name}」状态：${{ developing: '开发中', in_review: '审核中', approved: '待上线', enabled: '已启用' }[status]}`,
  },
  en: {
    help: [
      'I can help with:',
      '· status — app status, pending permission requests, rollout stage',
      '· approve — approve the permission request waiting for you',
      '· not now — decline it for now',
      '· resume — resume paused rollout reminders',
      '· help — show this help',
    ].join('\n'),
    media: {
      image: 'your image',
      voice: 'your voice note',
      video: 'your video',
      location: 'your location',
      link: 'your link',
    },
    quote: (text) => `"${text}"`,
    got: (what) => `Got ${what}. I understand a few short commands; right now you can send:`,
    oneRequest: '· approve or not now — answer the permission request waiting for you',
    manyRequests: (n) =>
      `· approve or not now — ${n} permission requests wait for you; answer each on its card`,
    resume: '· resume — turn the paused rollout reminders back on',
    always: ["· status — the app's status and progress", '· help — every command'],
    resumed: (when) =>
      `Rollout reminders are back on: I will check the visibility range and remind you of the next step at ${when}.`,
    resumeNotAdmin: 'Only an admin of the app can resume the rollout reminders.',
    notStarted: 'The rollout has not started yet; there is nothing to resume.',
    notPausedActive: 'Rollout reminders are not paused; there is nothing to resume.',
    escalated: 'The rollout was handed over to your service provider; ask them to resume it.',
    ended: (state) => `The rollout has ended (${state}); there is nothing to resume.`,
    nothingYet: 'Nothing recorded yet.',
    appStatus: (name, status) =>
      `${name}: ${{ developing: 'in development', in_review: 'in review', approved: 'approved, going online soon', enabled: 'enabled' }[status]}`,
  },
};

export function conversationWords(locale: Locale): ConversationWords {
  return wordsFor(WORDS, locale);
}

/**
 * The answer to anything the bot cannot read (an image, a voice note, a sticker, words it does not
 * know): not a refusal, but what the admin can send right now. It names what came, so two such
 * replies differ and WeCom's duplicate check does not swallow the second.
 */
export function helpfulReply(received: Received, open: OpenQuestions, locale: Locale): string {
  const w = conversationWords(locale);
  const got = 'text' in received ? w.quote(received.text.slice(0, 40)) : w.media[received.media];
  const lines = [w.got(got)];
  if (open.requests === 1) lines.push(w.oneRequest);
  else if (open.requests > 1) lines.push(w.manyRequests(open.requests));
  if (open.paused) lines.push(w.resume);
  return [...lines, ...w.always].join('\n');
}

/** 恢复 when nothing is paused: what the rollout is doing instead. */
export function notPausedReply(state: RolloutState | undefined, locale: Locale): string {
  const w = conversationWords(locale);
  switch (state) {
    case undefined:
      return w.notStarted;
    case 'active':
      return w.notPausedActive;
    case 'escalated':
      return w.escalated;
    default:
      return w.ended(rolloutWords(locale).state[state]);
  }
}
