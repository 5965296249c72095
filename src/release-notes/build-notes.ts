/**
 * The release notes as data, without I/O: the changed components with their
 * old → new versions, the changes grouped by kind (breaking ones apart, to be
 * called out first), and who contributed. A commit that several components
 * carry (one repository, several components) is listed once, naming them all.
 */
import type { ComponentChange } from './collect-changes.ts';
import { type ParsedChange, parseCommit } from './parse-commits.ts';

/** A listed commit as parseCommit read it, without the author's email: the notes name people, not addresses. */
export interface NoteEntry extends Omit<ParsedChange, 'kind' | 'email'> {
  /** The components whose builds carry the commit, in deployment order. */
  components: string[];
}

export interface ReleaseNotesModel {
  product: string;
  version: string;
  /** The product's description. */
  description: string;
  /** The release's state when the notes were made. */
  state: string;
  /** The release before it in `ring`, or null when none reached it. */
  against: string | null;
  /** Null only for a product without rings. */
  ring: string | null;
  /** Components whose version moved (or that are new), in deployment order. */
  components: { name: string; from: string | null; to: string }[];
  unchanged: { name: string; version: string }[];
  breaking: NoteEntry[];
  features: NoteEntry[];
  fixes: NoteEntry[];
  /** perf, refactor, docs, chore, … and messages that are not conventional commits. */
  other: NoteEntry[];
  /** Unique author names, sorted. */
  contributors: string[];
  /** Commits past the limit, counted but not listed. */
  omitted: number;
}

export interface NotesInput {
  product: { name: string; description: string };
  release: { version: string; state: string };
  ring: string | null;
  against: string | null;
  changes: readonly ComponentChange[];
}

/** Enough for any real release; a bound on the work and the size of a page of notes. */
export const MAX_LISTED_COMMITS = 5000;

export function buildNotes(input: NotesInput): ReleaseNotesModel {
  const entries = new Map<string, NoteEntry & { kind: ParsedChange['kind'] }>();
  let omitted = 0;
  for (const change of input.changes) {
    for (const commit of change.commits) {
      const known = entries.get(commit.sha);
      if (known) {
        if (!known.components.includes(change.component)) known.components.push(change.component);
        continue;
      }
      if (entries.size >= MAX_LISTED_COMMITS) {
        omitted++;
        continue;
      }
      const { email: _email, ...parsed } = parseCommit(commit);
      entries.set(commit.sha, { ...parsed, components: [change.component] });
    }
  }
  const all = [...entries.values()];
  const strip = ({ kind: _kind, ...entry }: NoteEntry & { kind: string }): NoteEntry => entry;
  const ofKind = (kind: ParsedChange['kind']) => all.filter((e) => e.breaking === null && e.kind === kind).map(strip);
  const names = new Set(all.map((e) => e.author.trim()).filter((name) => name !== ''));
  return {
    product: input.product.name,
    version: input.release.version,
    description: input.product.description,
    state: input.release.state,
    against: input.against,
    ring: input.ring,
    components: input.changes.filter((c) => c.from !== c.to).map((c) => ({ name: c.component, from: c.from, to: c.to })),
    unchanged: input.changes.filter((c) => c.from === c.to).map((c) => ({ name: c.component, version: c.to })),
    breaking: all.filter((e) => e.breaking !== null).map(strip),
    features: ofKind('feat'),
    fixes: ofKind('fix'),
    other: [...ofKind('perf'), ...ofKind('other')],
    contributors: [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }) || (a < b ? -1 : a > b ? 1 : 0)),
    omitted,
  };
}
