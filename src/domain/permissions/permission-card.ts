import { CARD_LIMITS, fitName } from '../card-limits';
import { type Catalogue as WordCatalogue, type Locale, wordsFor } from '../../shared/locale';
import { buttonCard, taskIdFor } from '../wecom-messages';
import type { PermissionRequest } from '../model';
import type { Catalogue, PermissionInfo } from './catalogue';
import { permissionKey } from '../card-keys';
import { CONFIRM_IN_WECOM, localNames } from './permission-texts';

/** Outbox topic of the text that follows each card: what each asked permission is for. */
export const PURPOSES_TOPIC = 'permission_purposes';

export interface PermissionCardInput {
  toUser: string;
  request: Pick<PermissionRequest, 'id' | 'requested' | 'previous' | 'raisedCount'>;
  appName: string;
  catalogue: Catalogue;
  /** The outbox dedupe key of this card: its task_id derives from it. */
  dedupeKey: string;
  locale: Locale;
}

interface CardWords {
  title: string;
  titleAgain: string;
  desc: (n: number) => string;
  /** A row's key: the permission's number (names are too long for the 5-character key). */
  rowKey: (i: number) => string;
  more: string;
  moreValue: (n: number) => string;
  body: string;
  buttons: { approve: string; decline: string };
  purposes: {
    head: (app: string) => string;
    line: (name: string, purpose: string) => string;
    current: (names: string) => string;
    asked: (n: number) => string;
  };
}

const WORDS: WordCatalogue<CardWords> = {
  'zh-CN': {
    title: '自定义权限申请',
    titleAgain: '再次确认权限申请',
    desc: (n) => `申请 ${n} 项权限，用途见下一条消息`,
    rowKey: (i) => `权限${i}`,
    more: '其他',
    moreValue: (n) => `另外 ${n} 项，见下一条消息`,
    body: `授权在企业微信中完成：${CONFIRM_IN_WECOM}。此处的「同意」只告诉我们您的意向。`,
    buttons: { approve: '同意', decline: '暂不授权' },
    purposes: {
      head: (app) => `「${app}」申请的权限及用途：`,
      line: (name, purpose) => `· ${name}：${purpose}`,
      current: (names) => `现有权限：${names}`,
      asked: (n) => `这是第 ${n} 次询问。`,
    },
  },
  en: {
    title: 'Permission request',
    titleAgain: 'Permission request, again',
    desc: (n) => `${n} permission${n === 1 ? '' : 's'}; purposes follow`,
    rowKey: (i) => `No. ${i}`,
    more: 'More',
    moreValue: (n) => `${n} more, listed next`,
    body: 'WeCom grants them only when you agree in its Permission change notice; this button tells us your intent.',
    buttons: { approve: 'Approve', decline: 'Not now' },
    purposes: {
      head: (app) => `What ${app} asks for, and why:`,
      line: (name, purpose) => `· ${name}: ${purpose}`,
      current: (names) => `Current permissions: ${names}`,
      asked: (n) => `Asked ${n} times.`,
    },
  },
};

const localName = (p: PermissionInfo, locale: Locale) => (locale === 'en' ? p.nameEn : p.name);

/**
 * The card about a custom-permission change: which permissions, and that the decision is made in
 * WeCom's own notice (the buttons record the admin's intent). What each is for, in plain words,
 * is too long for a card: purposesText says it in the message sent right after.
 */
export function permissionCard(input: PermissionCardInput): Record<string, unknown> {
  const { request, catalogue, locale } = input;
  const w = wordsFor(WORDS, locale);
  const asked = catalogue.filter((p) => request.requested.includes(p.id));
  return buttonCard({
    toUser: input.toUser,
    taskId: taskIdFor(input.dedupeKey),
    sourceDesc: fitName(input.appName, CARD_LIMITS.sourceDesc),
    title: request.raisedCount > 1 ? w.titleAgain : w.title,
    description: w.desc(asked.length),
    horizontalContent: rows(
      asked.map((p, i) => ({ keyname: w.rowKey(i + 1), value: localName(p, locale) })),
      w,
    ),
    subTitle: w.body,
    buttons: [
      { text: w.buttons.approve, key: permissionKey('approve', request.id), style: 1 },
      { text: w.buttons.decline, key: permissionKey('decline', request.id), style: 2 },
    ],
  });
}

/** The text sent with the card: each permission's purpose, what the app has now, how often asked. */
export function purposesText(input: Omit<PermissionCardInput, 'toUser' | 'dedupeKey'>): string {
  const { request, catalogue, locale } = input;
  const w = wordsFor(WORDS, locale).purposes;
  const asked = catalogue.filter((p) => request.requested.includes(p.id));
  return [
    w.head(input.appName),
    ...asked.map((p) => w.line(localName(p, locale), locale === 'en' ? p.purposeEn : p.purpose)),
    w.current(localNames(catalogue, request.previous, locale)),
    ...(request.raisedCount > 1 ? [w.asked(request.raisedCount)] : []),
  ].join('\n');
}

/** WeCom shows at most six rows: past that, the last row counts the rest (named in the text). */
function rows(all: { keyname: string; value: string }[], w: CardWords): { keyname: string; value: string }[] {
  if (all.length <= CARD_LIMITS.rows) return all;
  const shown = all.slice(0, CARD_LIMITS.rows - 1);
  return [...shown, { keyname: w.more, value: w.moreValue(all.length - shown.length) }];
}
