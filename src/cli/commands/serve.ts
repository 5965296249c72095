import type { Command } from 'commander';
import { createApp } from '../../app/create-app.ts';
import { ConfigError, loadConfig } from '../../platform/config/config.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the Ringmaster server (SQLite in ./data unless a PostgreSQL URL is given)')
    .option('--host <host>', 'address to listen on (RINGMASTER_HOST)', undefined)
    .option('--port <port>', 'port to listen on (RINGMASTER_PORT, default 8080)')
    .option('--data-dir <dir>', 'folder for the SQLite database and the secret key (RINGMASTER_DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL URL (DATABASE_URL); without it the embedded SQLite is used')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (RINGMASTER_LOG_LEVEL)')
    .option('--public-url <url>', 'the URL people reach the server at (RINGMASTER_PUBLIC_URL)')
    .action(async (flags: Record<string, string | undefined>) => {
      let config;
      try {
        config = loadConfig(process.env, flags);
      } catch (error) {
        if (error instanceof ConfigError) {
          process.stderr.write(`ringmaster: ${error.message}\n`);
          process.exit(2);
        }
        throw error;
      }
      let app;
      try {
        app = await createApp(config);
      } catch (error) {
        process.stderr.write(`ringmaster: cannot start: ${startFailure(error)}\n`);
        process.exit(1);
      }
      const out = process.stdout;
      let url: string;
      try {
        const address = await app.http.listen({ host: config.host, port: config.port });
        url = config.publicUrl ?? address;
      } catch (error) {
        process.stderr.write(`ringmaster: cannot listen on ${config.host}:${config.port}: ${startFailure(error)}\n`);
        // The admin token exists now; losing it would lock the admin out.
        if (app.adminToken) out.write(`The admin token created on this first start (shown once): ${app.adminToken}\n`);
        await app.close();
        process.exit(1);
      }
      out.write(`\nRingmaster ${app.database.dialect === 'sqlite' ? 'on SQLite' : 'on PostgreSQL'} (${app.database.describe}) is running at ${url}\n`);
      if (app.adminToken) {
        out.write(`\nFirst start: created user 'admin'. Its token is shown this once; keep it safe:\n\n  ${app.adminToken}\n\n`);
        out.write(`Try:  curl -H "Authorization: Bearer <token>" ${url}/api/me\n`);
        out.write(`Or:   export RINGMASTER_SERVER=${url} RINGMASTER_TOKEN=<token>; npx ringmaster get products\n\n`);
      }
      const stop = async (signal: string) => {
        app.http.log.info({ signal }, 'shutting down');
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}

/** A start-up failure in one line; database URLs in driver messages are not echoed. */
function startFailure(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  const e = error as { code?: string; message?: string };
  return [e.code, e.message].filter(Boolean).join(' ') || String(error);
}
