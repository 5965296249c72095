import { createApiClient } from '../../../src/client/api-client.ts';

/**
 * The one client the pages use: the same typed client as the CLI, signed in by
 * the httpOnly session cookie (scripts never see the token).
 */
export const api = createApiClient({ baseUrl: window.location.origin, browser: true });

export { ApiConnectionError, ApiError } from '../../../src/client/api-error.ts';
export type * from '../../../src/client/api-types.ts';
