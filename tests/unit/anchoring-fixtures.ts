// Helpers the anchoring unit tests share.
import { buildTextIndex } from '@/utils/anchoring';
import type { Selectors } from '@/utils/anchoring';

/** Range over `needle` inside the element `id`; throws when the fixture is missing. */
export function rangeIn(id: string, needle: string): Range {
  const el = document.getElementById(id);
  if (!el) throw new Error(`fixture paragraph missing: ${id}`);
  const local = buildTextIndex(el);
  const at = local.text.indexOf(needle);
  if (at < 0) throw new Error(`fixture text missing: ${needle}`);
  return local.toRange(at, at + needle.length)!;
}

/**
 * Selectors as stored without the raw-text hint (imported annotations, or any page where
 * one hint fails): the text index decides every placement.
 */
export function withoutHint(sel: Selectors): Selectors {
  const copy = { ...sel };
  delete copy.rawStart;
  return copy;
}
