import { CONFIG_LIMITS, configProblem } from './config-rules';
import { countCharacters } from './count-characters';
import type { ConfigProblem } from './types';

/** What a name may hold: CJK ideographs, ASCII letters and digits; anything else is "special". */
const ALLOWED = /^[\p{Unified_Ideograph}A-Za-z0-9]$/u;
/** Characters that would be invisible or ambiguous when quoted, shown by code point instead. */
const VISIBLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const LONGEST_FIRST = [...CONFIG_LIMITS.forbiddenWords].sort((a, b) => b.length - a.length);

/** Name rules: 2–10 字, no special characters, none of the handbook's restricted words. */
export function checkName(name: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { nameMin: min, nameMax: max } = CONFIG_LIMITS;
  const count = countCharacters(name);
  if (count < min || count > max) {
    problems.push(
      configProblem(
        'name',
        'name_length',
        `名称须为 ${min}–${max} 个字，实际 ${count} 个字`,
        `name must be ${min}–${max} characters, got ${count}`,
      ),
    );
  }
  const specials = [...new Set([...name.normalize('NFC')].filter((c) => !ALLOWED.test(c)))];
  if (specials.length > 0) {
    problems.push(
      configProblem(
        'name',
        'name_special_chars',
        `名称不可含特殊字符：${specials.map((c) => show(c, '“', '”')).join('、')}（只可用汉字、英文字母和数字）`,
        `name must not contain special characters: ${specials.map((c) => show(c, '"', '"')).join(', ')} ` +
          '(only Chinese characters, Latin letters and digits)',
      ),
    );
  }
  const words = restrictedWordsIn(name);
  if (words.length > 0) {
    problems.push(
      configProblem(
        'name',
        'name_forbidden_word',
        `名称不可含特殊词汇：${words.map((w) => `“${w}”`).join('、')}`,
        `name must not contain the restricted word(s): ${words.map((w) => `"${w}"`).join(', ')}`,
      ),
    );
  }
  return problems;
}

/**
 * Restricted words found in the name, case- and width-insensitively (NFKC, lower case) and
 * ignoring special characters, so "微 信" or "微·信" is caught too. Longest words first, each
 * masked once found, so 企业微信 is reported as itself and not again as 微信.
 */
function restrictedWordsIn(name: string): string[] {
  let text = [...name.normalize('NFKC').toLowerCase()].filter((c) => ALLOWED.test(c)).join('');
  const found: string[] = [];
  for (const word of LONGEST_FIRST) {
    if (!text.includes(word)) continue;
    found.push(word);
    text = text.split(word).join('\0');
  }
  return found;
}

function show(c: string, open: string, close: string): string {
  if (VISIBLE.test(c)) return `${open}${c}${close}`;
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
