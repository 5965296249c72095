/** How an agent run can end other than by being stopped. */

/** The server answered 401: the token was revoked or has expired. Exit code 3. */
export class AgentRefusedError extends Error {
  constructor() {
    super("the server refused this agent's token (revoked or expired): enrol again");
    this.name = 'AgentRefusedError';
  }
}

/** Something the agent cannot get past by waiting (a 403, a --once run that cannot reach the server). Exit code 1. */
export class AgentFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgentFailedError';
  }
}
