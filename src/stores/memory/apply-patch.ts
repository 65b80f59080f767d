import { clone } from './clone';

/** Copies a patch onto a stored record; a key given as `undefined` clears the field, as $unset would. */
export function applyPatch<T extends object>(target: T, patch: Partial<T>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete (target as Record<string, unknown>)[key];
    else (target as Record<string, unknown>)[key] = clone(value);
  }
}
