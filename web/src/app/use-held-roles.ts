import { useQuery } from '@tanstack/react-query';
import { heldRoles } from '../../../src/votes/role-rules.ts';
import { api } from './api.ts';
import { keys } from './query-keys.ts';
import { useMe } from './session.ts';

/** `user:carol` → carol; null when the session is not a person's (a CI token). */
export function useSignedInPerson(): string | null {
  const { data: me } = useMe();
  return me?.actor.startsWith('user:') ? me.actor.slice('user:'.length) : null;
}

/**
 * Which of some roles the signed-in person holds for a product: the rule the
 * server applies to votes and ticks (named in the product file, or the user's
 * own role). Empty until the product's roles are read.
 */
export function useHeldRoles(product: string): (candidates: readonly string[]) => string[] {
  const { data: me } = useMe();
  const user = useSignedInPerson();
  const roles = useQuery({
    queryKey: keys.productRoles(product),
    queryFn: async () => (await api.getProduct(product)).roles,
    enabled: user !== null,
    // Refreshed when the product file is applied (live-events.tsx), not by every release event.
    staleTime: Infinity,
  });
  return (candidates) => (user === null || !roles.data ? [] : heldRoles(roles.data, user, me?.role ?? null, candidates));
}
