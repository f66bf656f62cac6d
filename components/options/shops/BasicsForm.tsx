import { useMemo, useState, type FormEvent } from 'react';
import { i18n } from '#i18n';
import { countryCodes, currencyCodes, MARKETPLACES, type Marketplace } from '@/lib/domain/shops';
import type { ShopCreate, TeamMember } from '@/lib/protocol';
import { errorFor, FieldError, SaveRow, SectionError, useSave } from './form';
import { TimeZonePicker } from './TimeZonePicker';

export const marketplaceName = (m: string) =>
  MARKETPLACES.includes(m as Marketplace) ? i18n.t(`shops.marketplaces.${m as Marketplace}`) : m;

function namesOf(type: 'region' | 'currency') {
  const names = new Intl.DisplayNames([i18n.t('app.htmlLang')], { type, fallback: 'code' });
  return (code: string) => names.of(code) ?? code;
}

const FIELDS = [
  'body.name',
  'body.marketplace',
  'body.country',
  'body.currency',
  'body.timeZone',
  'body.memberIds',
];

/**
 * A shop's basics: name, marketplace, country, currency, time zone and who serves it; for a new shop (all of
 * the team serves it unless unticked) and for an existing one.
 */
export function BasicsForm({
  initial,
  team,
  submitLabel,
  onSubmit,
}: {
  initial: ShopCreate & { memberIds: string[] | undefined };
  team: TeamMember[] | undefined;
  submitLabel?: string;
  onSubmit(values: ShopCreate): Promise<void>;
}) {
  const [values, setValues] = useState(initial);
  const { busy, refusal, saved, run } = useSave();
  const countryName = useMemo(() => namesOf('region'), []);
  const currencyName = useMemo(() => namesOf('currency'), []);
  const countries = useMemo(
    () => [...countryCodes()].sort((a, b) => countryName(a).localeCompare(countryName(b))),
    [countryName],
  );
  const currencies = useMemo(() => [...currencyCodes()], []);
  const served = values.memberIds ?? team?.map((m) => m.id) ?? [];
  const set = <K extends keyof typeof values>(key: K, value: (typeof values)[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => onSubmit({ ...values, memberIds: team ? served : values.memberIds }));
  };
  const error = (field: string) => errorFor(refusal, `body.${field}`);
  const described = (field: string) => (error(field) ? `shop-${field}-error` : undefined);

  return (
    <form className="shop-form" onSubmit={submit} noValidate>
      <label>
        {i18n.t('shops.basics.name')}
        <input
          value={values.name}
          maxLength={120}
          aria-invalid={Boolean(error('name')) || undefined}
          aria-describedby={described('name')}
          onChange={(e) => set('name', e.target.value)}
        />
      </label>
      <FieldError id="shop-name-error" message={error('name')} />

      <label>
        {i18n.t('shops.basics.marketplace')}
        <select
          value={values.marketplace}
          onChange={(e) => set('marketplace', e.target.value as Marketplace)}
        >
          {MARKETPLACES.map((m) => (
            <option key={m} value={m}>
              {marketplaceName(m)}
            </option>
          ))}
        </select>
      </label>
      <FieldError id="shop-marketplace-error" message={error('marketplace')} />

      <div className="form-pair">
        <label>
          {i18n.t('shops.basics.country')}
          <select
            value={values.country}
            aria-invalid={Boolean(error('country')) || undefined}
            aria-describedby={described('country')}
            onChange={(e) => set('country', e.target.value)}
          >
            {!countries.includes(values.country) && <option value={values.country}>{values.country}</option>}
            {countries.map((code) => (
              <option key={code} value={code}>
                {countryName(code)} ({code})
              </option>
            ))}
          </select>
        </label>
        <label>
          {i18n.t('shops.basics.currency')}
          <select
            value={values.currency}
            aria-invalid={Boolean(error('currency')) || undefined}
            aria-describedby={described('currency')}
            onChange={(e) => set('currency', e.target.value)}
          >
            {!currencies.includes(values.currency) && (
              <option value={values.currency}>{values.currency}</option>
            )}
            {currencies.map((code) => (
              <option key={code} value={code}>
                {code} · {currencyName(code)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FieldError id="shop-country-error" message={error('country')} />
      <FieldError id="shop-currency-error" message={error('currency')} />

      <fieldset>
        <legend>{i18n.t('shops.basics.timeZone')}</legend>
        <TimeZonePicker
          value={values.timeZone}
          onChange={(zone) => set('timeZone', zone)}
          invalid={Boolean(error('timeZone'))}
          describedBy={described('timeZone')}
        />
      </fieldset>
      <FieldError id="shop-timeZone-error" message={error('timeZone')} />

      {team && (
        <fieldset>
          <legend>{i18n.t('shops.basics.servedBy')}</legend>
          <p className="muted shop-intro">{i18n.t('shops.basics.servedByHelp')}</p>
          <ul className="member-checks">
            {team.map((m) => (
              <li key={m.id}>
                <label className="options-check">
                  <input
                    type="checkbox"
                    checked={served.includes(m.id)}
                    onChange={(e) =>
                      set(
                        'memberIds',
                        e.target.checked ? [...served, m.id] : served.filter((id) => id !== m.id),
                      )
                    }
                  />
                  {m.nickname} <span className="muted">· {i18n.t(`roles.${m.role}`)}</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <FieldError id="shop-memberIds-error" message={error('memberIds')} />

      <SectionError refusal={refusal} fields={FIELDS} />
      <SaveRow busy={busy} saved={saved} label={submitLabel} />
    </form>
  );
}
