import { createHash } from 'node:crypto';
import type { SimCorp } from './sim-types';

/** Who is in an enterprise and who can see its app; party 1 is the root department (the whole company). */
export const corpDirectory = {
  allUsers(corp: SimCorp): string[] {
    return unique(corp.departments.flatMap((d) => d.members));
  },

  hasUser(corp: SimCorp, userId: string): boolean {
    return corp.departments.some((d) => d.members.includes(userId));
  },

  hasParty(corp: SimCorp, partyId: number): boolean {
    return corp.departments.some((d) => d.id === partyId);
  },

  /** Members of a department and of every department below it. */
  partyMembers(corp: SimCorp, partyId: number): string[] {
    const ids = new Set([partyId]);
    // Departments may be listed in any order; repeat until no child is added.
    for (let grew = true; grew;) {
      grew = false;
      for (const d of corp.departments) {
        if (!ids.has(d.id) && ids.has(d.parentId)) {
          ids.add(d.id);
          grew = true;
        }
      }
    }
    return unique(corp.departments.filter((d) => ids.has(d.id)).flatMap((d) => d.members));
  },

  /** A department is visible when it or one of its ancestors is in the visibility range. */
  isPartyVisible(corp: SimCorp, partyId: number): boolean {
    const visible = new Set(corp.visibility.parties);
    let current = corp.departments.find((d) => d.id === partyId);
    const seen = new Set<number>();
    while (current && !seen.has(current.id)) {
      if (visible.has(current.id)) return true;
      seen.add(current.id);
      current = corp.departments.find((d) => d.id === current?.parentId);
    }
    return false;
  },

  tagMembers(corp: SimCorp, tagId: number): string[] {
    return corp.tags.find((t) => t.id === tagId)?.members ?? [];
  },

  visibleUsers(corp: SimCorp): string[] {
    const fromParties = corp.visibility.parties.flatMap((p) => corpDirectory.partyMembers(corp, p));
    const fromTags = corp.visibility.tags.flatMap((t) => corpDirectory.tagMembers(corp, t));
    const all = new Set(corpDirectory.allUsers(corp));
    return unique([...corp.visibility.users, ...fromParties, ...fromTags]).filter((u) => all.has(u));
  },

  isVisible(corp: SimCorp, userId: string): boolean {
    return corpDirectory.visibleUsers(corp).includes(userId);
  },

  /** WeCom gives each member a provider-scoped open_userid; a stable hash stands in for it. */
  openUserId(corp: SimCorp, userId: string): string {
    return 'wo' + createHash('sha256').update(`${corp.corpId}/${userId}`).digest('hex').slice(0, 30);
  },
};

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
