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
      const app = await createApp(config);
      const address = await app.http.listen({ host: config.host, port: config.port });
      const url = config.publicUrl ?? address;
      const out = process.stdout;
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
