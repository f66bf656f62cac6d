import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ArrowLeft } from 'lucide-react';
import { i18n } from '#i18n';
import { roleName } from '@/components/team/roleName';
import { ApiClient, ApiError } from '@/lib/client/api';
import { parseInvitationLink, previewInvitation } from '@/lib/client/api-team';
import { invitationOfOpenTab } from '@/lib/client/invitation-hint';
import { askBackground } from '@/lib/client/messaging';
import { lastServerUrlItem } from '@/lib/client/settings';
import type { InvitationPreview } from '@/lib/protocol';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblemText,
  type PasswordProblem,
} from '@/lib/domain/password-policy';
import './invitation.css';

type Field = 'link' | 'nickname' | 'password' | 'confirm';

const PROBLEMS: PasswordProblem[] = ['too_short', 'too_long', 'too_common', 'like_account'];

/** The password policy's refusal in the reader's language; any other message as the server wrote it. */
function inOwnWords(message: string): string {
  const problem = PROBLEMS.find((p) => passwordProblemText(p) === message);
  if (problem === 'too_short') return i18n.t('invitation.problems.too_short', [PASSWORD_MIN_LENGTH]);
  if (problem === 'too_long') return i18n.t('invitation.problems.too_long', [PASSWORD_MAX_LENGTH]);
  return problem ? i18n.t(`invitation.problems.${problem}`) : message;
}

/**
 * Accepting an invitation in the side panel: the link (prefilled when the panel opens beside it), what it
 * invites to, then a nickname and a password; the new member is then signed in.
 */
export function AcceptInvitation({ onBack }: { onBack: () => void }) {
  const [link, setLink] = useState('');
  const [serverUrl, setServerUrl] = useState('');
  const [nickname, setNickname] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field | 'form', string>>>({});
  const [busy, setBusy] = useState(false);
  const typed = useRef(false);

  useEffect(() => {
    void lastServerUrlItem.getValue().then((url) => setServerUrl((current) => current || url));
    void invitationOfOpenTab().then((found) => {
      if (found && !typed.current) setLink(found);
    });
  }, []);

  const parsed = parseInvitationLink(link);
  const server = (parsed?.serverUrl ?? serverUrl.trim()).replace(/\/+$/, '');

  // What the link invites to, looked up as soon as it reads as a link; kept with the link it is for.
  const key = parsed && server ? `${server} ${parsed.token}` : null;
  const [lookup, setLookup] = useState<{ key: string; preview?: InvitationPreview; error?: string } | null>(
    null,
  );
  const preview = lookup?.key === key ? (lookup.preview ?? null) : null;
  const linkError = lookup?.key === key ? lookup.error : undefined;
  useEffect(() => {
    if (!key || !parsed) return;
    let current = true;
    previewInvitation(new ApiClient(server), parsed.token).then(
      (found) => current && setLookup({ key, preview: found }),
      (error: unknown) =>
        current &&
        setLookup({ key, error: error instanceof ApiError ? error.message : i18n.t('errors.signInFailed') }),
    );
    return () => {
      current = false;
    };
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!parsed) return setErrors({ link: i18n.t('invitation.linkInvalid') });
    if (password !== confirm) return setErrors({ confirm: i18n.t('invitation.mismatch') });
    setBusy(true);
    setErrors({});
    const result = await askBackground({
      type: 'acceptInvitation',
      serverUrl: server,
      token: parsed.token,
      nickname: nickname.trim(),
      password,
    });
    setBusy(false);
    if (result.ok) return;
    // The server names the field in its message ("body.password: …"): show it beside that field.
    const match = /^body\.(nickname|password): (.*)$/.exec(result.error);
    if (match) setErrors({ [match[1] as Field]: inOwnWords(match[2]!) });
    else setErrors({ form: result.error });
  }

  const fieldError = (field: Field) =>
    errors[field] ? (
      <span className="error" role="alert" data-testid={`invitation-error-${field}`}>
        {errors[field]}
      </span>
    ) : null;

  return (
    <form
      className="sign-in"
      onSubmit={submit}
      aria-labelledby="invitation-title"
      data-testid="accept-invitation"
    >
      <button type="button" className="link-button back-link" onClick={onBack}>
        <ArrowLeft size={14} aria-hidden className="inline-icon" /> {i18n.t('invitation.back')}
      </button>
      <h1 id="invitation-title">{i18n.t('invitation.title')}</h1>
      <p className="muted">{i18n.t('invitation.lead')}</p>
      <div className="invitation-field">
        <label>
          {i18n.t('invitation.link')}
          <input
            name="invitationLink"
            required
            value={link}
            aria-invalid={errors.link || linkError ? true : undefined}
            onChange={(e) => {
              typed.current = true;
              setLink(e.target.value);
            }}
            placeholder="https://sidedesk.example.com/invite?token=…"
          />
        </label>
        {fieldError('link')}
        {!errors.link && linkError && (
          <span className="error" role="alert" data-testid="invitation-error-link">
            {linkError}
          </span>
        )}
      </div>
      {parsed && !parsed.serverUrl && (
        <label>
          {i18n.t('signIn.serverUrl')}
          <input
            name="serverUrl"
            type="url"
            required
            value={serverUrl}
            onChange={(e) => setServerUrl(e.target.value)}
            placeholder="https://sidedesk.example.com"
          />
        </label>
      )}
      {preview && (
        <>
          <p className="invitation-summary" data-testid="invitation-summary">
            {preview.invitedBy
              ? i18n.t('invitation.summary', [
                  preview.invitedBy,
                  preview.workspaceName,
                  roleName(preview.role),
                ])
              : i18n.t('invitation.summaryNoInviter', [preview.workspaceName, roleName(preview.role)])}
            <br />
            <span className="muted">{i18n.t('invitation.asEmail', [preview.email])}</span>
          </p>
          <div className="invitation-field">
            <label>
              {i18n.t('invitation.nickname')}
              <input
                name="nickname"
                required
                maxLength={60}
                autoComplete="nickname"
                value={nickname}
                aria-invalid={errors.nickname ? true : undefined}
                onChange={(e) => setNickname(e.target.value)}
              />
            </label>
            {fieldError('nickname')}
          </div>
          <div className="invitation-field">
            <label>
              {i18n.t('invitation.password')}
              <input
                name="password"
                type="password"
                required
                autoComplete="new-password"
                value={password}
                aria-invalid={errors.password ? true : undefined}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
            <span className="muted">{i18n.t('invitation.passwordHint')}</span>
            {fieldError('password')}
          </div>
          <div className="invitation-field">
            <label>
              {i18n.t('invitation.confirm')}
              <input
                name="confirm"
                type="password"
                required
                autoComplete="new-password"
                value={confirm}
                aria-invalid={errors.confirm ? true : undefined}
                onChange={(e) => setConfirm(e.target.value)}
              />
            </label>
            {fieldError('confirm')}
          </div>
        </>
      )}
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy || !preview}>
        {busy ? i18n.t('invitation.joining') : i18n.t('invitation.join')}
      </button>
    </form>
  );
}
