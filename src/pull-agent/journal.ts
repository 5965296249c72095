/**
 * What the agent must not forget across a crash or restart: the deployment it
 * is installing, its attempt and manifest, the steps as they stand, the log
 * not yet acknowledged by the server and a finish report not yet sent. Kept in
 * <work-dir>/.ringmaster-agent/journal.json (mode 0600: the manifest holds the
 * target's secret configuration), rewritten atomically after every change.
 *
 * A journal that cannot be read (truncated by a disk fault, edited by hand) is
 * moved aside and reported, never trusted: the server still knows the
 * deployment, and when it asks for it again (state running) the agent starts a
 * new attempt that skips what the server saw succeed.
 */
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Type from 'typebox';
import Value from 'typebox/value';
import { ManifestBody } from '../agents/agent-schemas.ts';
import type { FinishReport, LogReport, Manifest } from '../agents/agent-types.ts';
import { StepBody } from '../deployments/deployment-schemas.ts';
import type { DeploymentStep } from '../deployments/deployment-types.ts';
import { writeFileAtomic } from './atomic-file.ts';

export const STATE_DIR = '.ringmaster-agent';
const JOURNAL_FILE = 'journal.json';

export interface Journal {
  deployment: string;
  attempt: number;
  manifest: Manifest;
  steps: DeploymentStep[];
  /** The next log seq to number new text with (from the start answer, then counting up). */
  nextLogSeq: number;
  /** Numbered log chunks the server has not acknowledged yet: resent with the same seq. */
  unsentLog: LogReport[];
  /** Log text not numbered yet. */
  pendingLog: string;
  /** The finish report, once the install ended: sent before anything else after a restart. */
  finish: FinishReport | null;
}

const LogBody = Type.Object({ seq: Type.Integer({ minimum: 1 }), text: Type.String() });
const StepReportShape = Type.Object({
  component: Type.String(),
  state: Type.String(),
  phase: Type.Union([Type.Literal('deploy'), Type.Literal('verify'), Type.Null()]),
  exitCode: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});
const JournalBody = Type.Object({
  deployment: Type.String({ minLength: 1 }),
  attempt: Type.Integer({ minimum: 1 }),
  manifest: ManifestBody,
  steps: Type.Array(StepBody),
  nextLogSeq: Type.Integer({ minimum: 1 }),
  unsentLog: Type.Array(LogBody),
  pendingLog: Type.String(),
  finish: Type.Union([
    Type.Null(),
    Type.Object({
      attempt: Type.Integer({ minimum: 1 }),
      steps: Type.Array(StepReportShape),
      log: Type.Array(LogBody),
      state: Type.Union([Type.Literal('succeeded'), Type.Literal('failed')]),
      error: Type.Union([Type.String(), Type.Null()]),
      health: Type.Object({ state: Type.Union([Type.Literal('healthy'), Type.Literal('unhealthy'), Type.Literal('unknown')]), detail: Type.String() }),
    }),
  ]),
});

/** The journal as text, and back: parse answers null for anything that is not a whole, well-formed journal. */
export function serializeJournal(journal: Journal): string {
  return `${JSON.stringify(journal, null, 2)}\n`;
}

export function parseJournal(text: string): Journal | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return Value.Check(JournalBody, value) ? (value as Journal) : null;
}

export interface JournalRead {
  journal: Journal | null;
  /** Set when a journal was there but unreadable: it was moved to this path. */
  movedAside: string | null;
}

export interface JournalStore {
  readonly path: string;
  read(): Promise<JournalRead>;
  write(journal: Journal): Promise<void>;
  clear(): Promise<void>;
}

export function journalStore(workDir: string, now: () => Date = () => new Date()): JournalStore {
  const path = join(workDir, STATE_DIR, JOURNAL_FILE);
  return {
    path,
    async read() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { journal: null, movedAside: null };
        throw error;
      }
      const journal = parseJournal(text);
      if (journal !== null) return { journal, movedAside: null };
      const aside = join(workDir, STATE_DIR, `journal.corrupt-${now().toISOString().replace(/[:.]/g, '-')}.json`);
      await rename(path, aside);
      return { journal: null, movedAside: aside };
    },
    write: (journal) => writeFileAtomic(path, serializeJournal(journal)),
    clear: () => rm(path, { force: true }),
  };
}
