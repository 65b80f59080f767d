import type { GrantEvidence } from '../model';
import { WecomApiError } from '../ports/wecom-errors';
import type { CorpApi } from '../ports/wecom';
import { grantedIds, type Catalogue } from './catalogue';

/** 48002: the app lacks the permission. 48004/48006: the authorization is gone; nothing left to check. */
const NO_PERMISSION = 48002;
const AUTHORIZATION_GONE = new Set([48004, 48006]);

export type GrantCheck =
  | { outcome: 'granted'; evidence: Pick<GrantEvidence, 'kind' | 'detail'> }
  /** WeCom shows these not granted: a check call answered 48002, or get_permissions lacks them. */
  | { outcome: 'not_granted'; missing: string[] }
  /** Nothing says no, but these have no check call and no WeCom name: only support can confirm. */
  | { outcome: 'unknown'; unchecked: string[] }
  | { outcome: 'authorization_gone'; errcode: number };

/** agent/get_permissions' answer when read once for several checks; undefined: not available. */
export type AppPermissions = readonly string[] | undefined;

/** The requested permissions the catalogue names a harmless read-only call for. */
export function probesFor(
  catalogue: Catalogue,
  requested: readonly string[],
): { id: string; probe: string }[] {
  return catalogue.flatMap((p) =>
    p.probe && requested.includes(p.id) ? [{ id: p.id, probe: p.probe }] : [],
  );
}

/** Whether agent/get_permissions can say anything about these permissions. */
export function namedInWecom(catalogue: Catalogue, requested: readonly string[]): boolean {
  return catalogue.some((p) => p.wecomNames && requested.includes(p.id));
}

/**
 * agent/get_permissions, or undefined when WeCom refuses it (the check then rests on the probes).
 * Other failures (busy, network) are thrown: the check did not happen.
 */
export async function readAppPermissions(corp: Pick<CorpApi, 'getPermissions'>): Promise<AppPermissions> {
  try {
    return await corp.getPermissions();
  } catch (err) {
    if (err instanceof WecomApiError && !AUTHORIZATION_GONE.has(err.errcode)) return undefined;
    throw err;
  }
}

/**
 * Asks WeCom whether every requested permission is granted: each one is shown granted by its check
 * call answering without 48002, or by agent/get_permissions listing all its WeCom names. An admin's
 * word is not evidence, so a permission with neither stays unknown.
 */
export async function checkGrant(
  corp: Pick<CorpApi, 'probe' | 'getPermissions'>,
  catalogue: Catalogue,
  requested: readonly string[],
  known?: AppPermissions,
): Promise<GrantCheck> {
  const byProbe = new Set<string>();
  const missing = new Set<string>();
  for (const { id, probe } of probesFor(catalogue, requested)) {
    try {
      await corp.probe(probe);
      byProbe.add(id);
    } catch (err) {
      if (!(err instanceof WecomApiError)) throw err;
      if (AUTHORIZATION_GONE.has(err.errcode)) return { outcome: 'authorization_gone', errcode: err.errcode };
      if (err.errcode !== NO_PERMISSION) throw err;
      missing.add(id);
    }
  }
  let listed: AppPermissions = known;
  if (listed === undefined && namedInWecom(catalogue, requested)) {
    try {
      listed = await readAppPermissions(corp);
    } catch (err) {
      if (err instanceof WecomApiError) return { outcome: 'authorization_gone', errcode: err.errcode };
      throw err;
    }
  }
  const byList = new Set(listed ? grantedIds(catalogue, listed) : []);
  const unchecked: string[] = [];
  for (const id of requested) {
    if (byProbe.has(id) || byList.has(id) || missing.has(id)) continue;
    const named = catalogue.find((p) => p.id === id)?.wecomNames;
    if (named && listed) missing.add(id);
    else unchecked.push(id);
  }
  if (missing.size > 0) return { outcome: 'not_granted', missing: [...missing] };
  if (unchecked.length > 0) return { outcome: 'unknown', unchecked };
  const listedIds = requested.filter((id) => byList.has(id) && !byProbe.has(id));
  return {
    outcome: 'granted',
    evidence:
      listedIds.length > 0
        ? { kind: 'get_permissions', detail: listedIds.join(', ') }
        : {
            kind: 'probe',
            detail: probesFor(catalogue, requested)
              .map((p) => p.probe)
              .join(', '),
          },
  };
}
