import { useEffect, useRef, useState, type FormEvent } from 'react';
import { i18n } from '#i18n';
import { askBackground } from '@/lib/client/messaging';
import { invitationOfOpenTab } from '@/lib/client/invitation-hint';
import { AcceptInvitation } from './AcceptInvitation';
import { serverOfOpenTab } from '@/lib/client/server-hint';
import { lastServerUrlItem } from '@/lib/client/settings';

export function SignInForm({ notice }: { notice: string | null }) {
  const [serverUrl, setServerUrl] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [invited, setInvited] = useState(false);

  // Until the member types an address: the last one used, replaced by the server whose page is open beside.
  const typed = useRef(false);
  useEffect(() => {
    void lastServerUrlItem.getValue().then((url) => setServerUrl((current) => current || url));
    void serverOfOpenTab().then((url) => {
      if (url && !typed.current) setServerUrl(url);
    });
    // Opened beside an invitation's page: straight to accepting it, with the link filled in.
    void invitationOfOpenTab().then((link) => link && !typed.current && setInvited(true));
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await askBackground({
      type: 'signIn',
      serverUrl: serverUrl.trim(),
      email: email.trim(),
      password,
    });
    setBusy(false);
    if (!result.ok) setError(result.error);
  }

  if (invited) return <AcceptInvitation onBack={() => setInvited(false)} />;
  return (
    <form className="sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{i18n.t('signIn.title')}</h1>
      {notice && <p className="notice">{notice}</p>}
      <label>
        {i18n.t('signIn.serverUrl')}
        <input
          name="serverUrl"
          type="url"
          required
          value={serverUrl}
          onChange={(e) => {
            typed.current = true;
            setServerUrl(e.target.value);
          }}
          placeholder="https://sidedesk.example.com"
        />
      </label>
      <label>
        {i18n.t('signIn.email')}
        <input
          name="email"
          type="email"
          required
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <label>
        {i18n.t('signIn.password')}
        <input
          name="password"
          type="password"
          required
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? i18n.t('signIn.submitting') : i18n.t('signIn.submit')}
      </button>
      <button
        type="button"
        className="link-button"
        data-testid="have-invitation"
        onClick={() => setInvited(true)}
      >
        {i18n.t('invitation.have')}
      </button>
    </form>
  );
}
