/**
 * 'unclear': words near an answer (好的, OK, yes, no, 👍 …). They never decide: "OK" may mean "I
 * read it", so the admin gets the request's card again and taps what he means.
 */
export type Command = 'help' | 'status' | 'approve' | 'decline' | 'resume' | 'unclear' | 'unknown';

/** Words admins type, Chinese and English; matched whole (trimmed, case- and width-insensitive). */
const WORDS: Record<Exclude<Command, 'unknown'>, readonly string[]> = {
  help: ['帮助', 'help', '?', '菜单', 'menu'],
  status: ['状态', 'status', '进度', 'progress'],
  approve: ['同意', '同意授权', 'approve'],
  decline: ['暂不授权', '暂不', 'not now'],
  resume: ['恢复', '恢复提醒', 'resume'],
  unclear: [
    ...['好', '好的', '好吧', '可以', '行', '嗯', '是', '是的', '对', '没问题', '批准', '授权', '确认'],
    ...['不', '不要', '不行', '不用', '否', '拒绝', '不同意', '不授权', '以后再说', '稍后'],
    ...['ok', 'okay', 'k', 'yes', 'y', 'yeah', 'sure', 'agree', 'accept', 'confirm', 'fine'],
    ...['no', 'n', 'nope', 'decline', 'reject', 'later', 'not yet'],
    ...['👍', '👌', '✅', '✔', '🙆', '👎', '❌', '🙅'],
  ],
};

const lookup = new Map<string, Command>(
  Object.entries(WORDS).flatMap(([command, words]) => words.map((w) => [w, command as Command])),
);

/** A question mark is not trailing punctuation here: "同意?" asks, it does not consent. */
const TRAILING = /[\s。.!~,、;…]+$/u;
/** Emoji skin tones and the variation selector do not change what a 👍 means. */
const EMOJI_VARIANTS = /[\u{1F3FB}-\u{1F3FF}]|\uFE0F/gu;

export function parseCommand(content: string): Command {
  const normalized = content
    // NFKC folds full-width letters and punctuation (ＯＫ, ！, ？) to their ASCII forms.
    .normalize('NFKC')
    .replace(EMOJI_VARIANTS, '')
    .trim()
    .toLowerCase()
    .replace(/^[\s/]+/, '')
    .replace(TRAILING, '')
    .replace(/\s+/g, ' ');
  return lookup.get(normalized) ?? 'unknown';
}
