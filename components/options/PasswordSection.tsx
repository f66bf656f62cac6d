import { useState, type FormEvent } from 'react';
import { CircleCheck, KeyRound } from 'lucide-react';
import { i18n } from '#i18n';
import { ApiError, type ApiClient } from '@/lib/client/api';
import { changePassword } from '@/lib/client/api-profile';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblemText,
  type PasswordProblem,
} from '@/lib/domain/password-policy';
import { problemOf } from './useProfile';

type Field = 'currentPassword' | 'newPassword' | 'confirm';

const POLICY: PasswordProblem[] = ['too_short', 'too_long', 'too_common', 'like_account'];

/** The server's refusal in the reader's language where it is one we know; any other as the server wrote it. */
function problemInOwnWords(error: unknown): { field: string | null; message: string } {
  if (error instanceof ApiError && error.status === 429) {
    const minutes = Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60));
    return { field: null, message: i18n.t('me.password.tooMany', [minutes]) };
  }
  const problem = problemOf(error);
  if (problem.field === 'currentPassword' && error instanceof ApiError && error.status === 400)
    return { field: 'currentPassword', message: i18n.t('me.password.wrongCurrent') };
  const policy = POLICY.find((p) => passwordProblemText(p) === problem.message);
  if (problem.field === 'newPassword' && policy) {
    const message =
      policy === 'too_short'
        ? i18n.t('me.password.problems.too_short', [PASSWORD_MIN_LENGTH])
        : policy === 'too_long'
          ? i18n.t('me.password.problems.too_long', [PASSWORD_MAX_LENGTH])
          : i18n.t(`me.password.problems.${policy}`);
    return { field: 'newPassword', message };
  }
  return problem;
}

/**
 * The Account page's password change: the current password, then the new one twice. The server keeps this
 * browser signed in and signs out every other one, which the notice says.
 */
export function PasswordSection({ api }: { api: ApiClient }) {
  const empty = { currentPassword: '', newPassword: '', confirm: '' };
  const [values, setValues] = useState<Record<Field, string>>(empty);
  const [problem, setProblem] = useState<{ field: string | null; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | null>(null);

  const change = (field: Field, value: string) => {
    setValues({ ...values, [field]: value });
    setDone(null);
    if (problem?.field === field) setProblem(null);
  };
  const errorOf = (field: Field) =>
    problem?.field === field ? (
      <p className="error field-error" role="alert" data-testid={`password-error-${field}`}>
        {problem.message}
      </p>
    ) : null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    if (!values.currentPassword) {
      setProblem({ field: 'currentPassword', message: i18n.t('me.password.currentMissing') });
      return;
    }
    if (!values.newPassword) {
      setProblem({ field: 'newPassword', message: i18n.t('me.password.newMissing') });
      return;
    }
    if (values.newPassword !== values.confirm) {
      setProblem({ field: 'confirm', message: i18n.t('me.password.mismatch') });
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const answer = await changePassword(api, {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      setValues(empty);
      setDone(answer.otherSessionsEnded);
    } catch (error) {
      setProblem(problemInOwnWords(error));
    } finally {
      setBusy(false);
    }
  };

  const input = (field: Field, autoComplete: string) => (
    <input
      type="password"
      data-testid={`password-${field}`}
      autoComplete={autoComplete}
      maxLength={PASSWORD_MAX_LENGTH}
      value={values[field]}
      aria-invalid={problem?.field === field}
      onChange={(e) => change(field, e.target.value)}
    />
  );

  return (
    <section aria-labelledby="password-title">
      <h3 id="password-title">{i18n.t('me.password.title')}</h3>
      <p className="muted password-lead">{i18n.t('me.password.lead')}</p>
      <form className="profile-form" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          {i18n.t('me.password.current')}
          {input('currentPassword', 'current-password')}
          {errorOf('currentPassword')}
        </label>
        <label>
          {i18n.t('me.password.new')}
          {input('newPassword', 'new-password')}
          <span className="muted">{i18n.t('me.password.hint', [PASSWORD_MIN_LENGTH])}</span>
          {errorOf('newPassword')}
        </label>
        <label>
          {i18n.t('me.password.confirm')}
          {input('confirm', 'new-password')}
          {errorOf('confirm')}
        </label>
        {problem && problem.field === null && (
          <p className="error field-error" role="alert" data-testid="password-error">
            {problem.message}
          </p>
        )}
        <div className="profile-save">
          <button type="submit" className="primary" data-testid="password-save" disabled={busy}>
            <KeyRound size={14} aria-hidden="true" />{' '}
            {busy ? i18n.t('me.password.changing') : i18n.t('me.password.change')}
          </button>
        </div>
        {done !== null && (
          <p className="password-changed" role="status" data-testid="password-changed">
            <CircleCheck size={16} aria-hidden="true" />
            {done === 0
              ? i18n.t('me.password.changedAlone')
              : done === 1
                ? i18n.t('me.password.changedOne')
                : i18n.t('me.password.changedMany', [done])}
          </p>
        )}
      </form>
    </section>
  );
}
