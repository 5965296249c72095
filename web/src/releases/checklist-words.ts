/**
 * How far a checklist got, in words, for the release page. Pure and free of
 * value imports, so its unit test runs in Node as is.
 */
import type { ChecklistItem } from '../app/api.ts';

export interface ChecklistProgress {
  /** Required items, and how many of them are ticked: the gate waits on these. */
  required: number;
  requiredTicked: number;
  /** Every item, optional ones too. */
  total: number;
  ticked: number;
}

export function checklistProgress(items: readonly Pick<ChecklistItem, 'required' | 'tick'>[]): ChecklistProgress {
  const required = items.filter((i) => i.required);
  return {
    required: required.length,
    requiredTicked: required.filter((i) => i.tick !== null).length,
    total: items.length,
    ticked: items.filter((i) => i.tick !== null).length,
  };
}

/** "2 of 3 required ticked", "all 3 required ticked", "1 of 2 ticked (none required)", "no items". */
export function describeProgress(progress: ChecklistProgress): string {
  const { required, requiredTicked, total, ticked } = progress;
  if (total === 0) return 'no items';
  if (required === 0) return `${ticked} of ${total} ticked (none required)`;
  const main = requiredTicked === required ? `all ${required} required ticked` : `${requiredTicked} of ${required} required ticked`;
  const optional = total - required;
  const optionalTicked = ticked - requiredTicked;
  return optional === 0 ? main : `${main}, ${optionalTicked} of ${optional} optional`;
}

/** Why a holder cannot simply tick an item: it wants a link or a file. Null when a bare tick does. */
export function evidenceHint(item: Pick<ChecklistItem, 'evidence'>): string | null {
  return item.evidence === 'required' ? 'needs evidence: a link or a file' : null;
}

/** "size in KiB/MiB" for an attached file. */
export function describeSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
}
