import { WecomApiError } from '../ports/wecom-errors';
import type { CorpApi } from '../ports/wecom';
import type { Catalogue } from './catalogue';

/** 48002: the app lacks the permission. 48004/48006: the authorization is gone; nothing left to check. */
const NO_PERMISSION = 48002;
const AUTHORIZATION_GONE = new Set([48004, 48006]);

export type EffectProbe =
  | { outcome: 'unverifiable' }
  | { outcome: 'in_effect'; probed: string[] }
  | { outcome: 'not_yet_in_effect'; missing: string[] }
  | { outcome: 'authorization_gone'; errcode: number };

/** The requested permissions the catalogue names a harmless read-only call for. */
export function probesFor(
  catalogue: Catalogue,
  requested: readonly string[],
): { id: string; probe: string }[] {
  return catalogue.flatMap((p) =>
    p.probe && requested.includes(p.id) ? [{ id: p.id, probe: p.probe }] : [],
  );
}

/**
 * Makes each probe call: an approval recorded in chat is not the same as the permission working.
 * Other failures (busy, network, IP allow-list) are thrown: the check did not happen.
 */
export async function probeEffect(
  corp: Pick<CorpApi, 'probe'>,
  catalogue: Catalogue,
  requested: readonly string[],
): Promise<EffectProbe> {
  const probes = probesFor(catalogue, requested);
  if (probes.length === 0) return { outcome: 'unverifiable' };
  const missing: string[] = [];
  for (const { id, probe } of probes) {
    try {
      await corp.probe(probe);
    } catch (err) {
      if (!(err instanceof WecomApiError)) throw err;
      if (AUTHORIZATION_GONE.has(err.errcode)) return { outcome: 'authorization_gone', errcode: err.errcode };
      if (err.errcode !== NO_PERMISSION) throw err;
      missing.push(id);
    }
  }
  return missing.length > 0
    ? { outcome: 'not_yet_in_effect', missing }
    : { outcome: 'in_effect', probed: probes.map((p) => p.probe) };
}
