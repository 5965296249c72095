import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Permission } from '../../../src/auth/roles.ts';
import { api, type Me } from './api.ts';
import { keys } from './query-keys.ts';

/** Who is signed in; `null` when nobody is or the session ended. */
export const meQuery = queryOptions({
  queryKey: keys.me,
  queryFn: (): Promise<Me | null> => api.currentSession(),
  staleTime: Infinity,
});

export function useMe() {
  return useQuery(meQuery);
}

/**
 * Whether the signed-in user may do something. Pages offer only the actions
 * this allows; the API refuses the rest anyway.
 */
export function useCan(): (permission: Permission) => boolean {
  const { data: me } = useMe();
  return (permission) => me?.permissions.includes(permission) ?? false;
}
