import { useEffect, useState } from 'react';

/** The current time, re-rendering the caller every intervalMs (live countdowns and "ago" labels). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
