import type { Logger } from 'pino';
import type { EventFeed } from '../events/event-feed.ts';
import type { EventRecord } from '../events/event-types.ts';
import { UnauthenticatedError } from '../platform/errors/errors.ts';
import type { DesiredState } from './agent-types.ts';
import type { DesiredReader } from './desired-reader.ts';

/** Who is waiting: an agent's long poll, answered when its target's revision changes. */
export interface Waiter {
  productId: string;
  product: string;
  target: string;
  tokenId: string;
  version: string | null;
  hostname: string | null;
  /** The state the agent has (its revision is current). */
  state: DesiredState;
  answer(state: DesiredState): void;
  fail(error: Error): void;
}

export interface DesiredHubOptions extends DesiredReader {
  feed: EventFeed;
  logger: Logger;
  /** The newest event's id, where the hub's subscription to the feed starts. */
  latestEventId(): Promise<number>;
}

export interface DesiredHub {
  /**
   * Holds `waiter` until its revision changes, `ms` pass, or the server stops.
   * `seenBefore` is cursor() from before its state was computed: an event that
   * arrived in between is looked at again.
   */
  hold(waiter: Waiter, ms: number, signal: AbortSignal, seenBefore: number): void;
  /** The id of the last event the hub has seen. */
  cursor(): number;
  /** The agents waiting now, to count them as in contact. */
  waiting(): Iterable<Waiter>;
  close(): void;
}

const SWEEP_MS = 5000;

/** Events that may change what other targets of the product should do; the rest concern one target. */
function concernsProduct(type: string): boolean {
  return type === 'product.applied' || type === 'deployment.skipped' || /^(rollout|release|rollback)\./.test(type);
}

/**
 * Long polls of thousands of agents cost almost nothing while idle: a waiting
 * poll is an entry in a map, and the one event feed of the server says when
 * to look again. A product-wide change is checked with one query for all its
 * waiting targets; only those whose revision moved are answered.
 */
export function createDesiredHub(options: DesiredHubOptions): DesiredHub {
  const products = new Map<string, Map<string, Set<Waiter>>>();
  const productNames = new Map<string, string>();
  const dirtyProducts = new Set<string>();
  const dirtyTargets = new Map<string, Set<string>>();
  let refreshing: Promise<void> | null = null;
  let closed = false;
  let seen = 0;

  function remove(waiter: Waiter): void {
    const targets = products.get(waiter.productId);
    const set = targets?.get(waiter.target);
    set?.delete(waiter);
    if (set?.size === 0) targets!.delete(waiter.target);
    if (targets?.size === 0) products.delete(waiter.productId);
  }

  function settle(waiter: Waiter, state: DesiredState): void {
    remove(waiter);
    waiter.answer(state);
  }

  async function refreshTarget(productId: string, target: string): Promise<void> {
    const waiters = products.get(productId)?.get(target);
    if (!waiters || waiters.size === 0) return;
    const first = waiters.values().next().value!;
    const state = await options.compute(productId, first.product, target);
    for (const waiter of [...waiters]) if (waiter.state.revision !== state.revision) settle(waiter, state);
  }

  async function refreshProduct(productId: string): Promise<void> {
    const targets = products.get(productId);
    if (!targets || targets.size === 0) return;
    const revisions = await options.revisions(productId, [...targets.keys()]);
    const moved = [...targets.entries()].filter(([target, set]) => [...set].some((w) => w.state.revision !== (revisions.get(target) ?? 'idle'))).map(([target]) => target);
    if (moved.length === 0) return;
    const product = productNames.get(productId)!;
    // In slices, so the first agents are answered while the rest are read.
    for (let i = 0; i < moved.length; i += 500) {
      const states = await options.computeMany(productId, product, moved.slice(i, i + 500));
      for (const [target, state] of states) {
        for (const waiter of [...(products.get(productId)?.get(target) ?? [])]) if (waiter.state.revision !== state.revision) settle(waiter, state);
      }
    }
  }

  async function refresh(): Promise<void> {
    while (!closed && (dirtyProducts.size > 0 || dirtyTargets.size > 0)) {
      const productIds = [...dirtyProducts];
      dirtyProducts.clear();
      const targets = [...dirtyTargets].filter(([productId]) => !productIds.includes(productId));
      dirtyTargets.clear();
      for (const productId of productIds) await refreshProduct(productId);
      for (const [productId, names] of targets) for (const target of names) await refreshTarget(productId, target);
    }
  }

  function kick(): void {
    if (refreshing || closed) return;
    refreshing = refresh()
      .catch((error: unknown) => options.logger.warn({ err: error }, 'could not refresh the desired state of waiting agents; they ask again at their next poll'))
      .finally(() => {
        refreshing = null;
        if (dirtyProducts.size > 0 || dirtyTargets.size > 0) kick();
      });
  }

  function onEvents(events: EventRecord[]): void {
    seen = Math.max(seen, events.at(-1)?.id ?? 0);
    for (const event of events) {
      if (event.type === 'token.revoked') {
        for (const waiter of [...waiting()]) {
          if (waiter.tokenId === event.data['token']) {
            remove(waiter);
            waiter.fail(new UnauthenticatedError('the token is invalid, expired or revoked'));
          }
        }
        continue;
      }
      const product = event.data['product'];
      if (typeof product !== 'string') continue;
      for (const [productId, name] of productNames) {
        if (name !== product || !products.has(productId)) continue;
        if (concernsProduct(event.type)) dirtyProducts.add(productId);
        else if (typeof event.data['target'] === 'string' && products.get(productId)!.has(event.data['target'])) {
          dirtyTargets.set(productId, (dirtyTargets.get(productId) ?? new Set()).add(event.data['target']));
        }
      }
    }
    kick();
  }

  function* waiting(): Iterable<Waiter> {
    for (const targets of products.values()) for (const set of targets.values()) yield* set;
  }

  let unsubscribe: (() => void) | null = null;
  let started = false;
  // On PostgreSQL an event can commit after a later one was read, and the feed
  // passes over it: every few seconds each product with parked polls is looked
  // at anyway, so a missed event delays an answer by seconds, not a poll interval.
  const sweep = setInterval(() => {
    for (const productId of products.keys()) dirtyProducts.add(productId);
    kick();
  }, SWEEP_MS);
  sweep.unref();
  const unregisterClose = options.feed.onClose(() => close());

  function close(): void {
    if (closed) return;
    closed = true;
    clearInterval(sweep);
    unsubscribe?.();
    unregisterClose();
    for (const waiter of [...waiting()]) settle(waiter, waiter.state);
  }

  return {
    hold(waiter, ms, signal, seenBefore) {
      if (closed) return waiter.answer(waiter.state);
      if (!started) {
        started = true;
        void options
          .latestEventId()
          .then((after) => {
            seen = Math.max(seen, after);
            if (!closed) unsubscribe = options.feed.subscribe(after, onEvents);
          })
          .catch((error: unknown) => {
            started = false;
            options.logger.warn({ err: error }, 'agents could not follow the event feed; their polls wait their whole time');
          });
      }
      productNames.set(waiter.productId, waiter.product);
      const targets = products.get(waiter.productId) ?? new Map<string, Set<Waiter>>();
      products.set(waiter.productId, targets);
      targets.set(waiter.target, (targets.get(waiter.target) ?? new Set()).add(waiter));

      const holdUntil = waiter.state.deployment?.holdUntil;
      const opensIn = holdUntil && holdUntil !== 'never' ? Date.parse(holdUntil) - Date.now() : Infinity;
      const timer = setTimeout(() => {
        // A maintenance window opening is a change nobody writes an event for: look again then.
        if (opensIn <= ms) void refreshTarget(waiter.productId, waiter.target).finally(() => settle(waiter, waiter.state));
        else settle(waiter, waiter.state);
      }, Math.max(0, Math.min(ms, opensIn + 50)));
      timer.unref();
      const answer = waiter.answer;
      waiter.answer = (state) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        answer(state);
      };
      const fail = waiter.fail;
      waiter.fail = (error) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        fail(error);
      };
      // Answered, so the request's promise settles; the answer goes nowhere.
      const onAbort = () => settle(waiter, waiter.state);
      signal.addEventListener('abort', onAbort);
      if (seen > seenBefore) {
        dirtyTargets.set(waiter.productId, (dirtyTargets.get(waiter.productId) ?? new Set()).add(waiter.target));
        kick();
      }
    },
    cursor: () => seen,
    waiting,
    close,
  };
}
