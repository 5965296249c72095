import { principalOf } from '../auth/auth-hook.ts';
import type { HttpServer } from '../platform/http/http-server.ts';
import { ERROR_RESPONSES } from '../platform/http/schema-helpers.ts';
import type { SigningKey } from '../bundles/signing-key.ts';
import {
  AGENT_VERSION_HEADER,
  AgentDeploymentParams,
  DesiredQuery,
  DesiredStateBody,
  EnrolAnswerBody,
  EnrolBody,
  EnrolmentCodeBody,
  EnrolmentCodeParams,
  FinishReportBody,
  NewEnrolmentCodeBody,
  ProgressReportBody,
  ReportAnswerBody,
  ServerKeyBody,
  StartAnswerBody,
} from './agent-schemas.ts';
import type { AgentService } from './agent-service.ts';
import type { EnrolmentService } from './enrolment-service.ts';

const TAGS = ['agents'];

/** The agent protocol: what pull targets poll for and report to, and how their agents enrol. */
export function registerAgentRoutes(app: HttpServer, agents: AgentService, enrolment: EnrolmentService, key: SigningKey): void {
  app.post('/api/products/:product/targets/:target/enrolment-codes', {
    config: { access: 'tokens:manage' },
    schema: { tags: TAGS, summary: 'A one-time code the agent of a pull target trades for its own token', params: EnrolmentCodeParams, body: NewEnrolmentCodeBody, response: { 201: EnrolmentCodeBody, ...ERROR_RESPONSES } },
  }, async (request, reply) => {
    const created = await enrolment.createCode(principalOf(request), request.params.product, request.params.target, request.body.expiresInSeconds);
    return reply.status(201).send(created);
  });

  app.post('/api/agent/enrol', {
    config: { access: 'credentials' },
    schema: { tags: TAGS, summary: "Trades an enrolment code for the agent's token (no token needed)", body: EnrolBody, response: { 201: EnrolAnswerBody, ...ERROR_RESPONSES } },
  }, async (request, reply) => reply.status(201).send(await enrolment.enrol(request.body.code, request.body.hostname, key.publicKeyPem)));

  app.get('/api/agent/server-key', {
    config: { access: 'authenticated' },
    schema: { tags: TAGS, summary: 'The public key that signs offline bundles', response: { 200: ServerKeyBody, ...ERROR_RESPONSES } },
  }, async () => ({ publicKey: key.publicKeyPem, fingerprint: key.fingerprint }));

  app.get('/api/agent/desired', {
    config: { access: 'agent:report' },
    schema: {
      tags: TAGS,
      summary: "The agent's target's desired state; with revision= and wait=, answers when it changes (long poll)",
      querystring: DesiredQuery,
      response: { 200: DesiredStateBody, ...ERROR_RESPONSES },
    },
  }, async (request, reply) => {
    // The response closes early only when the agent went away: its parked poll is let go.
    const closed = new AbortController();
    reply.raw.once('close', () => closed.abort());
    const version = request.headers[AGENT_VERSION_HEADER]?.toString().slice(0, 64) ?? null;
    return agents.desired(principalOf(request), request.query, { version, hostname: null }, closed.signal);
  });

  app.post('/api/agent/deployments/:id/start', {
    config: { access: 'agent:report' },
    schema: { tags: TAGS, summary: 'Claims a desired deployment for this agent: a new attempt', params: AgentDeploymentParams, response: { 200: StartAnswerBody, ...ERROR_RESPONSES } },
  }, async (request) => agents.start(principalOf(request), request.params.id));

  app.post('/api/agent/deployments/:id/progress', {
    config: { access: 'agent:report' },
    schema: { tags: TAGS, summary: 'Steps and log of a running deployment; 409 means stop', params: AgentDeploymentParams, body: ProgressReportBody, response: { 200: ReportAnswerBody, ...ERROR_RESPONSES } },
  }, async (request) => agents.progress(principalOf(request), request.params.id, request.body));

  app.post('/api/agent/deployments/:id/finish', {
    config: { access: 'agent:report' },
    schema: { tags: TAGS, summary: 'The end of a deployment, with its steps, last log and the health of what it installed', params: AgentDeploymentParams, body: FinishReportBody, response: { 200: ReportAnswerBody, ...ERROR_RESPONSES } },
  }, async (request) => agents.finish(principalOf(request), request.params.id, request.body));
}
