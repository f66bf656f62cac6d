import { useState, type FormEvent } from 'react';
import { i18n } from '#i18n';
import { useStorageItem } from '@/components/app/useStorageItem';
import { allowedSitesItem } from '@/lib/client/settings';
import { allowSite, removeSite, siteOrigin } from '@/lib/client/sites';

/** Other sites the overlay works on (the generic adapter): each asked of the browser when it is added. */
export function SitesEditor() {
  const sites = useStorageItem(allowedSitesItem) ?? [];
  const [address, setAddress] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    const origin = siteOrigin(address);
    if (!origin) {
      setProblem(i18n.t('options.sites.invalid'));
      return;
    }
    setProblem(null);
    // The browser's prompt must come straight from this click.
    const granted = await allowSite(origin).catch((error: Error) => {
      setProblem(error.message);
      return null;
    });
    if (granted === false) setProblem(i18n.t('options.sites.refused', [origin]));
    if (granted) setAddress('');
  };
  return (
    <>
      <p className="muted">{i18n.t('options.sites.intro')}</p>
      {sites.length > 0 && (
        <ul className="saved-replies" data-testid="allowed-sites">
          {sites.map((origin) => (
            <li key={origin}>
              <code>{origin}</code>
              <button type="button" className="secondary" onClick={() => void removeSite(origin)}>
                {i18n.t('options.sites.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="options-site-form" onSubmit={(e) => void add(e)}>
        <input
          type="url"
          inputMode="url"
          aria-label={i18n.t('options.sites.address')}
          placeholder="https://support.example.com"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
        />
        <button type="submit" className="primary">
          {i18n.t('options.sites.add')}
        </button>
      </form>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </>
  );
}
