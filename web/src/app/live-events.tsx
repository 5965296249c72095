import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import type { Event } from './api.ts';
import { keys } from './query-keys.ts';

/** How the page stands with the server's event stream. */
export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'off';

type Listener = (event: Event) => void;

interface LiveEvents {
  state: LiveState;
  /** Calls `listener` with every event as it arrives; answers the function that stops it. */
  subscribe(listener: Listener): () => void;
}

const LiveEventsContext = createContext<LiveEvents>({ state: 'off', subscribe: () => () => {} });

/** Events arrive in bursts (a wave of deployments): views refresh at most this often. */
const REFRESH_MS = 250;

/**
 * One EventSource per signed-in page on GET /api/events/stream. Every event refreshes
 * the views of its product (query keys under ['product', name]); the browser
 * reconnects by itself and resumes from the last event id it saw, so nothing
 * is missed and nothing polls.
 */
export function LiveEventsProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    const source = new EventSource('/api/events/stream');
    const dirty = new Set<string>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      for (const key of dirty) void queryClient.invalidateQueries({ queryKey: JSON.parse(key) as unknown[] });
      dirty.clear();
    };
    source.onopen = () => setState('live');
    source.onerror = () => {
      // CLOSED: the server refused the stream (the session ended); CONNECTING: it retries by itself.
      if (source.readyState === EventSource.CLOSED) {
        setState('off');
        void queryClient.invalidateQueries({ queryKey: keys.me });
      } else {
        setState('reconnecting');
      }
    };
    source.onmessage = (message: MessageEvent<string>) => {
      let event: Event;
      try {
        event = JSON.parse(message.data) as Event;
      } catch {
        return;
      }
      for (const key of keysAffectedBy(event)) dirty.add(JSON.stringify(key));
      timer ??= setTimeout(flush, REFRESH_MS);
      for (const listener of listeners.current) listener(event);
    };
    return () => {
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [queryClient]);

  const value = useMemo<LiveEvents>(
    () => ({
      state,
      subscribe(listener) {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [state],
  );
  return <LiveEventsContext.Provider value={value}>{children}</LiveEventsContext.Provider>;
}

export function useLiveState(): LiveState {
  return useContext(LiveEventsContext).state;
}

/** Runs `listener` for each live event while the component is shown. */
export function useLiveEvents(listener: Listener): void {
  const { subscribe } = useContext(LiveEventsContext);
  const onEvent = useEffectEvent(listener);
  useEffect(() => subscribe((event) => onEvent(event)), [subscribe]);
}

/** Subjects of these kinds name their product second: release/<product>/<version>, train/<product>, notifier/<product>/<name>, … */
const PRODUCT_SUBJECTS = new Set(['release', 'build', 'product', 'target', 'train', 'ring', 'notifier']);

function keysAffectedBy(event: Event): (readonly unknown[])[] {
  const [kind, product] = event.subject.split('/');
  const affected: (readonly unknown[])[] = [];
  if (product && kind && PRODUCT_SUBJECTS.has(kind)) affected.push(keys.product(product));
  if (kind === 'product') affected.push(keys.products);
  if (event.type.startsWith('deployment.')) affected.push(['deployment']);
  if (kind === 'user' || kind === 'token') affected.push(keys.me);
  return affected;
}
