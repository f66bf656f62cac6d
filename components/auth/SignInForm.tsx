import { useEffect, useRef, useState, type FormEvent } from 'react';
import { i18n } from '#i18n';
import { ApiClient } from '@/lib/client/api';
import { setupStatusOf } from '@/lib/client/api-setup';
import { askBackground } from '@/lib/client/messaging';
import { invitationOfOpenTab } from '@/lib/client/invitation-hint';
import { AcceptInvitation } from './AcceptInvitation';
import { serverOfOpenTab, setupLinkOfOpenTab } from '@/lib/client/server-hint';
import { lastServerUrlItem } from '@/lib/client/settings';
import { serverUrl as serverUrlSchema } from '@/lib/protocol';
import { SetupForm } from './SetupForm';

/** How long the typed address must rest before the form asks that server whether it has a workspace. */
const ASK_AFTER_MS = 400;

export function SignInForm({ notice }: { notice: string | null }) {
  const [serverUrl, setServerUrl] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [invited, setInvited] = useState(false);
  /** The last address asked whether it has a workspace, and its answer. */
  const [asked, setAsked] = useState<{ url: string; hasWorkspace: boolean } | null>(null);
  /** Setting up, with the link to start from (the one open beside the panel, or none yet). */
  const [setup, setSetup] = useState<{ link: string } | null>(null);

  // Until the member types an address: the last one used, replaced by the server whose page is open beside.
  const typed = useRef(false);
  useEffect(() => {
    void lastServerUrlItem.getValue().then((url) => setServerUrl((current) => current || url));
    void serverOfOpenTab().then((url) => {
      if (url && !typed.current) setServerUrl(url);
    });
    // Opened beside an invitation's page: straight to accepting it, with the link filled in.
    void invitationOfOpenTab().then((link) => link && !typed.current && setInvited(true));
    // The panel opened beside a server's setup page: that link is what to set up with.
    void setupLinkOfOpenTab().then((link) => {
      if (link && !typed.current) setSetup({ link });
    });
  }, []);

  const typedServer = serverUrlSchema.safeParse(serverUrl.trim());
  const address = typedServer.success ? typedServer.data : null;
  useEffect(() => {
    if (!address) return;
    const timer = setTimeout(() => {
      setupStatusOf(new ApiClient(address)).then(
        (status) => setAsked({ url: address, hasWorkspace: status.hasWorkspace }),
        () => setAsked(null),
      );
    }, ASK_AFTER_MS);
    return () => clearTimeout(timer);
  }, [address]);
  /** The server at the address has no workspace yet: setup is what it needs, not a sign-in. */
  const emptyServer = asked !== null && asked.url === address && !asked.hasWorkspace;

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
  if (setup)
    return <SetupForm initialServerUrl={serverUrl} initialLink={setup.link} onBack={() => setSetup(null)} />;

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
      {emptyServer && (
        <div className="setup-offer" role="status">
          <p>{i18n.t('signIn.noWorkspace')}</p>
          <button type="button" className="primary" onClick={() => setSetup({ link: '' })}>
            {i18n.t('signIn.setUpServer')}
          </button>
        </div>
      )}
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
      <button type="submit" className={emptyServer ? 'secondary' : 'primary'} disabled={busy}>
        {busy ? i18n.t('signIn.submitting') : i18n.t('signIn.submit')}
      </button>
      {/* Other ways in than a password, one link each. */}
      <div className="sign-in-links">
        <button
          type="button"
          className="link-button"
          data-testid="have-invitation"
          onClick={() => setInvited(true)}
        >
          {i18n.t('invitation.have')}
        </button>
        {!emptyServer && (
          <button type="button" className="link-button" onClick={() => setSetup({ link: '' })}>
            {i18n.t('signIn.haveSetupLink')}
          </button>
        )}
      </div>
    </form>
  );
}
