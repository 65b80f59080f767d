import { CANDIDATE_REASONS, type Candidate, type CandidateReason } from './candidate-corps';

/**
 * How many candidate enterprises one to-do list diagnoses: the most urgent ones. It bounds what the
 * overview costs however many enterprises wait; the rest are counted, not read.
 */
export const MAX_DIAGNOSED_ENTERPRISES = 100;

/** An enterprise list's filter (its query keys) that shows some of the enterprises not checked. */
export interface UncheckedList {
  filter: Record<string, string>;
  /** How many of the enterprises not checked it shows (the list shows others too). */
  enterprises: number;
}

/** The candidates beyond the bound: they may need a person, not checked here. */
export interface NotChecked {
  /** Exact: every candidate enterprise not diagnosed. */
  enterprises: number;
  /** Where to see them; a reason without such a filter (WeCom errors, no admins …) has none. */
  lists: UncheckedList[];
}

/** Only filters the enterprise list has (query-params.ts appListQuery). */
const LISTS: Partial<Record<CandidateReason, Record<string, string>>> = {
  message_failed: { messages: 'failed' },
  rollout_stuck: { stuck: 'true' },
  request_waiting: { pending: 'true' },
  request_declined: { request: 'declined' },
  app_approved: { status: 'approved' },
  app_in_review: { status: 'in_review' },
  app_developing: { status: 'developing' },
};

/**
 * The first MAX_DIAGNOSED_ENTERPRISES candidates (they come the most urgent first) to diagnose, by corp id so each
 * finding lists its enterprises in an order that does not depend on the sources, and what is left.
 */
export function checkedCandidates(candidates: readonly Candidate[]): {
  checked: string[];
  notChecked: NotChecked;
} {
  const rest = candidates.slice(MAX_DIAGNOSED_ENTERPRISES);
  const byReason = new Map<CandidateReason, number>();
  for (const c of rest) for (const r of c.reasons) byReason.set(r, (byReason.get(r) ?? 0) + 1);
  const lists = CANDIDATE_REASONS.flatMap((reason) => {
    const filter = LISTS[reason];
    const enterprises = byReason.get(reason);
    return filter && enterprises ? [{ filter, enterprises }] : [];
  });
  return {
    checked: candidates
      .slice(0, MAX_DIAGNOSED_ENTERPRISES)
      .map((c) => c.corpId)
      .sort(),
    notChecked: { enterprises: rest.length, lists },
  };
}
