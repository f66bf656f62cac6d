import { useState, type FormEvent } from 'react';
import { CalendarClock, Inbox, Tags, Timer } from 'lucide-react';
import { i18n } from '#i18n';
import type { ApiClient } from '@/lib/client/api';
import { saveCategoryRules, saveQueueSettings, saveSlaSettings } from '@/lib/client/api-shops';
import type { ShopDetail, ShopSlaSettings } from '@/lib/protocol';
import { errorFor, FieldError, SaveRow, Section, SectionError, useSave } from './form';
import { WorkingHoursEditor, type WeekDraft } from './WorkingHoursEditor';

interface SectionProps {
  api: ApiClient;
  shop: ShopDetail;
  onSaved(shop: ShopDetail): void;
}

const OFFICE_WEEK: WeekDraft = Object.fromEntries(
  ['1', '2', '3', '4', '5'].map((d) => [d, [{ start: '09:00', end: '18:00' }]]),
);

/** The week without its closed days, as the server keeps it. */
const weeklyOf = (week: WeekDraft): NonNullable<ShopSlaSettings['businessHours']>['weekly'] =>
  Object.fromEntries(Object.entries(week).filter(([, ranges]) => ranges.length > 0));

/** Working hours: off (reply times count every hour) or a week and holidays in the shop's time zone. */
export function WorkingHoursSection({ api, shop, onSaved }: SectionProps) {
  const current = shop.sla.businessHours;
  const [enabled, setEnabled] = useState(current !== null);
  const [week, setWeek] = useState<WeekDraft>(
    () => (current ? { ...current.weekly } : OFFICE_WEEK) as WeekDraft,
  );
  const [holidays, setHolidays] = useState<string[]>(current?.holidays ?? []);
  const { busy, refusal, saved, run } = useSave();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const sla = await saveSlaSettings(api, shop.id, {
        ...shop.sla,
        businessHours: enabled ? { timeZone: shop.timeZone, weekly: weeklyOf(week), holidays } : null,
      });
      onSaved({ ...shop, sla });
    });
  };
  const error = errorFor(refusal, 'body.businessHours');
  return (
    <Section
      title={i18n.t('shops.hours.title')}
      icon={<CalendarClock size={16} aria-hidden />}
      intro={i18n.t('shops.hours.intro', [shop.timeZone])}
      testId="shop-hours"
    >
      <form onSubmit={submit} noValidate>
        <label className="options-check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          {i18n.t('shops.hours.enabled')}
        </label>
        {enabled && (
          <WorkingHoursEditor week={week} holidays={holidays} onWeek={setWeek} onHolidays={setHolidays} />
        )}
        <FieldError id="shop-hours-error" message={error} />
        <SectionError
          refusal={refusal}
          fields={['body.businessHours', 'body.overdueHours', 'body.autoCloseDays']}
        />
        {/* A calendar too sparse for the thresholds is refused by name of the threshold: shown here too. */}
        <FieldError
          id="shop-hours-threshold-error"
          message={errorFor(refusal, 'body.overdueHours', 'body.autoCloseDays')}
        />
        <SaveRow busy={busy} saved={saved} />
      </form>
    </Section>
  );
}

/** Reply times: due soon, overdue and auto-close, and whether automated replies stop the clock. */
export function ReplyTimesSection({ api, shop, onSaved }: SectionProps) {
  const [draft, setDraft] = useState({
    dueSoonHours: String(shop.sla.dueSoonHours),
    overdueHours: String(shop.sla.overdueHours),
    autoCloseDays: String(shop.sla.autoCloseDays),
    automatedRepliesStopClock: shop.sla.automatedRepliesStopClock,
  });
  const { busy, refusal, saved, run } = useSave();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const sla = await saveSlaSettings(api, shop.id, {
        ...shop.sla,
        dueSoonHours: Number(draft.dueSoonHours),
        overdueHours: Number(draft.overdueHours),
        autoCloseDays: Number(draft.autoCloseDays),
        automatedRepliesStopClock: draft.automatedRepliesStopClock,
      });
      onSaved({ ...shop, sla });
    });
  };
  const number = (field: 'dueSoonHours' | 'overdueHours' | 'autoCloseDays', unit: string) => {
    const message = errorFor(refusal, `body.${field}`);
    return (
      <>
        <label className="number-field">
          <span>{i18n.t(`shops.replyTimes.${field}`)}</span>
          <span className="with-unit">
            <input
              type="number"
              inputMode="decimal"
              min={0}
              step="any"
              value={draft[field]}
              aria-invalid={Boolean(message) || undefined}
              aria-describedby={message ? `shop-${field}-error` : undefined}
              onChange={(e) => setDraft((d) => ({ ...d, [field]: e.target.value }))}
            />
            <span className="muted">{unit}</span>
          </span>
        </label>
        <FieldError id={`shop-${field}-error`} message={message} />
      </>
    );
  };
  return (
    <Section
      title={i18n.t('shops.replyTimes.title')}
      icon={<Timer size={16} aria-hidden />}
      intro={i18n.t(
        shop.sla.businessHours ? 'shops.replyTimes.introHours' : 'shops.replyTimes.introCalendar',
      )}
      testId="shop-reply-times"
    >
      <form onSubmit={submit} noValidate>
        {number('dueSoonHours', i18n.t('shops.units.hours'))}
        {number('overdueHours', i18n.t('shops.units.hours'))}
        {number('autoCloseDays', i18n.t('shops.units.days'))}
        <label className="options-check">
          <input
            type="checkbox"
            checked={draft.automatedRepliesStopClock}
            onChange={(e) => setDraft((d) => ({ ...d, automatedRepliesStopClock: e.target.checked }))}
          />
          {i18n.t('shops.replyTimes.automated')}
        </label>
        <SectionError
          refusal={refusal}
          fields={['body.dueSoonHours', 'body.overdueHours', 'body.autoCloseDays']}
        />
        <SaveRow busy={busy} saved={saved} />
      </form>
    </Section>
  );
}

/** Queue options: the member who served last; chats of a member away for long go back to the queue. */
export function QueueSection({ api, shop, onSaved }: SectionProps) {
  const [preferLastServed, setPreferLastServed] = useState(shop.queue.preferLastServed);
  const [returnOn, setReturnOn] = useState(shop.queue.returnUnrepliedAfterMinutes !== null);
  const [minutes, setMinutes] = useState(String(shop.queue.returnUnrepliedAfterMinutes ?? 30));
  const { busy, refusal, saved, run } = useSave();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const queue = await saveQueueSettings(api, shop.id, {
        preferLastServed,
        returnUnrepliedAfterMinutes: returnOn ? Number(minutes) : null,
      });
      onSaved({ ...shop, queue });
    });
  };
  const error = errorFor(refusal, 'body.returnUnrepliedAfterMinutes');
  return (
    <Section title={i18n.t('shops.queue.title')} icon={<Inbox size={16} aria-hidden />} testId="shop-queue">
      <form onSubmit={submit} noValidate>
        <label className="options-check">
          <input
            type="checkbox"
            checked={preferLastServed}
            onChange={(e) => setPreferLastServed(e.target.checked)}
          />
          {i18n.t('shops.queue.preferLastServed')}
        </label>
        <label className="options-check">
          <input type="checkbox" checked={returnOn} onChange={(e) => setReturnOn(e.target.checked)} />
          {i18n.t('shops.queue.returnUnreplied')}
        </label>
        {returnOn && (
          <label className="number-field indented">
            <span>{i18n.t('shops.queue.after')}</span>
            <span className="with-unit">
              <input
                type="number"
                min={1}
                max={1440}
                value={minutes}
                aria-invalid={Boolean(error) || undefined}
                aria-describedby={error ? 'shop-return-error' : undefined}
                onChange={(e) => setMinutes(e.target.value)}
              />
              <span className="muted">{i18n.t('shops.units.minutes')}</span>
            </span>
          </label>
        )}
        <FieldError id="shop-return-error" message={error} />
        <SectionError refusal={refusal} fields={['body.returnUnrepliedAfterMinutes']} />
        <SaveRow busy={busy} saved={saved} />
      </form>
    </Section>
  );
}

const CATEGORIES = ['pre_sale', 'in_sale', 'after_sale', 'logistics'] as const;

/** Keyword rules: a new conversation whose first message has one of a category's words gets that category. */
export function CategoriesSection({ api, shop, onSaved }: SectionProps) {
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      CATEGORIES.map((c) => [
        c,
        shop.categoryRules
          .filter((r) => r.category === c)
          .flatMap((r) => r.keywords)
          .join(', '),
      ]),
    ),
  );
  const { busy, refusal, saved, run } = useSave();
  const rules = CATEGORIES.map((category) => ({
    category,
    keywords: (texts[category] ?? '')
      .split(/[,\n]/)
      .map((k) => k.trim())
      .filter(Boolean),
  })).filter((r) => r.keywords.length > 0);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const saved = await saveCategoryRules(api, shop.id, { rules });
      onSaved({ ...shop, categoryRules: saved.rules });
    });
  };
  // The server names a rule by its place among the rules sent, which skips the empty categories.
  const errorOf = (category: string) => {
    const index = rules.findIndex((r) => r.category === category);
    return index < 0 ? null : errorFor(refusal, `body.rules.${index}`);
  };
  return (
    <Section
      title={i18n.t('shops.categories.title')}
      icon={<Tags size={16} aria-hidden />}
      intro={i18n.t('shops.categories.intro')}
      testId="shop-categories"
    >
      <form onSubmit={submit} noValidate>
        {CATEGORIES.map((category) => (
          <div key={category}>
            <label className="stacked">
              {i18n.t(`chatExtras.category.${category}`)}
              <textarea
                rows={3}
                value={texts[category]}
                placeholder={i18n.t('shops.categories.placeholder')}
                aria-invalid={Boolean(errorOf(category)) || undefined}
                onChange={(e) => setTexts((t) => ({ ...t, [category]: e.target.value }))}
              />
            </label>
            <FieldError id={`shop-category-${category}-error`} message={errorOf(category)} />
          </div>
        ))}
        <SectionError refusal={refusal} fields={rules.map((_, i) => `body.rules.${i}`)} />
        <SaveRow busy={busy} saved={saved} />
      </form>
    </Section>
  );
}
