/**
 * C0 controls except tab and newline (so ESC, CR and BEL too), DEL, C1 controls, and the
 * bidirectional overrides and isolates that reorder what a terminal shows.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text safe to print: corp names, user ids and messages come from WeCom and its users, and an
 * escape sequence in one could rewrite the terminal (colours, titles, cursor moves, hidden lines).
 */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}
