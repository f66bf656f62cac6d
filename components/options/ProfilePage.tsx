import { useRef, useState, type FormEvent } from 'react';
import { ImageUp, LogOut, Plus, Trash2, X } from 'lucide-react';
import { i18n } from '#i18n';
import { useStorageItem } from '@/components/app/useStorageItem';
import { Avatar } from '@/components/team/Avatar';
import { roleName } from '@/components/team/roleName';
import { removeAvatar, updateProfile, uploadAvatar } from '@/lib/client/api-profile';
import { squareAvatar } from '@/lib/client/avatar-image';
import { askBackground } from '@/lib/client/messaging';
import { sessionItem } from '@/lib/client/settings';
import {
  MAX_CAPACITY,
  type MemberLanguage,
  type Profile,
  type StoredSession,
  type WorkingHours,
} from '@/lib/protocol';
import { PasswordSection } from './PasswordSection';
import { keepProfile, problemOf, useProfile } from './useProfile';
import './profile.css';

type Day = '0' | '1' | '2' | '3' | '4' | '5' | '6';
/** Monday first, as a working week is read. */
const WEEK: Day[] = ['1', '2', '3', '4', '5', '6', '0'];

interface HoursDraft {
  own: boolean;
  timeZone: string;
  days: Record<Day, { on: boolean; start: string; end: string }>;
  holidays: string[];
}

interface Draft {
  nickname: string;
  capacity: string;
  language: MemberLanguage;
  hours: HoursDraft;
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

function hoursDraftOf(hours: WorkingHours | null): HoursDraft {
  const days = {} as HoursDraft['days'];
  for (const day of WEEK) {
    const range = hours?.weekly[day]?.[0];
    // Without hours of their own, a member starts from an office week to adjust.
    const weekday = day !== '0' && day !== '6';
    days[day] = range
      ? { on: true, start: range.start, end: range.end }
      : { on: !hours && weekday, start: '09:00', end: '18:00' };
  }
  return {
    own: hours !== null,
    timeZone: hours?.timeZone ?? browserZone(),
    days,
    holidays: [...(hours?.holidays ?? [])],
  };
}

function draftOf(profile: Profile): Draft {
  return {
    nickname: profile.nickname,
    capacity: String(profile.capacity),
    language: profile.language,
    hours: hoursDraftOf(profile.workingHours),
  };
}

function hoursOf(draft: HoursDraft): WorkingHours | null {
  if (!draft.own) return null;
  const weekly: WorkingHours['weekly'] = {};
  for (const day of WEEK) {
    const d = draft.days[day];
    if (d.on) weekly[day] = [{ start: d.start, end: d.end }];
  }
  return { timeZone: draft.timeZone.trim(), weekly, holidays: draft.holidays };
}

/** The Account page: the member's profile, then which server and shops they are signed in to, and sign-out. */
export function ProfilePage() {
  const session = useStorageItem(sessionItem);
  if (!session) return <p className="muted">{i18n.t('options.account.signedOut')}</p>;
  return <ProfileForm session={session} />;
}

function ProfileForm({ session }: { session: StoredSession }) {
  const { api, profile, loadError } = useProfile(session);
  // The member's edits; until they start, the form shows the server's profile (changes from other browsers too).
  const [edited, setEdited] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<{ field: string | null; message: string } | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [pictureBusy, setPictureBusy] = useState(false);
  const [dayOff, setDayOff] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  if (loadError && !profile) return <p className="error field-error">{loadError}</p>;
  if (!profile) return <div className="loading" aria-busy="true" />;
  const draft = edited ?? draftOf(profile);

  const change = (next: Partial<Draft>) => {
    setEdited({ ...draft, ...next });
    setStatus('idle');
  };
  const changeHours = (next: Partial<HoursDraft>) => change({ hours: { ...draft.hours, ...next } });
  const changeDay = (day: Day, next: Partial<HoursDraft['days'][Day]>) =>
    changeHours({ days: { ...draft.hours.days, [day]: { ...draft.hours.days[day], ...next } } });
  const errorOf = (field: string) =>
    problem?.field === field ? (
      <p className="error field-error" role="alert" data-testid={`profile-error-${field}`}>
        {problem.message}
      </p>
    ) : null;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setStatus('saving');
    setProblem(null);
    try {
      const capacity = Number(draft.capacity);
      const saved = await updateProfile(api, {
        nickname: draft.nickname,
        capacity: draft.capacity.trim() === '' || !Number.isFinite(capacity) ? -1 : capacity,
        language: draft.language,
        workingHours: hoursOf(draft.hours),
      });
      await keepProfile(saved);
      setEdited(null);
      setStatus('saved');
    } catch (error) {
      setProblem(problemOf(error));
      setStatus('idle');
    }
  };

  const choosePicture = async (file: File | undefined) => {
    if (!file) return;
    setProblem(null);
    setPictureBusy(true);
    try {
      let picture: Blob;
      try {
        picture = await squareAvatar(file);
      } catch {
        setProblem({ field: 'file', message: i18n.t('me.profile.notPicture') });
        return;
      }
      await keepProfile(await uploadAvatar(api, picture));
    } catch (error) {
      setProblem({ ...problemOf(error), field: 'file' });
    } finally {
      setPictureBusy(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const dropPicture = async () => {
    setProblem(null);
    try {
      await keepProfile(await removeAvatar(api));
    } catch (error) {
      setProblem({ ...problemOf(error), field: 'file' });
    }
  };

  const weekday = new Intl.DateTimeFormat(navigator.language, { weekday: 'short' });
  // 2023-01-01 was a Sunday: day n of the week is n days later.
  const dayName = (day: Day) => weekday.format(new Date(Date.UTC(2023, 0, 1 + Number(day), 12)));
  const limit = profile.capacityLimit ?? MAX_CAPACITY;
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

  return (
    <>
      <div className="profile-card">
        <Avatar serverUrl={session.serverUrl} member={profile} size={64} />
        <div className="profile-card-text">
          <strong data-testid="profile-name">{profile.nickname}</strong>
          <span className="muted">
            {roleName(profile.role)} · {session.workspace.name}
          </span>
          <span className="muted">{profile.email}</span>
          <div className="profile-picture-buttons">
            <button
              type="button"
              className="secondary small"
              disabled={pictureBusy}
              onClick={() => fileInput.current?.click()}
            >
              <ImageUp size={14} aria-hidden="true" /> {i18n.t('me.profile.changePicture')}
            </button>
            {profile.avatarUrl && (
              <button
                type="button"
                className="secondary small"
                data-testid="profile-remove-picture"
                onClick={() => void dropPicture()}
              >
                <Trash2 size={14} aria-hidden="true" /> {i18n.t('me.profile.removePicture')}
              </button>
            )}
          </div>
          <input
            ref={fileInput}
            type="file"
            accept="image/*"
            className="visually-hidden"
            data-testid="profile-picture"
            aria-label={i18n.t('me.profile.changePicture')}
            onChange={(e) => void choosePicture(e.target.files?.[0])}
          />
          {errorOf('file')}
        </div>
      </div>

      <form className="profile-form" onSubmit={(e) => void save(e)} noValidate>
        <label>
          {i18n.t('me.profile.nickname')}
          <input
            data-testid="profile-nickname"
            value={draft.nickname}
            maxLength={40}
            aria-invalid={problem?.field === 'nickname'}
            onChange={(e) => change({ nickname: e.target.value })}
          />
          <span className="muted">{i18n.t('me.profile.nicknameHelp')}</span>
          {errorOf('nickname')}
        </label>

        <label>
          {i18n.t('me.profile.capacity')}
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={limit}
            data-testid="profile-capacity"
            className="profile-capacity"
            value={draft.capacity}
            aria-invalid={problem?.field === 'capacity'}
            onChange={(e) => change({ capacity: e.target.value })}
          />
          <span className="muted">
            {profile.capacityLimit === null
              ? i18n.t('me.profile.capacityHelpNoLimit', [MAX_CAPACITY])
              : i18n.t('me.profile.capacityHelp', [profile.capacityLimit])}
          </span>
          {errorOf('capacity')}
        </label>

        <label>
          {i18n.t('me.profile.language')}
          <select
            data-testid="profile-language"
            value={draft.language}
            onChange={(e) => change({ language: e.target.value as MemberLanguage })}
          >
            <option value="en">English</option>
            <option value="it">Italiano</option>
          </select>
          <span className="muted">{i18n.t('me.profile.languageHelp')}</span>
          {errorOf('language')}
        </label>

        <fieldset className="profile-hours">
          <legend>{i18n.t('me.profile.hours')}</legend>
          <label className="check">
            <input
              type="radio"
              name="hours"
              checked={!draft.hours.own}
              onChange={() => changeHours({ own: false })}
            />
            {i18n.t('me.profile.hoursAlways')}
          </label>
          <label className="check">
            <input
              type="radio"
              name="hours"
              data-testid="profile-hours-own"
              checked={draft.hours.own}
              onChange={() => changeHours({ own: true })}
            />
            {i18n.t('me.profile.hoursOwn')}
          </label>
          <span className="muted">{i18n.t('me.profile.hoursHelp')}</span>
          {draft.hours.own && (
            <>
              <label>
                {i18n.t('me.profile.timeZone')}
                <input
                  list="profile-time-zones"
                  data-testid="profile-time-zone"
                  value={draft.hours.timeZone}
                  onChange={(e) => changeHours({ timeZone: e.target.value })}
                />
                <datalist id="profile-time-zones">
                  {zones.map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
                <span className="muted">{i18n.t('me.profile.timeZoneHelp')}</span>
              </label>
              <table className="profile-week">
                <tbody>
                  {WEEK.map((day) => {
                    const d = draft.hours.days[day];
                    return (
                      <tr key={day} data-day={day}>
                        <th scope="row">
                          <label className="check">
                            <input
                              type="checkbox"
                              checked={d.on}
                              onChange={(e) => changeDay(day, { on: e.target.checked })}
                            />
                            {dayName(day)}
                          </label>
                        </th>
                        <td>
                          {d.on ? (
                            <span className="profile-range">
                              <input
                                type="time"
                                aria-label={i18n.t('me.profile.from', [dayName(day)])}
                                value={d.start}
                                onChange={(e) => changeDay(day, { start: e.target.value })}
                              />
                              –
                              <input
                                type="time"
                                aria-label={i18n.t('me.profile.until', [dayName(day)])}
                                value={d.end === '24:00' ? '23:59' : d.end}
                                onChange={(e) => changeDay(day, { end: e.target.value })}
                              />
                            </span>
                          ) : (
                            <span className="muted">{i18n.t('me.profile.off')}</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <div className="profile-days-off">
                <span>{i18n.t('me.profile.daysOff')}</span>
                <ul>
                  {draft.hours.holidays.map((date) => (
                    <li key={date}>
                      {new Date(`${date}T12:00:00Z`).toLocaleDateString(navigator.language, {
                        dateStyle: 'medium',
                        timeZone: 'UTC',
                      })}
                      <button
                        type="button"
                        className="header-icon"
                        aria-label={i18n.t('me.profile.removeDayOff', [date])}
                        onClick={() =>
                          changeHours({ holidays: draft.hours.holidays.filter((h) => h !== date) })
                        }
                      >
                        <X size={14} aria-hidden="true" />
                      </button>
                    </li>
                  ))}
                </ul>
                <span className="profile-range">
                  <input
                    type="date"
                    aria-label={i18n.t('me.profile.dayOff')}
                    value={dayOff}
                    onChange={(e) => setDayOff(e.target.value)}
                  />
                  <button
                    type="button"
                    className="secondary small"
                    disabled={!dayOff || draft.hours.holidays.includes(dayOff)}
                    onClick={() => {
                      changeHours({ holidays: [...draft.hours.holidays, dayOff].sort() });
                      setDayOff('');
                    }}
                  >
                    <Plus size={14} aria-hidden="true" /> {i18n.t('me.profile.addDayOff')}
                  </button>
                </span>
              </div>
            </>
          )}
          {errorOf('workingHours')}
        </fieldset>

        {problem && problem.field === null && <p className="error field-error">{problem.message}</p>}
        <div className="profile-save">
          <button type="submit" className="primary" data-testid="profile-save" disabled={status === 'saving'}>
            {status === 'saving' ? i18n.t('me.profile.saving') : i18n.t('me.profile.save')}
          </button>
          {status === 'saved' && (
            <span className="muted" role="status" data-testid="profile-saved">
              {i18n.t('me.saved')}
            </span>
          )}
        </div>
      </form>

      <PasswordSection api={api} />

      <h3>{i18n.t('me.profile.account')}</h3>
      <dl className="options-facts">
        <dt>{i18n.t('options.account.server')}</dt>
        <dd data-testid="options-server">{session.serverUrl}</dd>
        <dt>{i18n.t('options.account.shops')}</dt>
        <dd>{session.shops.map((s) => s.name).join(', ')}</dd>
      </dl>
      <button type="button" className="secondary" onClick={() => void askBackground({ type: 'signOut' })}>
        <LogOut size={14} aria-hidden="true" /> {i18n.t('app.signOut')}
      </button>
    </>
  );
}
