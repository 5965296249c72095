import type { AgentTables } from '../agents/agent-types.ts';
import type { AuthTables } from '../auth/auth-types.ts';
import type { BuildTables } from '../builds/build-types.ts';
import type { ChecklistTables } from '../checklists/checklist-types.ts';
import type { DeploymentTables } from '../deployments/deployment-types.ts';
import type { EventTables } from '../events/event-types.ts';
import type { NotificationTables } from '../notifications/notification-types.ts';
import type { ProductTables } from '../products/product-tables.ts';
import type { ReleaseDocumentTables } from '../release-notes/release-document-types.ts';
import type { ReleaseTables } from '../releases/release-types.ts';
import type { RolloutTables } from '../rollouts/rollout-types.ts';
import type { TrainTables } from '../train/train-types.ts';
import type { VoteTables } from '../votes/vote-types.ts';

export interface MetaTable {
  key: string;
  value: string;
}

/** Every table, composed from the domain folders that own them. */
export interface Database extends EventTables, AuthTables, ProductTables, BuildTables, ReleaseTables, RolloutTables, DeploymentTables, AgentTables,
  ChecklistTables, VoteTables, ReleaseDocumentTables, TrainTables, NotificationTables {
  meta: MetaTable;
}
