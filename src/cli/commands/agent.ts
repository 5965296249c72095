/**
 * `ringmaster agent`: the agent of a pull target. It only dials out: it
 * long-polls the server for the target's desired release and installs it in
 * its work folder, or (--offline-bundle) installs a signed bundle carried to
 * an air-gapped site and writes a signed result file.
 *
 * Exit codes: 0 stopped or done, 1 failed, 2 bad flags or configuration,
 * 3 the server refused the token (revoked or expired).
 */
import type { Command } from 'commander';
import { AGENT_VERSION_HEADER } from '../../agents/agent-schemas.ts';
import { VERSION } from '../../app/version.ts';
import { createApiClient } from '../../client/api-client.ts';
import { AgentConfigError, type AgentFlags, type OnlineSettings } from '../../pull-agent/agent-config.ts';
import { AgentFailedError, AgentRefusedError } from '../../pull-agent/agent-errors.ts';
import { runAgentLoop } from '../../pull-agent/agent-loop.ts';
import { enrol } from '../../pull-agent/enrol.ts';
import { journalStore } from '../../pull-agent/journal.ts';
import { loadSettings } from '../../pull-agent/load-settings.ts';
import { CliError, UsageError } from '../cli-errors.ts';
import type { CliContext } from '../cli-io.ts';
import { printable } from '../output/printable.ts';

class TokenRefusedError extends CliError {
  override readonly exitCode: number = 3;
}

export function registerAgent(program: Command, context: CliContext): void {
  program
    .command('agent')
    .description('run the agent of a pull target: polls the server and installs what it asks for (or installs an offline bundle)')
    .option('--server <url>', 'the Ringmaster server (saved by --enrol)')
    .option('--token <token>', "the agent's token (RINGMASTER_AGENT_TOKEN; saved by --enrol)")
    .option('--work-dir <dir>', 'where commands run and the agent keeps its state (default: the current folder)')
    .option('--config <file>', 'a JSON file with server, token, workDir, serverKey')
    .option('--enrol <code>', 'exchange a one-time enrolment code for a token, saved in <work-dir>/agent.json')
    .option('--poll-seconds <n>', 'how long one poll waits for a change (default 30)')
    .option('--max-backoff <seconds>', 'longest wait between retries while the server is unreachable (default 60)')
    .option('--once', 'handle what is desired now, then exit')
    .option('--offline-bundle <file>', 'install a signed release bundle without a server (air-gapped sites)')
    .option('--result <file>', 'with --offline-bundle: where the signed result goes (default <bundle>.result.json)')
    .option('--server-key <file>', "with --offline-bundle: the server's public key (default: the one saved at enrolment)")
    .action((flags: AgentFlags) => runAgentCommand(context, flags));
}

async function runAgentCommand(context: CliContext, flags: AgentFlags): Promise<void> {
  const { io } = context;
  const note = (line: string) => void io.stdout.write(`${new Date().toISOString()} ${printable(line)}\n`);
  let settings;
  try {
    settings = await loadSettings(flags, io.env, io.cwd);
  } catch (error) {
    if (error instanceof AgentConfigError) throw new UsageError(error.message);
    throw error;
  }

  const stop = new AbortController();
  const onSignal = (signal: string) => {
    if (!stop.signal.aborted) note(`${signal}: stopping`);
    stop.abort();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    if (settings.mode === 'offline') {
      // Loaded only here: the bundle format (tar, signatures) is no business of an online agent.
      const { runOfflineBundle } = await import('../../pull-agent/offline-install.ts');
      await runOfflineBundle({ ...settings, baseEnv: io.env, note, signal: stop.signal });
      return;
    }
    let online: OnlineSettings;
    if (settings.mode === 'enrol') {
      const { code, mode: _mode, ...rest } = settings;
      const { saved, path } = await enrol(client(settings.server, undefined, io.fetch), settings.server, code, settings.workDir);
      note(`enrolled as target ${saved.target} of ${saved.product}; saved in ${path}`);
      online = { ...rest, mode: 'online', token: saved.token, serverKey: saved.serverKey };
    } else {
      online = settings;
    }
    note(`agent ${VERSION} polling ${online.server} (work folder ${online.workDir})`);
    await runAgentLoop({
      client: client(online.server, online.token, io.fetch),
      store: journalStore(online.workDir),
      workDir: online.workDir,
      pollSeconds: online.pollSeconds,
      maxBackoffSeconds: online.maxBackoffSeconds,
      once: online.once,
      baseEnv: io.env,
      note,
      signal: stop.signal,
    });
    note(stop.signal.aborted ? 'stopped' : 'done');
  } catch (error) {
    if (error instanceof AgentRefusedError) throw new TokenRefusedError(error.message);
    if (error instanceof AgentFailedError) throw new CliError(error.message);
    throw error;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

function client(server: string, token: string | undefined, fetch: typeof globalThis.fetch | undefined) {
  return createApiClient({ baseUrl: server, token, headers: { [AGENT_VERSION_HEADER]: VERSION }, ...(fetch ? { fetch } : {}) });
}
