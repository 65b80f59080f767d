/** The unique key of anything that exists once per template and enterprise. */
export function corpKey(suiteId: string, corpId: string): string {
  // Neither id can hold a newline, so the pair maps to one key only.
  return `${suiteId}\n${corpId}`;
}
