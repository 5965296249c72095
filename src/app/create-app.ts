import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { registerAgentRoutes } from '../agents/agent-routes.ts';
import { type AgentService, createAgentService } from '../agents/agent-service.ts';
import { createEnrolmentService } from '../agents/enrolment-service.ts';
import { installAuth, type RouteEntry } from '../auth/auth-hook.ts';
import { registerAuthRoutes } from '../auth/auth-routes.ts';
import { registerSessionRoutes, wantsSecureCookies } from '../auth/session-routes.ts';
import { createAuthenticator } from '../auth/authenticate.ts';
import { bootstrapAdmin } from '../auth/bootstrap-admin.ts';
import { registerBuildRoutes } from '../builds/build-routes.ts';
import { registerBundleRoutes } from '../bundles/bundle-routes.ts';
import { createBundleService } from '../bundles/bundle-service.ts';
import { loadSigningKey } from '../bundles/signing-key.ts';
import { createBuildService } from '../builds/build-service.ts';
import { createTokenService } from '../auth/token-service.ts';
import { createUserService } from '../auth/user-service.ts';
import { registerDeploymentRoutes } from '../deployments/deployment-routes.ts';
import { registerDeploymentLogStream } from '../deployments/deployment-log-stream.ts';
import { createDeploymentMetrics } from '../deployments/deployment-metrics.ts';
import { createDeploymentService } from '../deployments/deployment-service.ts';
import { createDeploymentWorker, type DeploymentWorker } from '../deployments/deployment-worker.ts';
import { createEventFeed } from '../events/event-feed.ts';
import { registerEventRoutes } from '../events/event-routes.ts';
import { registerFleetRoutes } from '../fleet/fleet-routes.ts';
import { createFleetService } from '../fleet/fleet-service.ts';
import { registerNotificationRoutes } from '../notifications/notification-routes.ts';
import { createNotificationService, type NotificationService } from '../notifications/notification-service.ts';
import { migrations } from '../migrations/index.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import { everySecond } from '../platform/every-second.ts';
import { ConfigError, type Config } from '../platform/config/config.ts';
import { loadSecretKey } from '../platform/config/secret-key.ts';
import { createSecretBox, type SecretBox } from '../platform/crypto/secret-box.ts';
import { type DatabaseHandle, openDatabase } from '../platform/db/database.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { createHttpServer, type HttpServer } from '../platform/http/http-server.ts';
import { createMetrics, instrumentRequests } from '../platform/http/metrics.ts';
import { createLogger } from '../platform/log/logger.ts';
import { registerOverviewRoutes } from '../overview/overview-routes.ts';
import { createOverviewService } from '../overview/overview-service.ts';
import { createProductService } from '../products/product-service.ts';
import { registerProductRoutes } from '../products/product-routes.ts';
import { registerNotesRoutes } from '../release-notes/notes-routes.ts';
import { createNotesService } from '../release-notes/notes-service.ts';
import { registerReleaseRoutes } from '../releases/release-routes.ts';
import { registerRunbookRoutes } from '../runbooks/runbook-routes.ts';
import { createRunbookService } from '../runbooks/runbook-service.ts';
import { createReleaseService } from '../releases/release-service.ts';
import { registerChecklistRoutes } from '../checklists/checklist-routes.ts';
import { createChecklistService } from '../checklists/checklist-service.ts';
import { registerVoteRoutes } from '../votes/vote-routes.ts';
import { createVoteService } from '../votes/vote-service.ts';
import { registerRolloutRoutes } from '../rollouts/rollout-routes.ts';
import { createRolloutService } from '../rollouts/rollout-service.ts';
import { registerTrainRoutes } from '../train/train-routes.ts';
import { createTrainService, type TrainService } from '../train/train-service.ts';
import type { Database } from './database-schema.ts';
import { registerDashboardRoutes } from './dashboard-routes.ts';
import { registerSystemRoutes } from './system-routes.ts';
import { VERSION } from './version.ts';


export interface App {
  http: HttpServer;
  database: DatabaseHandle<Database>;
  /** Set on the first start of an empty database only: print it once. */
  adminToken: string | null;
  /** Migrations this start applied (empty when the schema was current). */
  migrationsApplied: string[];
  /** Every route with its access rule. */
  routes: RouteEntry[];
  /** The release engine's loop on this server (rollouts, auto-promotion, push deployments). */
  worker: DeploymentWorker;
  /** Pull targets' agents: their polls and reports (tests run its upkeep by hand). */
  agents: AgentService;
  /** Announcements: events fanned out to notifiers and sent with retries (tests run its upkeep by hand). */
  notifications: NotificationService;
  /** The release train: due steps and window announcements (tests run its upkeep by hand). */
  train: TrainService;
  close(): Promise<void>;
}

export interface AppOptions {
  logger?: Logger;
  clock?: Clock;
  /** How often the worker looks for work unprompted (default 1 s). */
  workerTickMs?: number;
  /** Where deploy commands run (default: the process's working directory). */
  deployDir?: string;
  /** The built web dashboard (default: the package's web/dist). */
  webDir?: string;
  /** The train's and the notifications' upkeep run only when called (tests that count events or move the clock). */
  upkeepByHand?: boolean;
}

/** Where `npm install` (vite build) puts the dashboard. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** The one wiring place: configuration in, a ready server out. */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const box = createSecretBox(loadSecretKey(config));
  const database = openDatabase<Database>({
    databaseUrl: config.databaseUrl,
    sqliteFile: join(config.dataDir, 'ringmaster.db'),
    onPoolError: (error) => logger.warn({ err: error }, 'an idle database connection failed; it will be replaced'),
  });
  try {
    const { applied } = await migrateToLatest(database.db, database.dialect, migrations);
    await checkSecretKey(database, box);
    const adminToken = await bootstrapAdmin(database.db, clock);

    const users = createUserService(database.db, clock);
    const products = createProductService(database.db, clock, box);
    const metrics = createMetrics();
    const worker = createDeploymentWorker({
      db: database.db,
      clock,
      box,
      logger,
      concurrency: config.deployConcurrency,
      leaseMs: config.leaseSeconds * 1000,
      tickMs: options.workerTickMs ?? 1000,
      cwd: options.deployDir ?? config.deployDir,
      metrics: createDeploymentMetrics(metrics),
      baseEnv: process.env,
    });
    const onChange = () => worker.wake();
    const feed = createEventFeed(database.db, { pollMs: 500, logger });
    const builds = createBuildService(database.db, clock);
    const releases = createReleaseService(database.db, clock, { onChange });
    const rollouts = createRolloutService(database.db, clock, { onChange });
    const train = createTrainService({ db: database.db, clock, onChange });
    const signingKey = await loadSigningKey(database.db, box);
    const agents = createAgentService({
      db: database.db,
      clock,
      box,
      feed,
      logger,
      pollSeconds: config.agentPollSeconds,
      unreachableSeconds: config.agentUnreachableSeconds,
      onChange,
    });
    const tokens = createTokenService(database.db, clock, { productExists: products.exists, targetExists: products.targetExists });

    const http = await createHttpServer({ logger, bodyLimit: config.bodyLimit, version: VERSION });
    instrumentRequests(http, metrics);
    const routes = installAuth(http, createAuthenticator(database.db, clock));
    registerSystemRoutes(http, database, metrics, VERSION);
    registerAuthRoutes(http, users, tokens);
    registerSessionRoutes(http, users, tokens, { secureCookies: wantsSecureCookies(config.publicUrl) });
    registerEventRoutes(http, database.db, feed);
    registerProductRoutes(http, products);
    registerBuildRoutes(http, builds);
    registerReleaseRoutes(http, releases);
    registerNotesRoutes(http, createNotesService(database.db, clock));
    registerRunbookRoutes(http, createRunbookService(database.db, clock));
    registerChecklistRoutes(http, createChecklistService(database.db, clock, { onChange }));
    registerVoteRoutes(http, createVoteService(database.db, clock, { onChange }));
    registerRolloutRoutes(http, rollouts);
    registerTrainRoutes(http, train);
    registerDeploymentRoutes(http, createDeploymentService(database.db, clock));
    registerDeploymentLogStream(http, database.db);
    registerOverviewRoutes(http, createOverviewService(database.db));
    registerFleetRoutes(http, createFleetService(database.db, clock, { agentUnreachableSeconds: config.agentUnreachableSeconds }));
    registerAgentRoutes(http, agents, createEnrolmentService(database.db, clock), signingKey);
    registerBundleRoutes(http, createBundleService({ db: database.db, clock, box, key: signingKey, agents }));
    const notifications = createNotificationService({ db: database.db, clock, box, logger, smtp: config.smtp, publicUrl: config.publicUrl });
    await notifications.start();
    registerNotificationRoutes(http, notifications);
    registerDashboardRoutes(http, options.webDir ?? DEFAULT_WEB_DIR);
    await http.ready();
    worker.start();
    const upkeeps = [everySecond('agent upkeep', () => agents.upkeep(), logger)];
    if (!options.upkeepByHand) {
      upkeeps.push(everySecond('train upkeep', () => train.upkeep(), logger), everySecond('notification upkeep', () => notifications.upkeep(), logger));
    }

    return {
      http,
      database,
      adminToken,
      migrationsApplied: applied,
      routes,
      worker,
      agents,
      notifications,
      train,
      async close() {
        await Promise.all(upkeeps.map((u) => u.stop()));
        await notifications.close();
        agents.close();
        feed.close();
        await worker.stop();
        await http.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** A server started with another key could not read the stored secrets: refuse to start. */
async function checkSecretKey(database: DatabaseHandle<Database>, box: SecretBox): Promise<void> {
  await database.db.insertInto('meta').values({ key: 'secret_key_fingerprint', value: box.fingerprint }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await database.db.selectFrom('meta').select('value').where('key', '=', 'secret_key_fingerprint').executeTakeFirstOrThrow();
  if (row.value !== box.fingerprint) {
    throw new ConfigError('the secret key (RINGMASTER_SECRET_KEY or the data folder\'s secret.key) is not the one this database was created with');
  }
}
