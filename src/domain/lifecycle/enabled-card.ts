import { ENABLED_KEYS } from '../card-keys';
import { buttonCard, taskIdFor } from '../wecom-messages';

/** Outbox topic of the enabled notice; the rollout greys out its buttons when an admin answers. */
export const ENABLED_CARD_TOPIC = 'enabled_card';

/** The first card an admin gets: the app is enabled; start with a small visibility range. */
export function enabledCard(opts: {
  toUser: string;
  appName: string;
  dedupeKey: string;
}): Record<string, unknown> {
  return buttonCard({
    toUser: opts.toUser,
    taskId: taskIdFor(opts.dedupeKey),
    sourceDesc: '应用上线通知 / App online',
    title: `「${opts.appName}」已启用 / is now enabled`,
    description: '建议先小范围试用 / Start small',
    subTitle:
      '建议先设置小范围的可见范围（试点成员），确认使用正常后再逐步扩大。\n' +
      'Start with a small visibility range (a pilot group); widen it once all is well.',
    horizontalContent: [
      { keyname: '下一步 / Next', value: '管理后台 › 应用管理 › 可见范围' },
      // The app reaches only who is in the range: admins left out get no reminder at all.
      { keyname: '建议 / Advice', value: '3–10 位试点成员，加上管理员 / 3–10 pilots plus the admins' },
    ],
    buttons: [
      { text: '已设置试点范围 / Pilot set', key: ENABLED_KEYS.pilotSet, style: 1 },
      { text: '稍后提醒 / Remind me later', key: ENABLED_KEYS.remindLater, style: 2 },
    ],
  });
}
