import type { RolloutState } from '../model';
import { STATE_LABELS } from '../rollout/rollout-texts';

/** Admin-facing words of the chat: Chinese first, English beside. */

export const HELP_TEXT = [
  '我可以帮您 / I can help with:',
  '· 状态 / status — 应用状态、待确认的权限申请、推广进度 / app status, pending permission requests, rollout stage',
  '· 同意 / approve — 同意等待确认的权限申请 / approve the permission request waiting for you',
  '· 暂不授权 / not now — 暂不同意该申请 / decline it for now',
  '· 恢复 / resume — 恢复已暂停的扩大可见范围提醒 / resume paused rollout reminders',
  '· 帮助 / help — 显示本说明 / show this help',
].join('\n');

/** What is waiting for the admin who wrote, so the reply names only commands that do something now. */
export interface OpenQuestions {
  /** Permission requests waiting for an answer. */
  requests: number;
  /** The rollout's reminders are paused. */
  paused: boolean;
}

/** WeCom's message kinds besides text, as the bot names them back. */
export type MediaKind = 'image' | 'voice' | 'video' | 'location' | 'link';

const MEDIA_WORDS: Record<MediaKind, { zh: string; en: string }> = {
  image: { zh: '图片', en: 'your image' },
  voice: { zh: '语音', en: 'your voice note' },
  video: { zh: '视频', en: 'your video' },
  location: { zh: '位置', en: 'your location' },
  link: { zh: '链接', en: 'your link' },
};

/** What the admin sent, as the reply acknowledges it: his words (the start of them) or the kind. */
export type Received = { text: string } | { media: MediaKind };

/**
 * The answer to anything the bot cannot read (an image, a voice note, a sticker, words it does not
 * know): not a refusal, but what the admin can send right now. It names what came, so two such
 * replies differ and WeCom's duplicate check does not swallow the second.
 */
export function helpfulReply(received: Received, open: OpenQuestions): string {
  const got = 'text' in received ? quote(received.text.slice(0, 40)) : MEDIA_WORDS[received.media];
  const zh = [`收到${got.zh}。我能看懂几个简单的指令，您现在可以发送：`];
  const en = [`Got ${got.en}. I understand a few short commands; right now you can send:`];
  if (open.requests === 1) {
    zh.push('· 同意 或 暂不授权 — 答复等待您确认的权限申请');
    en.push('· approve or not now — answer the permission request waiting for you');
  } else if (open.requests > 1) {
    zh.push(`· 同意 或 暂不授权 — 有 ${open.requests} 条权限申请等待您确认，请在各自的卡片上答复`);
    en.push(
      `· approve or not now — ${open.requests} permission requests wait for you; answer each on its card`,
    );
  }
  if (open.paused) {
    zh.push('· 恢复 — 恢复已暂停的扩大可见范围提醒');
    en.push('· resume — turn the paused rollout reminders back on');
  }
  zh.push('· 状态 — 应用状态和进度', '· 帮助 — 全部指令');
  en.push("· status — the app's status and progress", '· help — every command');
  return [...zh, ...en].join('\n');
}

function quote(text: string): { zh: string; en: string } {
  return { zh: `「${text}」`, en: `"${text}"` };
}

export function resumedReply(when: string): string {
  return (
    `已恢复扩大可见范围的提醒，将于 ${when} 查看可见范围并提醒您下一步。\n` +
    `Rollout reminders are back on: I will check the visibility range and remind you of the next step at ${when}.`
  );
}

export const RESUME_NOT_ADMIN =
  '只有应用管理员可以恢复扩大可见范围的提醒。\nOnly an admin of the app can resume the rollout reminders.';

/** 恢复 when nothing is paused: what the rollout is doing instead. */
export function notPausedReply(state: RolloutState | undefined): string {
  switch (state) {
    case undefined:
      return '扩大可见范围的提醒尚未开始，无需恢复。\nThe rollout has not started yet; there is nothing to resume.';
    case 'active':
      return '扩大可见范围的提醒没有暂停，无需恢复。\nRollout reminders are not paused; there is nothing to resume.';
    case 'escalated':
      return (
        '扩大可见范围已转服务商跟进，请联系服务商恢复。\n' +
        'The rollout was handed over to your service provider; ask them to resume it.'
      );
    default: {
      const [zh, en] = STATE_LABELS[state].split(' / ');
      return `扩大可见范围的计划已结束（${zh}），无需恢复。\nThe rollout has ended (${en}); there is nothing to resume.`;
    }
  }
}
