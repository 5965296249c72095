import type { VersionedMigration } from '../platform/db/migrate.ts';
import { foundation } from './2026-11-23-001-foundation.ts';
import { releaseEngine } from './2026-11-23-002-release-engine.ts';
import { tokenPurpose } from './2026-11-23-003-token-purpose.ts';
import { dashboardIndexes } from './2026-11-23-004-dashboard-indexes.ts';
import { pullAgents } from './2026-11-23-005-pull-agents.ts';
import { peopleInTheLoop } from './2026-12-04-006-people-in-the-loop.ts';

/** Every migration, by name; names sort in the order they run. Never edit a merged one. */
export const migrations: Record<string, VersionedMigration> = {
  '2026-11-23-001-foundation': foundation,
  '2026-11-23-002-release-engine': releaseEngine,
  '2026-11-23-003-token-purpose': tokenPurpose,
  '2026-11-23-004-dashboard-indexes': dashboardIndexes,
  '2026-11-23-005-pull-agents': pullAgents,
  '2026-12-04-006-people-in-the-loop': peopleInTheLoop,
};
