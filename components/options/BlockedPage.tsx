import { Ban, Search } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { listBlockedCustomers, unblockCustomer } from '@/lib/client/api-blocked';
import { matchesTerms, searchTerms } from '@/lib/domain/search';
import type { BlockedCustomer } from '@/lib/protocol';
import './options-blocked.css';
import { ConfirmBox } from './ConfirmBox';

/** A day and a time without seconds, in the browser's language ("7 dic 2026, 21:24"). */
function when(iso: string): string {
  return new Intl.DateTimeFormat(navigator.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** Whether a blocked customer matches what was typed: their name, a handle, a shop or the reason. */
function matches(c: BlockedCustomer, terms: string[]): boolean {
  const text = [
    c.displayName,
    ...c.handles.map((h) => h.handle),
    ...c.shops.map((s) => s.name),
    c.reason ?? '',
  ];
  return matchesTerms(text.join(' '), terms);
}

/**
 * The blocked customers of the workspace (product §11), for managers and above: who, on which channels and
 * shops, who blocked them, when and why, and Unblock (asked once more).
 */
export function BlockedPage() {
  const { api } = useSession();
  const [customers, setCustomers] = useState<BlockedCustomer[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [asking, setAsking] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);

  const load = useCallback(
    () =>
      listBlockedCustomers(api).then(
        (list) => {
          setError(null);
          setCustomers(list);
        },
        (e: Error) => setError(e.message),
      ),
    [api],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const unblock = (c: BlockedCustomer) => {
    setAsking(null);
    unblockCustomer(api, c.customerId).then(
      () => {
        setRowError(null);
        setDone(i18n.t('blocked.page.unblocked', [c.displayName]));
        setCustomers((list) => list?.filter((x) => x.customerId !== c.customerId) ?? null);
      },
      (e: Error) => setRowError({ id: c.customerId, message: e.message }),
    );
  };

  const terms = searchTerms(query);
  const shown = customers?.filter((c) => terms.length === 0 || matches(c, terms)) ?? [];
  return (
    <div className="blocked-page">
      <p className="muted">{i18n.t('blocked.page.intro')}</p>
      <p role="status" className="blocked-done" data-testid="blocked-done">
        {done}
      </p>
      {error && (
        <div className="error" role="alert">
          {i18n.t('blocked.page.failed', [error])}{' '}
          <button type="button" className="secondary" onClick={() => void load()}>
            {i18n.t('blocked.page.retry')}
          </button>
        </div>
      )}
      {customers === null && !error && <div className="loading" aria-busy="true" />}
      {customers !== null && customers.length === 0 && (
        <p className="muted" data-testid="blocked-empty">
          {i18n.t('blocked.page.empty')}
        </p>
      )}
      {customers !== null && customers.length > 0 && (
        <>
          <label className="blocked-search">
            <Search size={16} aria-hidden="true" />
            <input
              type="search"
              data-testid="blocked-search"
              aria-label={i18n.t('blocked.page.filter')}
              placeholder={i18n.t('blocked.page.filter')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
            />
          </label>
          {shown.length === 0 && <p className="muted">{i18n.t('blocked.page.noMatch')}</p>}
          <ul className="blocked-list" data-testid="blocked-list">
            {shown.map((c) => (
              <li key={c.customerId} data-testid="blocked-customer" data-customer-id={c.customerId}>
                <div className="blocked-head">
                  <Ban size={16} aria-hidden="true" className="blocked-icon" />
                  <strong className="blocked-name" title={c.displayName}>
                    {c.displayName}
                  </strong>
                  <span className="muted blocked-count">{i18n.t('blocked.page.chats', c.conversations)}</span>
                </div>
                <ul className="blocked-handles">
                  {c.handles.map((h) => (
                    <li key={`${h.channel}:${h.handle}`}>
                      <span className="muted">{i18n.t(`inboxTools.channels.${h.channel}`)}:</span> {h.handle}
                    </li>
                  ))}
                </ul>
                {c.shops.length > 0 && (
                  <p className="blocked-shops">{c.shops.map((s) => s.name).join(', ')}</p>
                )}
                <p className="muted">
                  {c.blockedAt &&
                    (c.blockedBy
                      ? i18n.t('blocked.page.blockedBy', [c.blockedBy.nickname, when(c.blockedAt)])
                      : i18n.t('blocked.page.blockedOn', [when(c.blockedAt)]))}
                </p>
                <p className="blocked-reason" data-testid="blocked-reason">
                  {c.reason ? (
                    i18n.t('blocked.page.reason', [c.reason])
                  ) : (
                    <span className="muted">{i18n.t('blocked.page.noReason')}</span>
                  )}
                </p>
                {c.lastMessageAt && (
                  <p className="muted">{i18n.t('blocked.page.lastMessage', [when(c.lastMessageAt)])}</p>
                )}
                {rowError?.id === c.customerId && (
                  <p className="error" role="alert">
                    {rowError.message}
                  </p>
                )}
                {asking === c.customerId ? (
                  <ConfirmBox
                    className="blocked-confirm"
                    label={i18n.t('blocked.page.unblock')}
                    yes={i18n.t('blocked.page.unblock')}
                    no={i18n.t('panelLayout.cancel')}
                    onYes={() => unblock(c)}
                    onNo={() => setAsking(null)}
                  >
                    <p>{i18n.t('blocked.page.confirmUnblock', [c.displayName])}</p>
                  </ConfirmBox>
                ) : (
                  <button
                    type="button"
                    className="secondary"
                    data-testid="unblock"
                    onClick={() => {
                      setDone(null);
                      setAsking(c.customerId);
                    }}
                  >
                    {i18n.t('blocked.page.unblock')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
