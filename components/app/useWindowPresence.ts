import { useEffect } from 'react';
import { askBackground } from '@/lib/client/messaging';

const PRESENCE_MS = 10_000;

/**
 * Tells the background that a chat window is open, every few seconds while it is: this is what makes the
 * member available for auto-assignment, and it wakes a stopped service worker.
 */
export function useWindowPresence(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const windowId = crypto.randomUUID();
    const say = () => void askBackground({ type: 'windowOpen', windowId });
    say();
    const timer = setInterval(say, PRESENCE_MS);
    const closed = () => void askBackground({ type: 'windowClosed', windowId });
    window.addEventListener('pagehide', closed);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', closed);
      closed();
    };
  }, [enabled]);
}
