/**
 * A typed client for the Ringmaster HTTP API, shared by the CLI, the web app
 * and the agent. It uses only `fetch` and URL handling, so it runs in browsers
 * as well as in Node: no node-only imports here.
 */
import { ApiConnectionError, ApiError } from './api-error.ts';
import type {
  OfflineImport,
  AgentDesired,
  AgentFinish,
  AgentProgress,
  AgentStart,
  ApplyOutcome,
  CastVote,
  ChecklistItemAnswer,
  ChecklistRing,
  ReleaseNotes,
  Runbook,
  TickRequest,
  VoteRing,
  ApplyRequest,
  EnrolAnswer,
  EnrolmentCode,
  ServerKey,
  Approval,
  Build,
  BuildFilter,
  CreateRelease,
  CreateReleaseOutcome,
  Deployment,
  DeploymentFilter,
  DeploymentPage,
  FleetFilter,
  FleetPage,
  TrainStatus,
  LogPage,
  Overview,
  OverviewFilter,
  Promotion,
  Release,
  ReleaseDetail,
  ReleaseFilter,
  RingCheck,
  SessionRequest,
  RollbackOutcome,
  RollbackRequest,
  Rollout,
  EventFilter,
  EventPage,
  Health,
  IssuedToken,
  LoginOptions,
  Me,
  NewToken,
  NewUser,
  Product,
  ProductSummary,
  RegisterBuild,
  RegisterBuildOutcome,
  Ring,
  TargetFilter,
  TargetPage,
  Token,
  User,
  Delivery,
  DeliveryFilter,
  NotifierStatus,
} from './api-types.ts';

export interface ApiClientOptions {
  /** Where the server is, like `https://ringmaster.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** A Ringmaster token (`rm_…`); routes other than health and sign-in need one. */
  token?: string | undefined;
  /** Defaults to the global `fetch`; tests and other runtimes pass their own. */
  fetch?: typeof fetch;
  /**
   * A browser signed in with the session cookie: sends the cookie and the
   * X-Ringmaster-Client header the server asks of cookie writes (CSRF guard).
   */
  browser?: boolean;
  /** Sent with every request, e.g. the agent's version header. */
  headers?: Record<string, string>;
}

/** For long polls and shutdown: a call given a signal is abandoned when it fires. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
}

export interface ApiClient {
  /** The server's address as given, for messages. */
  readonly baseUrl: string;
  health(): Promise<Health>;
  /** Exchanges a user name and password for a personal token (needs no token). */
  login(user: string, password: string, options?: LoginOptions): Promise<IssuedToken>;
  me(): Promise<Me>;
  /** Who this browser's session cookie belongs to; null when it has none (asks without a 401). */
  currentSession(): Promise<Me | null>;
  /** Signs a browser in (user and password, or a personal token); the session becomes an httpOnly cookie. */
  startSession(credentials: SessionRequest): Promise<Me>;
  /** Signs a browser out: ends a password session and clears the cookie. */
  endSession(): Promise<void>;
  listUsers(): Promise<User[]>;
  createUser(user: NewUser): Promise<User>;
  listTokens(): Promise<Token[]>;
  createToken(token: NewToken): Promise<IssuedToken>;
  revokeToken(idOrName: string): Promise<Token>;
  listEvents(filter?: EventFilter): Promise<EventPage>;
  applyProduct(request: ApplyRequest): Promise<ApplyOutcome>;
  listProducts(): Promise<ProductSummary[]>;
  getProduct(name: string): Promise<Product>;
  listRings(product: string): Promise<Ring[]>;
  listTargets(product: string, filter?: TargetFilter): Promise<TargetPage>;
  registerBuild(product: string, build: RegisterBuild): Promise<RegisterBuildOutcome>;
  listBuilds(product: string, filter?: BuildFilter): Promise<Build[]>;
  getBuild(product: string, component: string, version: string): Promise<Build>;
  createRelease(product: string, release: CreateRelease): Promise<CreateReleaseOutcome>;
  listReleases(product: string, filter?: ReleaseFilter): Promise<Release[]>;
  getRelease(product: string, version: string): Promise<ReleaseDetail>;
  checkRing(product: string, version: string, ring: string): Promise<RingCheck>;
  markCandidate(product: string, version: string): Promise<Release>;
  withdrawRelease(product: string, version: string, reason?: string): Promise<Release>;
  rejectRelease(product: string, version: string, reason: string): Promise<Release>;
  approveRelease(product: string, version: string, ring: string, comment?: string): Promise<Approval>;
  promote(product: string, version: string, ring: string): Promise<Promotion>;
  listRollouts(product: string, version: string): Promise<Rollout[]>;
  getRollout(id: string): Promise<Rollout>;
  rollback(product: string, request: RollbackRequest): Promise<RollbackOutcome>;
  listDeployments(product: string, version: string, filter?: DeploymentFilter): Promise<DeploymentPage>;
  getDeployment(id: string): Promise<Deployment>;
  deploymentLog(id: string, after?: number): Promise<LogPage>;
  overview(product: string, filter?: OverviewFilter): Promise<Overview>;
  fleet(product: string, filter?: FleetFilter): Promise<FleetPage>;
  train(product: string): Promise<TrainStatus>;
  /** A one-time code an agent exchanges for its own token (pull targets). */
  createEnrolmentCode(product: string, target: string, expiresInSeconds?: number): Promise<EnrolmentCode>;
  /** The public key that signs offline bundles. */
  serverKey(): Promise<ServerKey>;
  /** Agents: exchanges an enrolment code for the agent's token (needs no token). */
  enrol(code: string, hostname?: string): Promise<EnrolAnswer>;
  /** Agents: the target's desired state; with a revision and wait, answers when it changes or after wait seconds. */
  desiredState(query: { revision?: string | undefined; wait?: number | undefined }, options?: CallOptions): Promise<AgentDesired>;
  startDeployment(id: string, options?: CallOptions): Promise<AgentStart>;
  reportProgress(id: string, report: AgentProgress, options?: CallOptions): Promise<{ state: string }>;
  finishDeployment(id: string, report: AgentFinish, options?: CallOptions): Promise<{ state: string }>;
  /** A signed offline bundle (gzip'd tar) of a release for a pull target; it holds the target's secrets in plain text. */
  exportBundle(product: string, version: string, target: string): Promise<Uint8Array>;
  /** Records a result file written by `ringmaster agent --offline-bundle`. */
  importOfflineReport(file: unknown): Promise<OfflineImport>;
  /** Whether email is on, and the notifiers of every product (or one) with their deliveries. */
  notifiers(product?: string): Promise<NotifierStatus>;
  /** Deliveries of events to notifiers, newest first. */
  listDeliveries(filter?: DeliveryFilter): Promise<Delivery[]>;
  /** A failed (or waiting) delivery tried again from now, with a fresh round of attempts. */
  retryDelivery(id: string): Promise<Delivery>;
  /** The release's checklists, per ring with a checklist gate (or only `ring`). */
  listChecklists(product: string, version: string, ring?: string): Promise<ChecklistRing[]>;
  /** Ticks an item of a role the caller holds; ticking again replaces the tick. */
  tickItem(product: string, version: string, ring: string, role: string, item: string, tick?: TickRequest): Promise<ChecklistItemAnswer>;
  untickItem(product: string, version: string, ring: string, role: string, item: string): Promise<ChecklistItemAnswer>;
  /** Where an evidence file of a tick is downloaded from (a path under the base URL). */
  evidencePath(product: string, version: string, fileId: string): string;
  /** The Go/No-Go of each ring with a vote gate. */
  listVotes(product: string, version: string): Promise<VoteRing[]>;
  openVote(product: string, version: string, ring: string, closesAt?: string): Promise<VoteRing>;
  castVote(product: string, version: string, ring: string, ballot: CastVote): Promise<VoteRing>;
  releaseNotes(product: string, version: string, ring?: string): Promise<ReleaseNotes>;
  editReleaseNotes(product: string, version: string, markdown: string): Promise<ReleaseNotes>;
  /** Back to the generated notes. */
  resetReleaseNotes(product: string, version: string): Promise<ReleaseNotes>;
  /** The runbook; environment changes told against the release before it in `ring` (default: the train ring, else the last). */
  runbook(product: string, version: string, ring?: string): Promise<Runbook>;
  /** Sets the runbook's release-specific steps; empty Markdown removes them. */
  editRunbook(product: string, version: string, markdown: string): Promise<Runbook>;
}

type Query = Record<string, string | number | boolean | undefined>;

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Query;
  body?: unknown;
  /** Sign-in sends a password instead of a token. */
  anonymous?: boolean;
  signal?: AbortSignal | undefined;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const shown = displayUrl(base);
  // Looked up per call, not captured: a test or polyfill may replace the global later.
  const doFetch = (input: string, init: RequestInit) => (options.fetch ?? globalThis.fetch)(input, init);

  /** Sends a call; a failed answer (not 2xx) becomes an ApiError from its JSON error body. */
  async function send(call: Call, accept: string): Promise<Response> {
    const headers: Record<string, string> = { ...options.headers, accept };
    if (options.token && !call.anonymous) headers['authorization'] = `Bearer ${options.token}`;
    if (options.browser) headers['x-ringmaster-client'] = 'web';
    // Only with a body: the server refuses an empty body that claims to be JSON.
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    const url = base + call.path + queryString(call.query);

    let response: Response;
    try {
      response = await doFetch(url, {
        method: call.method,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        ...(options.browser ? { credentials: 'same-origin' as const } : {}),
        ...(call.signal ? { signal: call.signal } : {}),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      throw new ApiConnectionError(shown, networkReason(error), { cause: error });
    }
    if (!response.ok) throw errorFrom(response, parseJson(await response.text()), shown);
    return response;
  }

  async function request<T>(call: Call): Promise<T> {
    const response = await send(call, 'application/json');
    const json = parseJson(await response.text());
    if (json === undefined) {
      throw new ApiError(response.status, 'invalid_response', `the answer from ${shown}${call.path} is not JSON: is this a Ringmaster server?`);
    }
    return json as T;
  }

  /** For answers that are files, not JSON (offline bundles); errors are still JSON. */
  async function requestBytes(call: Call, accept: string): Promise<Uint8Array> {
    const response = await send(call, `${accept}, application/json`);
    return new Uint8Array(await response.arrayBuffer());
  }

  const product = (name: string) => `/api/products/${encodeURIComponent(name)}`;
  const release = (name: string, version: string) => `${product(name)}/releases/${encodeURIComponent(version)}`;
  const checklistItem = (name: string, version: string, ring: string, role: string, item: string) =>
    `${release(name, version)}/checklists/${encodeURIComponent(ring)}/${encodeURIComponent(role)}/${encodeURIComponent(item)}`;

  return {
    baseUrl: base,
    health: () => request<Health>({ method: 'GET', path: '/healthz', anonymous: true }),
    login: (user, password, loginOptions = {}) =>
      request<IssuedToken>({ method: 'POST', path: '/api/auth/login', body: { ...loginOptions, user, password }, anonymous: true }),
    me: () => request<Me>({ method: 'GET', path: '/api/me' }),
    currentSession: async () => (await request<{ session: Me | null }>({ method: 'GET', path: '/api/auth/session', anonymous: true })).session,
    startSession: (credentials) => request<Me>({ method: 'POST', path: '/api/auth/session', body: credentials, anonymous: true }),
    endSession: async () => {
      await request<unknown>({ method: 'DELETE', path: '/api/auth/session' });
    },
    listUsers: async () => (await request<{ users: User[] }>({ method: 'GET', path: '/api/users' })).users,
    createUser: (user) => request<User>({ method: 'POST', path: '/api/users', body: user }),
    listTokens: async () => (await request<{ tokens: Token[] }>({ method: 'GET', path: '/api/tokens' })).tokens,
    createToken: (token) => request<IssuedToken>({ method: 'POST', path: '/api/tokens', body: token }),
    revokeToken: (idOrName) => request<Token>({ method: 'DELETE', path: `/api/tokens/${encodeURIComponent(idOrName)}` }),
    listEvents: (filter = {}) => request<EventPage>({ method: 'GET', path: '/api/events', query: { ...filter } }),
    applyProduct: (apply) => request<ApplyOutcome>({ method: 'POST', path: '/api/products/apply', body: apply }),
    listProducts: async () => (await request<{ products: ProductSummary[] }>({ method: 'GET', path: '/api/products' })).products,
    getProduct: (name) => request<Product>({ method: 'GET', path: product(name) }),
    listRings: async (name) => (await request<{ rings: Ring[] }>({ method: 'GET', path: `${product(name)}/rings` })).rings,
    listTargets: (name, filter = {}) => request<TargetPage>({ method: 'GET', path: `${product(name)}/targets`, query: { ...filter } }),
    registerBuild: (name, build) => request<RegisterBuildOutcome>({ method: 'POST', path: `${product(name)}/builds`, body: build }),
    listBuilds: async (name, filter = {}) => (await request<{ builds: Build[] }>({ method: 'GET', path: `${product(name)}/builds`, query: { ...filter } })).builds,
    getBuild: (name, component, version) =>
      request<Build>({ method: 'GET', path: `${product(name)}/builds/${encodeURIComponent(component)}/${encodeURIComponent(version)}` }),
    createRelease: (name, body) => request<CreateReleaseOutcome>({ method: 'POST', path: `${product(name)}/releases`, body }),
    listReleases: async (name, filter = {}) => (await request<{ releases: Release[] }>({ method: 'GET', path: `${product(name)}/releases`, query: { ...filter } })).releases,
    getRelease: (name, version) => request<ReleaseDetail>({ method: 'GET', path: release(name, version) }),
    checkRing: (name, version, ring) => request<RingCheck>({ method: 'GET', path: `${release(name, version)}/gates`, query: { ring } }),
    markCandidate: (name, version) => request<Release>({ method: 'POST', path: `${release(name, version)}/candidate` }),
    withdrawRelease: (name, version, reason) => request<Release>({ method: 'POST', path: `${release(name, version)}/withdraw`, body: reason === undefined ? {} : { reason } }),
    rejectRelease: (name, version, reason) => request<Release>({ method: 'POST', path: `${release(name, version)}/reject`, body: { reason } }),
    approveRelease: (name, version, ring, comment) => request<Approval>({ method: 'POST', path: `${release(name, version)}/approvals`, body: { ring, comment } }),
    promote: (name, version, ring) => request<Promotion>({ method: 'POST', path: `${release(name, version)}/promote`, body: { ring } }),
    listRollouts: async (name, version) => (await request<{ rollouts: Rollout[] }>({ method: 'GET', path: `${release(name, version)}/rollouts` })).rollouts,
    getRollout: (id) => request<Rollout>({ method: 'GET', path: `/api/rollouts/${encodeURIComponent(id)}` }),
    rollback: (name, body) => request<RollbackOutcome>({ method: 'POST', path: `${product(name)}/rollback`, body }),
    listDeployments: (name, version, filter = {}) => request<DeploymentPage>({ method: 'GET', path: `${release(name, version)}/deployments`, query: { ...filter } }),
    getDeployment: (id) => request<Deployment>({ method: 'GET', path: `/api/deployments/${encodeURIComponent(id)}` }),
    deploymentLog: (id, after) => request<LogPage>({ method: 'GET', path: `/api/deployments/${encodeURIComponent(id)}/log`, query: { after } }),
    overview: (name, filter = {}) => request<Overview>({ method: 'GET', path: `${product(name)}/overview`, query: { ...filter } }),
    fleet: (name, filter = {}) => request<FleetPage>({ method: 'GET', path: `${product(name)}/fleet`, query: { ...filter } }),
    train: (name) => request<TrainStatus>({ method: 'GET', path: `${product(name)}/train` }),
    createEnrolmentCode: (name, target, expiresInSeconds) =>
      request<EnrolmentCode>({ method: 'POST', path: `${product(name)}/targets/${encodeURIComponent(target)}/enrolment-codes`, body: expiresInSeconds === undefined ? {} : { expiresInSeconds } }),
    serverKey: () => request<ServerKey>({ method: 'GET', path: '/api/agent/server-key' }),
    enrol: (code, hostname) => request<EnrolAnswer>({ method: 'POST', path: '/api/agent/enrol', body: hostname === undefined ? { code } : { code, hostname }, anonymous: true }),
    desiredState: (query, callOptions = {}) => request<AgentDesired>({ method: 'GET', path: '/api/agent/desired', query: { ...query }, signal: callOptions.signal }),
    startDeployment: (id, callOptions = {}) => request<AgentStart>({ method: 'POST', path: `/api/agent/deployments/${encodeURIComponent(id)}/start`, body: {}, signal: callOptions.signal }),
    reportProgress: (id, report, callOptions = {}) =>
      request<{ state: string }>({ method: 'POST', path: `/api/agent/deployments/${encodeURIComponent(id)}/progress`, body: report, signal: callOptions.signal }),
    finishDeployment: (id, report, callOptions = {}) =>
      request<{ state: string }>({ method: 'POST', path: `/api/agent/deployments/${encodeURIComponent(id)}/finish`, body: report, signal: callOptions.signal }),
    exportBundle: (name, version, target) => requestBytes({ method: 'POST', path: `${release(name, version)}/bundle`, body: { target } }, 'application/gzip'),
    importOfflineReport: (file) => request<OfflineImport>({ method: 'POST', path: '/api/offline-reports', body: file }),
    notifiers: (name) => request<NotifierStatus>({ method: 'GET', path: '/api/notifiers', query: { product: name } }),
    listDeliveries: async (filter = {}) => (await request<{ deliveries: Delivery[] }>({ method: 'GET', path: '/api/deliveries', query: { ...filter } })).deliveries,
    retryDelivery: (id) => request<Delivery>({ method: 'POST', path: `/api/deliveries/${encodeURIComponent(id)}/retry` }),
    listChecklists: async (name, version, ring) => (await request<{ rings: ChecklistRing[] }>({ method: 'GET', path: `${release(name, version)}/checklists`, query: { ring } })).rings,
    tickItem: (name, version, ring, role, item, tick = {}) => request<ChecklistItemAnswer>({ method: 'PUT', path: checklistItem(name, version, ring, role, item), body: tick }),
    untickItem: (name, version, ring, role, item) => request<ChecklistItemAnswer>({ method: 'DELETE', path: checklistItem(name, version, ring, role, item) }),
    evidencePath: (name, version, fileId) => `${release(name, version)}/evidence/${encodeURIComponent(fileId)}`,
    listVotes: async (name, version) => (await request<{ rings: VoteRing[] }>({ method: 'GET', path: `${release(name, version)}/votes` })).rings,
    openVote: (name, version, ring, closesAt) =>
      request<VoteRing>({ method: 'POST', path: `${release(name, version)}/votes/${encodeURIComponent(ring)}/open`, body: closesAt === undefined ? {} : { closesAt } }),
    castVote: (name, version, ring, ballot) => request<VoteRing>({ method: 'POST', path: `${release(name, version)}/votes/${encodeURIComponent(ring)}`, body: ballot }),
    releaseNotes: (name, version, ring) => request<ReleaseNotes>({ method: 'GET', path: `${release(name, version)}/notes`, query: { ring } }),
    editReleaseNotes: (name, version, markdown) => request<ReleaseNotes>({ method: 'PUT', path: `${release(name, version)}/notes`, body: { markdown } }),
    resetReleaseNotes: (name, version) => request<ReleaseNotes>({ method: 'DELETE', path: `${release(name, version)}/notes` }),
    runbook: (name, version, ring) => request<Runbook>({ method: 'GET', path: `${release(name, version)}/runbook`, query: { ring } }),
    editRunbook: (name, version, markdown) => request<Runbook>({ method: 'PUT', path: `${release(name, version)}/runbook`, body: { markdown } }),
  };
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The server's error body when there is one; otherwise what a proxy or wrong address answered. */
function errorFrom(response: Response, json: unknown, shown: string): ApiError {
  const error = (json as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    const details = Array.isArray(error.details) ? (error.details.filter((d) => typeof d === 'object' && d !== null) as Record<string, unknown>[]) : [];
    return new ApiError(response.status, error.code, error.message, details);
  }
  const reason = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return new ApiError(response.status, `http_${response.status}`, `${shown} answered ${reason} without a Ringmaster error: is this a Ringmaster server?`);
}

/** Node's fetch hides the reason (ECONNREFUSED, ENOTFOUND, …) in `cause`; browsers give only a message. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string' && cause.message !== '') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** The address without any user:password part, safe to print. */
function displayUrl(base: string): string {
  try {
    const url = new URL(base);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return base;
  }
}
