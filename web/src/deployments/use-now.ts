import { useEffect, useState } from 'react';

/**
 * The current time, re-read every second while `ticking` (something runs and
 * shows its elapsed time). Only re-renders: it makes no requests.
 */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    // At once too: the time kept while nothing ran is stale.
    const first = setTimeout(() => setNow(Date.now()), 0);
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [ticking]);
  return now;
}
