import { useEffect, useState } from 'react';
import { i18n } from '#i18n';
import { SessionProvider } from '@/components/app/session';
import { useStorageItem } from '@/components/app/useStorageItem';
import { sessionItem } from '@/lib/client/settings';
import { optionsPages, pageAllowed, type OptionsPage } from './pages';

/** The page named by the address's hash (`options.html#team`), or the first one the member may open. */
function pageFromHash(pages: OptionsPage[], hash: string): OptionsPage {
  const id = hash.replace(/^#/, '');
  return pages.find((p) => p.id === id) ?? pages[0]!;
}

/**
 * The extension's options: one page at a time, chosen from a list of pages (a row of tabs on a narrow window).
 * Each page is one file in this folder; `pages.tsx` lists them with the role each needs.
 */
export function OptionsApp() {
  const session = useStorageItem(sessionItem);
  const pages = optionsPages.filter((p) => pageAllowed(p, session ?? null));
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const follow = () => setHash(location.hash);
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  const current = pageFromHash(pages, hash);
  const content = current.render();

  return (
    <div className="options-layout">
      <nav className="options-nav" aria-label={i18n.t('options.title')}>
        <h1>{i18n.t('options.title')}</h1>
        <ul>
          {pages.map((p) => (
            <li key={p.id}>
              <a
                href={`#${p.id}`}
                data-testid={`options-nav-${p.id}`}
                aria-current={p.id === current.id ? 'page' : undefined}
              >
                {p.title()}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="options" aria-labelledby={`options-${current.id}`}>
        <section aria-labelledby={`options-${current.id}`}>
          <h2 id={`options-${current.id}`}>{current.title()}</h2>
          {session && current.needsSession !== false ? (
            <SessionProvider session={session}>{content}</SessionProvider>
          ) : (
            content
          )}
        </section>
      </main>
    </div>
  );
}
