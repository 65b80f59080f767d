export type Command = 'help' | 'status' | 'approve' | 'decline' | 'unknown';

/** Words admins type, Chinese and English; matched whole (after trimming punctuation and case). */
const WORDS: Record<Exclude<Command, 'unknown'>, readonly string[]> = {
  help: ['帮助', 'help', '?', '？', '菜单', 'menu'],
  status: ['状态', 'status', '进度', 'progress'],
  approve: ['同意', '批准', 'approve', 'yes', '同意授权', 'ok'],
  decline: ['暂不授权', '暂不', '拒绝', 'not now', 'no', '不同意', 'decline'],
};

const lookup = new Map<string, Command>(
  Object.entries(WORDS).flatMap(([command, words]) => words.map((w) => [w, command as Command])),
);

export function parseCommand(content: string): Command {
  const normalized = content
    .trim()
    .toLowerCase()
    .replace(/^[\s/／]+|[\s。.!！~～]+$/g, '')
    .replace(/\s+/g, ' ');
  return lookup.get(normalized) ?? 'unknown';
}
