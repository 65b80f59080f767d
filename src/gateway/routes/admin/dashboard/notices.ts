import type { Notice } from './layout';
import type { DashboardWords, DoneCode } from './words/dashboard-words';

export type { DoneCode } from './words/dashboard-words';

/**
 * The notice for `?done=<code>`, in the page's words; unknown codes show nothing. The query string
 * carries only a code, so a crafted link cannot put its own words on a staff member's screen.
 */
export function doneNotice(query: Record<string, unknown>, words: DashboardWords): Notice | undefined {
  const code = query.done;
  if (typeof code !== 'string' || !Object.hasOwn(words.done, code)) return undefined;
  return { kind: 'ok', text: words.done[code as DoneCode] };
}
