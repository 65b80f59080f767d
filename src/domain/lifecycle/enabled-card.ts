import { CARD_LIMITS, fitName } from '../card-limits';
import { ENABLED_KEYS } from '../card-keys';
import { type Catalogue, type Locale, wordsFor } from '../../shared/locale';
import { buttonCard, taskIdFor } from '../wecom-messages';

/** Outbox topic of the enabled notice; the rollout greys out its buttons when an admin answers. */
export const ENABLED_CARD_TOPIC = 'enabled_card';

interface EnabledWords {
  source: string;
  /** The app's name gets what the title leaves. */
  title: (name: string) => string;
  titleRoom: number;
  desc: string;
  body: string;
  rows: { where: [string, string]; advice: [string, string] };
  buttons: { pilotSet: string; later: string };
}

const WORDS: Catalogue<EnabledWords> = {
  'zh-CN': {
    source: '应用上线通知',
    title: (name) => `「${name}」已启用`,
    titleRoom: CARD_LIMITS.title - 5,
    desc: '建议先小范围试用',
    body: '建议先把可见范围设为几位试点成员，并把管理员留在范围内（否则收不到提醒），确认使用正常后再逐步扩大。',
    // The app reaches only who is in the range: admins left out get no reminder at all.
    rows: { where: ['位置', '管理后台›应用管理›可见范围'], advice: ['建议', '3–10 位试点成员，加上管理员'] },
    buttons: { pilotSet: '已设置试点', later: '稍后提醒' },
  },
  en: {
    source: 'App online',
    title: (name) => `${name} is enabled`,
    titleRoom: CARD_LIMITS.title - 11,
    desc: 'Start with a small pilot',
    body: 'Set the visible range to a few pilot members plus the admins (or they get no reminders), then widen it.',
    rows: { where: ['Where', 'Admin › Apps › Visibility'], advice: ['Tip', '3–10 pilots + the admins'] },
    buttons: { pilotSet: 'Pilot set', later: 'Later' },
  },
};

/** The first card an admin gets: the app is enabled; start with a small visibility range. */
export function enabledCard(opts: {
  toUser: string;
  appName: string;
  dedupeKey: string;
  locale: Locale;
}): Record<string, unknown> {
  const w = wordsFor(WORDS, opts.locale);
  return buttonCard({
    toUser: opts.toUser,
    taskId: taskIdFor(opts.dedupeKey),
    sourceDesc: w.source,
    title: w.title(fitName(opts.appName, w.titleRoom)),
    description: w.desc,
    subTitle: w.body,
    horizontalContent: [
      { keyname: w.rows.where[0], value: w.rows.where[1] },
      { keyname: w.rows.advice[0], value: w.rows.advice[1] },
    ],
    buttons: [
      { text: w.buttons.pilotSet, key: ENABLED_KEYS.pilotSet, style: 1 },
      { text: w.buttons.later, key: ENABLED_KEYS.remindLater, style: 2 },
    ],
  });
}
