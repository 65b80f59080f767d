/**
 * Counts 字 the way a reader does: one per Unicode code point, so 微 and a Latin letter count
 * one each and an emoji is not two. NFC first, so an accent typed as a combining mark does not
 * count twice; surrounding spaces are left out, as the WeCom form trims them.
 */
export function countCharacters(text: string): number {
  return [...text.normalize('NFC').trim()].length;
}
