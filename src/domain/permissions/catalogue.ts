import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, ValidationError } from '../../shared/errors';
import { CARD_LIMITS } from '../card-limits';

const entrySchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be snake_case'),
  // A name is a card row's value: within WeCom's limit, or the start is refused with the entry named.
  name: z.string().min(1).max(CARD_LIMITS.value),
  nameEn: z.string().min(1).max(CARD_LIMITS.value),
  purpose: z.string().min(1),
  purposeEn: z.string().min(1),
  /** A harmless read-only call that needs the permission (a CorpApi.probe name). */
  probe: z.string().min(1).optional(),
  /**
   * The names agent/get_permissions lists once it is granted (e.g. contact:sensitive:mobile), only
   * where WeCom documents them: without a probe or these, only support can confirm it.
   */
  wecomNames: z.array(z.string().min(1)).min(1).optional(),
});

const catalogueSchema = z
  .array(entrySchema)
  .min(1)
  // An entry may repeat itself (id 'wedrive', nameEn 'WeDrive'); two entries may not share a name.
  .refine((list) => unique(list.flatMap((p) => [...new Set([p.id, p.name, p.nameEn].map(fold))])), {
    message: 'ids and names must be unique',
  });

/** One custom permission (自定义权限) as admins read it: what it is and, in plain words, what it is for. */
export type PermissionInfo = z.infer<typeof entrySchema>;
export type Catalogue = readonly PermissionInfo[];

const DEFAULT_FILE = path.join(__dirname, '..', '..', '..', 'config', 'permissions.json');

export function loadCatalogue(file = DEFAULT_FILE): Catalogue {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError('permissions.json', `cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = catalogueSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`permissions.json[${issue.path.join('.')}]`, issue.message);
  }
  return Object.freeze(parsed.data.map((p) => Object.freeze(p)));
}

/**
 * Each entry's probe must be one the WeCom client can make: a typo then stops the start with the
 * entry named, instead of failing the first approval that needs it.
 */
export function checkProbes(catalogue: Catalogue, knownProbes: readonly string[]): void {
  catalogue.forEach((p, i) => {
    if (p.probe !== undefined && !knownProbes.includes(p.probe)) {
      throw new ConfigError(
        `permissions.json[${i}].probe`,
        `unknown probe "${p.probe}"; known: ${knownProbes.join(', ') || 'none'}`,
      );
    }
  });
}

/** The catalogue ids whose every WeCom name agent/get_permissions lists. */
export function grantedIds(catalogue: Catalogue, appPermissions: readonly string[]): string[] {
  return catalogue.filter((p) => p.wecomNames?.every((n) => appPermissions.includes(n))).map((p) => p.id);
}

/**
 * Turns what support staff typed (ids, Chinese or English names) into catalogue ids, in catalogue
 * order and without repeats, so two requests for the same set compare equal.
 */
export function resolvePermissions(catalogue: Catalogue, names: unknown): string[] {
  if (!Array.isArray(names) || names.length === 0) {
    throw new ValidationError(
      'permissions',
      'required',
      `permissions: 至少一项权限 / a non-empty array of permission ids or names. ${known(catalogue)}`,
    );
  }
  const byName = new Map(catalogue.flatMap((p) => [p.id, p.name, p.nameEn].map((n) => [fold(n), p.id])));
  const wanted = new Set<string>();
  const unknown: string[] = [];
  for (const name of names) {
    const id = typeof name === 'string' ? byName.get(fold(name)) : undefined;
    if (id) wanted.add(id);
    else unknown.push(typeof name === 'string' ? name : JSON.stringify(name));
  }
  if (unknown.length > 0) {
    throw new ValidationError(
      'permissions',
      'unknown_permission',
      `未知权限 / unknown permission: ${unknown.join(', ')}. ${known(catalogue)}`,
    );
  }
  return catalogue.filter((p) => wanted.has(p.id)).map((p) => p.id);
}

/** "客户联系、日程" (or the English names) for the given ids; unknown ids are shown as they are. */
export function permissionNames(
  catalogue: Catalogue,
  ids: readonly string[],
  lang: 'zh' | 'en' = 'zh',
): string {
  if (ids.length === 0) return lang === 'zh' ? '无' : 'none';
  const names = ids.map((id) => {
    const p = catalogue.find((c) => c.id === id);
    return p ? (lang === 'zh' ? p.name : p.nameEn) : id;
  });
  return names.join(lang === 'zh' ? '、' : ', ');
}

function known(catalogue: Catalogue): string {
  return `可选 / known: ${catalogue.map((p) => `${p.id} (${p.name} / ${p.nameEn})`).join(', ')}`;
}

function fold(s: string): string {
  return s.trim().toLowerCase();
}

function unique(values: string[]): boolean {
  return new Set(values).size === values.length;
}
