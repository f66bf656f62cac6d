import { useEffect, useState } from 'react';
import { i18n } from '#i18n';
import { useStorageItem } from '@/components/app/useStorageItem';
import { typingItem } from '@/lib/client/settings';

/**
 * "Giulia is typing…" while the customer's last typing signal holds. The background keeps the signals in
 * `typingItem`; a timer hides the line when the signal runs out unless a new one came. Mount it once per
 * conversation (a `key`), so the clock starts with the chat.
 */
export function TypingLine({
  conversationId,
  customerName,
}: {
  conversationId: string;
  customerName: string;
}) {
  const typing = useStorageItem(typingItem);
  const until = typing?.[conversationId];
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, Date.parse(until) - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [until]);
  const active = until !== undefined && Date.parse(until) > now;
  // The line keeps its height when empty, so the messages above do not jump as it comes and goes.
  return (
    <p className="typing-line" aria-live="polite">
      {active && <span data-testid="customer-typing">{i18n.t('chatExtras.typing', [customerName])}</span>}
    </p>
  );
}
