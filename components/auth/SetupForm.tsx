import { ArrowLeft } from 'lucide-react';
import { useId, useMemo, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { i18n } from '#i18n';
import { ApiClient, ApiError } from '@/lib/client/api';
import { setUpWorkspace, setupLinkState } from '@/lib/client/api-setup';
import { askBackground } from '@/lib/client/messaging';
import { PASSWORD_MIN_LENGTH, passwordProblem, type PasswordProblem } from '@/lib/domain/password-policy';
import {
  countryCodes,
  currencyCodes,
  likelyCurrencyOf,
  soleTimeZoneOf,
  timeZoneNames,
} from '@/lib/domain/places';
import {
  serverOfSetupLink,
  serverUrl as serverUrlSchema,
  setupTokenFrom,
  type Marketplace,
  type SetupTokenState,
} from '@/lib/protocol';

type Field =
  | 'workspace.name'
  | 'owner.nickname'
  | 'owner.email'
  | 'owner.password'
  | 'shop.name'
  | 'shop.marketplace'
  | 'shop.country'
  | 'shop.currency'
  | 'shop.timeZone';
type Values = Record<Field, string>;
type Errors = Partial<Record<Field | 'serverUrl' | 'link' | 'form', string>>;

const FIELDS: Field[] = [
  'workspace.name',
  'owner.nickname',
  'owner.email',
  'owner.password',
  'shop.name',
  'shop.marketplace',
  'shop.country',
  'shop.currency',
  'shop.timeZone',
];

const PASSWORD_WORDS: Record<PasswordProblem, () => string> = {
  too_short: () => i18n.t('setup.errors.tooShort', [PASSWORD_MIN_LENGTH]),
  too_long: () => i18n.t('setup.errors.tooLong'),
  too_common: () => i18n.t('setup.errors.tooCommon'),
  like_account: () => i18n.t('setup.errors.likeAccount'),
};

const LINK_WORDS: Record<Exclude<SetupTokenState['state'], 'usable'>, () => string> = {
  used: () => i18n.t('setup.used'),
  expired: () => i18n.t('setup.expired'),
  replaced: () => i18n.t('setup.replaced'),
  unknown: () => i18n.t('setup.unknown'),
};

// Marketplaces are named as they name themselves; only "other" is a word to translate.
const MARKETPLACES: { value: Marketplace; label: () => string }[] = [
  { value: 'tiktok_shop', label: () => 'TikTok Shop' },
  { value: 'amazon', label: () => 'Amazon' },
  { value: 'other', label: () => i18n.t('setup.marketplaceOther') },
];

/** The browser's first guesses for the first shop: its region, that region's currency, its time zone. */
function firstGuesses(): Pick<Values, 'shop.country' | 'shop.currency' | 'shop.timeZone'> {
  const region = (() => {
    try {
      return new Intl.Locale(navigator.language).maximize().region ?? '';
    } catch {
      return '';
    }
  })();
  const country = countryCodes().includes(region) ? region : '';
  return {
    'shop.country': country,
    'shop.currency': likelyCurrencyOf(country) ?? '',
    'shop.timeZone': soleTimeZoneOf(country) ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? '',
  };
}

/**
 * "Set up this server" in the side panel (product §11): the one-time setup link, then the workspace, the owner
 * and the first shop; the owner is signed in as a sign-in would. The server's word on each field shows beside it.
 */
export function SetupForm({
  initialServerUrl,
  initialLink,
  onBack,
}: {
  initialServerUrl: string;
  initialLink: string;
  onBack: () => void;
}) {
  const [serverUrl, setServerUrl] = useState(serverOfSetupLink(initialLink) ?? initialServerUrl);
  const [link, setLink] = useState(initialLink);
  const [token, setToken] = useState<string | null>(null);
  const [values, setValues] = useState<Values>(() => ({
    'workspace.name': '',
    'owner.nickname': '',
    'owner.email': '',
    'owner.password': '',
    'shop.name': '',
    'shop.marketplace': 'tiktok_shop',
    ...firstGuesses(),
  }));
  const [touched, setTouched] = useState<Set<Field>>(new Set());
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  // Countries and currencies are named in the browser's language, as its other dates and numbers are.
  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([navigator.language], { type: 'region' });
    return countryCodes()
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => a.name.localeCompare(b.name, navigator.language));
  }, []);
  const currencies = useMemo(() => {
    const names = new Intl.DisplayNames([navigator.language], { type: 'currency' });
    return currencyCodes().map((code) => ({ code, name: names.of(code) ?? code }));
  }, []);
  const zones = useMemo(() => timeZoneNames(), []);

  function set(field: Field, value: string) {
    setTouched((t) => new Set(t).add(field));
    setValues((v) => {
      const next = { ...v, [field]: value };
      // A country suggests its currency and its only time zone, unless those were chosen by hand.
      if (field === 'shop.country') {
        const currency = likelyCurrencyOf(value);
        const zone = soleTimeZoneOf(value);
        if (currency && !touched.has('shop.currency')) next['shop.currency'] = currency;
        if (zone && !touched.has('shop.timeZone')) next['shop.timeZone'] = zone;
      }
      return next;
    });
    setErrors((e) => ({ ...e, [field]: undefined }));
  }

  function changeLink(text: string) {
    setLink(text);
    setErrors((e) => ({ ...e, link: undefined }));
    // A pasted link also says which server it is for.
    const server = serverOfSetupLink(text);
    if (server) setServerUrl(server);
  }

  const api = () => {
    const parsed = serverUrlSchema.safeParse(serverUrl.trim());
    return parsed.success ? new ApiClient(parsed.data) : null;
  };

  async function checkLink(event: FormEvent) {
    event.preventDefault();
    const client = api();
    if (!client) return setErrors({ serverUrl: i18n.t('setup.errors.required') });
    const found = setupTokenFrom(link);
    if (!found) return setErrors({ link: i18n.t('setup.linkInvalid') });
    setBusy(true);
    setErrors({});
    try {
      const { state } = await setupLinkState(client, found);
      if (state === 'usable') setToken(found);
      else setErrors({ link: LINK_WORDS[state]() });
    } catch (error) {
      setErrors({ link: wordsOf(error) });
    } finally {
      setBusy(false);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const client = api();
    if (!client || !token) return;
    const found: Errors = {};
    for (const field of FIELDS) if (!values[field].trim()) found[field] = i18n.t('setup.errors.required');
    const problem = passwordProblem(values['owner.password'], {
      email: values['owner.email'],
      nickname: values['owner.nickname'],
    });
    if (!found['owner.password'] && problem) found['owner.password'] = PASSWORD_WORDS[problem]();
    setErrors(found);
    if (Object.keys(found).length > 0) return focus(Object.keys(found)[0]!);
    setBusy(true);
    try {
      const session = await setUpWorkspace(client, {
        token,
        workspace: { name: values['workspace.name'] },
        owner: {
          nickname: values['owner.nickname'],
          email: values['owner.email'],
          password: values['owner.password'],
        },
        shop: {
          name: values['shop.name'],
          marketplace: values['shop.marketplace'] as Marketplace,
          country: values['shop.country'],
          currency: values['shop.currency'],
          timeZone: values['shop.timeZone'],
        },
      });
      // Kept by the background exactly as a sign-in's session; the panel then shows the inbox.
      const kept = await askBackground({ type: 'useSession', serverUrl: client.baseUrl, session });
      if (!kept.ok) setErrors({ form: kept.error });
    } catch (error) {
      await showRefusal(client, error);
    } finally {
      setBusy(false);
    }
  }

  async function showRefusal(client: ApiClient, error: unknown) {
    if (!(error instanceof ApiError) || !error.field) return setErrors({ form: wordsOf(error) });
    const field = error.field.replace(/^body\./, '');
    if (field === 'token') {
      // The link went bad meanwhile (used, replaced): say how, on the link's step.
      const { state } = await setupLinkState(client, token!).catch(() => ({ state: 'unknown' as const }));
      setToken(null);
      return setErrors({ link: state === 'usable' ? error.message : LINK_WORDS[state]() });
    }
    const message = error.message.replace(/^body\.[\w.]+: /, '');
    const words: Partial<Record<string, string>> = {
      'owner.email': error.status === 409 ? i18n.t('setup.errors.emailTaken') : i18n.t('setup.errors.email'),
      'shop.country': i18n.t('setup.errors.country'),
      'shop.currency': i18n.t('setup.errors.currency'),
      'shop.timeZone': i18n.t('setup.errors.timeZone'),
    };
    if ((FIELDS as string[]).includes(field)) {
      setErrors({ [field]: words[field] ?? message });
      focus(field);
    } else setErrors({ form: message });
  }

  const ids = useId();
  const idOf = (field: string) => `${ids}-${field.replace('.', '-')}`;
  function focus(field: string) {
    requestAnimationFrame(() => document.getElementById(idOf(field))?.focus());
  }

  /** One labelled control with its hint and the error beside it. */
  const row = (field: Field | 'serverUrl' | 'link', label: string, control: ReactNode, hint?: string) => (
    <div className="setup-field">
      <label htmlFor={idOf(field)}>{label}</label>
      {control}
      {hint && (
        <p className="hint" id={`${idOf(field)}-hint`}>
          {hint}
        </p>
      )}
      {errors[field] && (
        <p className="error" id={`${idOf(field)}-error`} role="alert">
          {errors[field]}
        </p>
      )}
    </div>
  );
  const describedBy = (field: string, hint = false) =>
    [hint && `${idOf(field)}-hint`, errors[field as Field] && `${idOf(field)}-error`]
      .filter(Boolean)
      .join(' ') || undefined;
  const textInput = (field: Field, props: InputHTMLAttributes<HTMLInputElement>, hint = false) => (
    <input
      id={idOf(field)}
      name={field}
      value={values[field]}
      onChange={(e) => set(field, e.target.value)}
      aria-invalid={Boolean(errors[field])}
      aria-describedby={describedBy(field, hint)}
      {...props}
    />
  );

  const back = (
    <button type="button" className="link-button setup-back" onClick={onBack}>
      <ArrowLeft size={14} aria-hidden="true" />
      {i18n.t('setup.back')}
    </button>
  );

  if (!token)
    return (
      <form className="sign-in setup-form" onSubmit={checkLink} aria-labelledby={`${ids}-title`} noValidate>
        <h1 id={`${ids}-title`}>{i18n.t('setup.title')}</h1>
        <p className="muted setup-lead">{i18n.t('setup.lead')}</p>
        {row(
          'serverUrl',
          i18n.t('signIn.serverUrl'),
          <input
            id={idOf('serverUrl')}
            name="serverUrl"
            type="url"
            required
            value={serverUrl}
            onChange={(e) => setServerUrl(e.target.value)}
            placeholder="https://sidedesk.example.com"
          />,
        )}
        {row(
          'link',
          i18n.t('setup.link'),
          <input
            id={idOf('link')}
            name="setupLink"
            required
            autoComplete="off"
            spellCheck={false}
            value={link}
            onChange={(e) => changeLink(e.target.value)}
            aria-invalid={Boolean(errors.link)}
            aria-describedby={describedBy('link', true)}
            placeholder="https://…/setup?token=…"
          />,
          i18n.t('setup.linkHint'),
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? i18n.t('setup.checking') : i18n.t('setup.continue')}
        </button>
        {back}
      </form>
    );

  return (
    <form className="sign-in setup-form" onSubmit={submit} aria-labelledby={`${ids}-title`} noValidate>
      <h1 id={`${ids}-title`}>{i18n.t('setup.title')}</h1>
      <p className="muted setup-lead" title={serverUrl}>
        {serverUrl}
      </p>
      <fieldset>
        <legend>{i18n.t('setup.workspace')}</legend>
        {row(
          'workspace.name',
          i18n.t('setup.workspaceName'),
          textInput('workspace.name', { maxLength: 80, autoComplete: 'organization' }, true),
          i18n.t('setup.workspaceHint'),
        )}
      </fieldset>
      <fieldset>
        <legend>{i18n.t('setup.owner')}</legend>
        {row(
          'owner.nickname',
          i18n.t('setup.nickname'),
          textInput('owner.nickname', { maxLength: 40, autoComplete: 'nickname' }, true),
          i18n.t('setup.nicknameHint'),
        )}
        {row(
          'owner.email',
          i18n.t('signIn.email'),
          textInput('owner.email', { type: 'email', maxLength: 320, autoComplete: 'username' }),
        )}
        {row(
          'owner.password',
          i18n.t('signIn.password'),
          textInput(
            'owner.password',
            { type: 'password', maxLength: 200, autoComplete: 'new-password' },
            true,
          ),
          i18n.t('setup.passwordHint', [PASSWORD_MIN_LENGTH]),
        )}
      </fieldset>
      <fieldset>
        <legend>{i18n.t('setup.shop')}</legend>
        {row('shop.name', i18n.t('setup.shopName'), textInput('shop.name', { maxLength: 80 }))}
        {row(
          'shop.marketplace',
          i18n.t('setup.marketplace'),
          <select
            id={idOf('shop.marketplace')}
            value={values['shop.marketplace']}
            onChange={(e) => set('shop.marketplace', e.target.value)}
          >
            {MARKETPLACES.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label()}
              </option>
            ))}
          </select>,
        )}
        {row(
          'shop.country',
          i18n.t('setup.country'),
          <select
            id={idOf('shop.country')}
            value={values['shop.country']}
            onChange={(e) => set('shop.country', e.target.value)}
            aria-invalid={Boolean(errors['shop.country'])}
            aria-describedby={describedBy('shop.country')}
          >
            <option value="" />
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>,
        )}
        {row(
          'shop.currency',
          i18n.t('setup.currency'),
          <select
            id={idOf('shop.currency')}
            value={values['shop.currency']}
            onChange={(e) => set('shop.currency', e.target.value)}
            aria-invalid={Boolean(errors['shop.currency'])}
            aria-describedby={describedBy('shop.currency')}
          >
            <option value="" />
            {currencies.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} · {c.name}
              </option>
            ))}
          </select>,
        )}
        {row(
          'shop.timeZone',
          i18n.t('setup.timeZone'),
          <>
            {textInput(
              'shop.timeZone',
              { list: `${ids}-zones`, autoComplete: 'off', spellCheck: false },
              true,
            )}
            <datalist id={`${ids}-zones`}>
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </>,
          i18n.t('setup.timeZoneHint'),
        )}
      </fieldset>
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? i18n.t('setup.submitting') : i18n.t('setup.submit')}
      </button>
      {back}
    </form>
  );
}

/** An error in the member's words: the wait of a 429, else the server's or the client's message. */
function wordsOf(error: unknown): string {
  if (error instanceof ApiError && error.status === 429)
    return i18n.t('setup.errors.tooManyAttempts', [Math.ceil((error.retryAfterSeconds ?? 60) / 60)]);
  return error instanceof Error ? error.message : String(error);
}
