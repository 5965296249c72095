import { useMe } from './session.ts';

/** `user:carol` → carol; null when the session is not a person's (a CI token). */
export function useSignedInPerson(): string | null {
  const { data: me } = useMe();
  return me?.actor.startsWith('user:') ? me.actor.slice('user:'.length) : null;
}
