import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, type LogPage } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';

export type LogChunk = LogPage['chunks'][number];

/** loading: reading what is written; live: following the stream; done: the whole log is here. */
export type LogStatus = 'loading' | 'live' | 'reconnecting' | 'done' | 'error';

/** The log route's default page size: a shorter page is the end of what is written so far. */
const PAGE = 200;
/** No more log comes after these: a skipped deployment's agent runs it later, when it calls in again. */
const FINISHED = new Set(['succeeded', 'failed', 'cancelled', 'skipped']);

/**
 * A deployment's log: the chunks already written (paged through the API), then
 * the new ones live from GET /api/deployments/:id/log/stream until its `end`
 * event, when the deployment itself is refreshed. Mount it once per id (key it
 * by the id): its state starts empty.
 */
export function useDeploymentLog(id: string): { chunks: LogChunk[]; status: LogStatus; error: unknown } {
  const queryClient = useQueryClient();
  const [chunks, setChunks] = useState<LogChunk[]>([]);
  const [status, setStatus] = useState<LogStatus>('loading');
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    let source: EventSource | null = null;
    let last = 0;
    // The stream resumes from Last-Event-ID after a reconnect; this guard keeps a chunk from showing twice anyway.
    const append = (more: LogChunk[]) => {
      const fresh = more.filter((c) => c.seq > last);
      if (fresh.length === 0) return;
      last = fresh[fresh.length - 1]!.seq;
      setChunks((shown) => [...shown, ...fresh]);
    };
    const fail = (reason: unknown) => {
      setError(reason);
      setStatus('error');
    };

    const follow = () => {
      source = new EventSource(`/api/deployments/${encodeURIComponent(id)}/log/stream?after=${last}`);
      source.onopen = () => setStatus('live');
      source.onmessage = (message: MessageEvent<string>) => {
        try {
          append([JSON.parse(message.data) as LogChunk]);
        } catch {
          // Not a chunk: nothing to show.
        }
      };
      source.addEventListener('end', () => {
        source?.close();
        setStatus('done');
        void queryClient.invalidateQueries({ queryKey: keys.deployment(id) });
      });
      source.onerror = () => {
        // CLOSED: the server refused the stream; CONNECTING: the browser retries by itself.
        if (source?.readyState === EventSource.CLOSED) fail(new Error('The live log stopped. Reload the page to follow it again.'));
        else setStatus('reconnecting');
      };
    };

    void (async () => {
      try {
        for (;;) {
          const page = await api.deploymentLog(id, last);
          if (cancelled) return;
          append(page.chunks);
          if (page.chunks.length < PAGE) {
            if (FINISHED.has(page.state)) setStatus('done');
            else follow();
            return;
          }
        }
      } catch (reason) {
        if (!cancelled) fail(reason);
      }
    })();

    return () => {
      cancelled = true;
      source?.close();
    };
  }, [id, queryClient]);

  return { chunks, status, error };
}
