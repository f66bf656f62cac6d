import { useEffect, useRef, type KeyboardEvent } from 'react';
import { i18n } from '#i18n';
import { day, orderStatusLabel } from '@/components/workbench/format';
import type { Order } from '@/lib/protocol';
import './replies.css';

/**
 * The small choice before a saved reply that names an order goes in, when several of the customer's orders fit:
 * the likeliest first and focused, ↑/↓ to move, Enter or a click to insert with that order, Esc to go back.
 */
export function OrderChoice({
  choices,
  because,
  onChoose,
  onCancel,
}: {
  choices: Order[];
  because: 'named' | 'severalOrders';
  onChoose: (order: Order) => void;
  onCancel: () => void;
}) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector('button')?.focus();
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const buttons = [...(listRef.current?.querySelectorAll('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    if (step && buttons.length > 0) buttons[(at + step + buttons.length) % buttons.length]?.focus();
    else if (event.key === 'Escape') onCancel();
    else return;
    // Esc goes back to the reply box only; the chat stays open.
    event.preventDefault();
    event.stopPropagation();
  }

  return (
    <div
      className="reply-picker order-choice"
      data-testid="reply-order-choice"
      role="group"
      aria-labelledby="reply-order-choice-title"
      onKeyDown={onKeyDown}
    >
      <p id="reply-order-choice-title" className="order-choice-title">
        <strong>{i18n.t('replyOrder.title')}</strong>{' '}
        <span className="muted">
          {i18n.t(because === 'named' ? 'replyOrder.named' : 'replyOrder.several')}
        </span>
      </p>
      <ul ref={listRef} aria-label={i18n.t('replyOrder.label')}>
        {choices.map((order) => (
          <li key={order.id}>
            <button
              type="button"
              className="order-choice-option"
              data-testid="reply-order-option"
              data-order-number={order.number}
              onClick={() => onChoose(order)}
            >
              {i18n.t('replyOrder.option', [
                order.number,
                orderStatusLabel(order.status),
                day(order.placedAt),
              ])}
            </button>
          </li>
        ))}
      </ul>
      <p className="muted reply-picker-hint">{i18n.t('replyOrder.hint')}</p>
    </div>
  );
}
