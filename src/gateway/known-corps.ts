/**
 * Whether a corp has authorized a template, remembered once it has: an authorization is never
 * deleted (a cancelled one stays, as history), so a corp once known stays known, and its next
 * callbacks need not read and copy its authorization again before answering. An unknown corp is
 * asked about every time: it may authorize in a moment, through another instance.
 */
export function knownCorps(
  read: (suiteId: string, corpId: string) => Promise<unknown>,
): (suiteId: string, corpId: string) => Promise<boolean> {
  const known = new Set<string>();
  return async (suiteId, corpId) => {
    const key = `${suiteId}\n${corpId}`;
    if (known.has(key)) return true;
    if (!(await read(suiteId, corpId))) return false;
    known.add(key);
    return true;
  };
}
