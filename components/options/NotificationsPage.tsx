import { useState } from 'react';
import { browser } from 'wxt/browser';
import { Volume2 } from 'lucide-react';
import { i18n } from '#i18n';
import { useStorageItem } from '@/components/app/useStorageItem';
import { saveNotificationSettings } from '@/lib/client/api-profile';
import { sessionItem } from '@/lib/client/settings';
import {
  notificationChannels,
  notificationEvents,
  type NotificationChannel,
  type NotificationEvent,
  type NotificationSettings,
  type StoredSession,
} from '@/lib/protocol';
import { keepProfile, problemOf, useProfile } from './useProfile';
import './profile.css';

/** The choices of how often the digest may come, in minutes. */
const EMAIL_PERIODS = [5, 15, 30, 60, 120, 240, 1440];

function periodName(minutes: number): string {
  return minutes < 60
    ? i18n.t('me.notifications.minutes', minutes)
    : minutes < 1440
      ? i18n.t('me.notifications.hours', minutes / 60)
      : i18n.t('me.notifications.day');
}

/** The Notifications page: which event reaches the member how, the email period, and the toolbar badge. */
export function NotificationsPage() {
  const session = useStorageItem(sessionItem);
  if (!session) return <p className="muted">{i18n.t('me.notifications.signedOut')}</p>;
  return <NotificationGrid session={session} />;
}

function NotificationGrid({ session }: { session: StoredSession }) {
  const { api, profile, loadError } = useProfile(session);
  // A box follows the click at once; the server's answer then becomes the stored copy.
  const [chosen, setChosen] = useState<NotificationSettings | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (loadError && !profile) return <p className="error field-error">{loadError}</p>;
  if (!profile) return <div className="loading" aria-busy="true" />;
  const settings = chosen ?? profile.notifications;
  const emailOff = !profile.emailAvailable;

  const save = async (next: NotificationSettings) => {
    setChosen(next);
    setProblem(null);
    setSaved(false);
    try {
      await keepProfile(await saveNotificationSettings(api, next));
      setSaved(true);
    } catch (error) {
      setProblem(problemOf(error).message);
    } finally {
      setChosen(null);
    }
  };
  const toggle = (event: NotificationEvent, channel: NotificationChannel, on: boolean) =>
    void save({
      ...settings,
      events: { ...settings.events, [event]: { ...settings.events[event], [channel]: on } },
    });
  const anyEmail = notificationEvents.some((e) => settings.events[e].email);

  return (
    <>
      <p className="muted">{i18n.t('me.notifications.intro')}</p>
      <table className="notify-grid" data-testid="notify-grid">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">{i18n.t('me.notifications.event')}</span>
            </th>
            {notificationChannels.map((c) => (
              <th scope="col" key={c}>
                {i18n.t(`me.notifications.channels.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {notificationEvents.map((event) => (
            <tr key={event}>
              <th scope="row">{i18n.t(`me.notifications.events.${event}`)}</th>
              {notificationChannels.map((channel) => (
                <td key={channel}>
                  <input
                    type="checkbox"
                    data-testid={`pref-${event}-${channel}`}
                    aria-label={`${i18n.t(`me.notifications.events.${event}`)}: ${i18n.t(`me.notifications.channels.${channel}`)}`}
                    checked={settings.events[event][channel] && !(channel === 'email' && emailOff)}
                    disabled={channel === 'email' && emailOff}
                    onChange={(e) => toggle(event, channel, e.target.checked)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {emailOff && (
        <p className="muted" data-testid="email-unavailable">
          {i18n.t('me.notifications.emailOff')}
        </p>
      )}

      <label className="notify-period">
        {i18n.t('me.notifications.emailEvery')}
        <select
          data-testid="pref-email-every"
          value={settings.emailEveryMinutes}
          disabled={emailOff || !anyEmail}
          onChange={(e) => void save({ ...settings, emailEveryMinutes: Number(e.target.value) })}
        >
          {[...new Set([...EMAIL_PERIODS, settings.emailEveryMinutes])]
            .sort((a, b) => a - b)
            .map((m) => (
              <option key={m} value={m}>
                {periodName(m)}
              </option>
            ))}
        </select>
      </label>
      <p className="muted">{i18n.t('me.notifications.emailHelp')}</p>

      <label className="check options-check notify-badge">
        <input
          type="checkbox"
          data-testid="pref-badge"
          checked={settings.badge}
          onChange={(e) => void save({ ...settings, badge: e.target.checked })}
        />
        {i18n.t('me.notifications.badge')}
      </label>

      <button
        type="button"
        className="secondary small"
        onClick={() => void new Audio(browser.runtime.getURL('/sounds/notify.wav')).play().catch(() => {})}
      >
        <Volume2 size={14} aria-hidden="true" /> {i18n.t('me.notifications.testSound')}
      </button>
      <p className="muted">{i18n.t('me.notifications.systemHelp')}</p>

      {problem && (
        <p className="error field-error" role="alert">
          {problem}
        </p>
      )}
      {saved && !problem && (
        <p className="muted" role="status" data-testid="notify-saved">
          {i18n.t('me.saved')}
        </p>
      )}
    </>
  );
}
