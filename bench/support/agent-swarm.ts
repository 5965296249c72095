/**
 * Simulated pull agents in one process, each a real HTTP client with its own
 * keep-alive connection, speaking the agent protocol as `ringmaster agent`
 * does: long-poll the desired state, start, finish. Installing is instant:
 * the benchmark measures the server. Talks to its parent over IPC:
 * { ready } once every agent has had its first answer, { done: n } as agents
 * report success. It starts on { start: options } and stops on { stop }.
 */
import http from 'node:http';

interface Options {
  base: string;
  tokens: string[];
  waitSeconds: number;
}

let options: Options;
let url: URL;
let stopping = false;
let ready = 0;
let done = 0;
let errors = 0;

function request(agent: http.Agent, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent,
        headers: { authorization: `Bearer ${token}`, 'x-ringmaster-agent-version': 'swarm', ...(payload ? { 'content-type': 'application/json' } : {}) },
        timeout: (options.waitSeconds + 30) * 1000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(payload);
  });
}

async function agentLoop(token: string): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let revision: string | undefined;
  let first = true;
  while (!stopping) {
    try {
      const query = revision === undefined ? `wait=${options.waitSeconds}` : `wait=${options.waitSeconds}&revision=${encodeURIComponent(revision)}`;
      const polled = await request(agent, token, 'GET', `/api/agent/desired?${query}`);
      if (polled.status !== 200) throw new Error(`desired answered ${polled.status}`);
      if (first) {
        first = false;
        if (++ready === options.tokens.length) process.send!({ ready: true });
      }
      revision = polled.json.revision;
      const deployment = polled.json.deployment;
      if (!deployment || deployment.holdUntil !== null || stopping) continue;
      const started = await request(agent, token, 'POST', `/api/agent/deployments/${deployment.id}/start`, {});
      if (started.status !== 200) throw new Error(`start answered ${started.status}`);
      const at = new Date().toISOString();
      const steps = started.json.steps.map((s: { component: string }) => ({ component: s.component, state: 'succeeded', phase: 'deploy', exitCode: 0, error: null, startedAt: at, finishedAt: at }));
      const finished = await request(agent, token, 'POST', `/api/agent/deployments/${deployment.id}/finish`, {
        attempt: started.json.attempt,
        steps,
        log: [{ seq: started.json.nextLogSeq, text: `installed ${deployment.version}\n` }],
        state: 'succeeded',
        error: null,
        health: { state: 'healthy', detail: 'simulated' },
      });
      if (finished.status !== 200) throw new Error(`finish answered ${finished.status}`);
      done++;
      revision = undefined;
    } catch {
      errors++;
      if (!stopping) await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000));
    }
  }
  agent.destroy();
}

process.on('message', (message: { start?: Options; stop?: boolean }) => {
  if (message.start) {
    options = message.start;
    url = new URL(options.base);
    setInterval(() => process.send!({ done, errors }), 250).unref();
    for (const token of options.tokens) void agentLoop(token);
  }
  if (message.stop) {
    stopping = true;
    process.send!({ done, errors });
    setTimeout(() => process.exit(0), 100);
  }
});
