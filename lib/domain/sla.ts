import type { Conversation } from '../protocol';
import type { BusinessCalendar } from './business-hours';
import {
  addWorkingTime,
  calendarSenseProblem,
  endsWithinHorizon,
  WORKING_TIME_HORIZON_DAYS,
  workingTimeBetween,
} from './business-hours';

/**
 * The SLA clock of a conversation (product §6): how long it has waited for a reply, when it turns due soon and
 * overdue, when it auto-closes, when a snooze ends. Waiting counts calendar time, or the working time of the
 * shop's calendar when one is given.
 */

/** Per shop. Auto-close counts days of 24 hours, of working time when the shop counts business hours. */
export interface SlaThresholds {
  dueSoonHours: number;
  overdueHours: number;
  autoCloseDays: number;
}

export const DEFAULT_SLA_THRESHOLDS: Readonly<SlaThresholds> = {
  dueSoonHours: 20,
  overdueHours: 24,
  autoCloseDays: 7,
};

/**
 * Why a shop's thresholds and calendar together cannot run a reply clock, naming the setting to change, or
 * null: a calendar that makes no sense, due soon not before overdue, or a threshold the calendar would reach
 * only years after `now` (the clock stops looking at its horizon, about four years).
 */
export function slaSettingsProblem(
  thresholds: SlaThresholds,
  calendar: BusinessCalendar | null,
  now: Date,
): { field: keyof SlaThresholds | 'businessHours'; message: string } | null {
  if (thresholds.dueSoonHours >= thresholds.overdueHours) {
    return { field: 'dueSoonHours', message: 'must come before overdueHours' };
  }
  if (calendar === null) return null;
  const senseless = calendarSenseProblem(calendar);
  if (senseless) return { field: 'businessHours', message: senseless };
  const steps = [
    {
      field: 'overdueHours',
      hours: thresholds.overdueHours,
      words: `overdue after ${thresholds.overdueHours} h`,
    },
    {
      field: 'autoCloseDays',
      hours: thresholds.autoCloseDays * 24,
      words: `auto-close after ${thresholds.autoCloseDays} days`,
    },
  ] as const;
  for (const step of steps) {
    if (!endsWithinHorizon(now, step.hours * HOUR, calendar)) {
      const years = Math.round(WORKING_TIME_HORIZON_DAYS / 365);
      return {
        field: step.field,
        message: `with these opening hours, ${step.words} of working time would come more than ${years} years from now; lower it or open the shop longer`,
      };
    }
  }
  return null;
}

/** The steps of waiting that notify the assignee (and move the conversation between inbox buckets). */
export type SlaStep = 'due_soon' | 'overdue';

export type DeadlineKind = SlaStep | 'auto_close' | 'snooze_wake';

export interface Deadline<Kind extends DeadlineKind = DeadlineKind> {
  kind: Kind;
  at: Date;
}

export type SlaState = 'none' | 'on_time' | SlaStep;

type SlaClockFields = Pick<Conversation, 'status' | 'awaitingReplySince' | 'trashedAt'>;

const HOUR = 3_600_000;

/**
 * The instants a conversation awaiting a reply turns due soon, overdue, and auto-closes, earliest first;
 * none when it awaits no reply, is closed or is in the trash. Due soon exists only when it comes before
 * overdue (as its bucket does), so the two notices never fall on the same instant.
 */
export function slaDeadlines(
  conversation: SlaClockFields,
  thresholds: SlaThresholds,
  calendar: BusinessCalendar | null,
): Deadline<SlaStep | 'auto_close'>[] {
  const since = waitingSince(conversation);
  if (!since) return [];
  const steps: { kind: SlaStep | 'auto_close'; afterMs: number }[] = [
    { kind: 'due_soon', afterMs: thresholds.dueSoonHours * HOUR },
    { kind: 'overdue', afterMs: thresholds.overdueHours * HOUR },
    { kind: 'auto_close', afterMs: thresholds.autoCloseDays * 24 * HOUR },
  ];
  const ordered = steps
    .filter((step) => step.kind !== 'due_soon' || thresholds.dueSoonHours < thresholds.overdueHours)
    .sort((a, b) => a.afterMs - b.afterMs);
  // Each step counts on from the one before, so a business-hours calendar is walked once, not three times.
  let at = since;
  let counted = 0;
  return ordered.map(({ kind, afterMs }) => {
    at = addWorkingTime(at, afterMs - counted, calendar);
    counted = afterMs;
    return { kind, at };
  });
}

/**
 * The conversation's next deadline after the instant `after`, for the server to store as
 * nextDeadlineAt / nextDeadlineKind: the snooze wake-up of a snoozed conversation, else the first SLA
 * deadline; null when there is none (closed, in the trash, awaiting no reply, snoozed with no end).
 *
 * Due soon and overdue are returned only when strictly after `after`. Auto-close and the snooze wake-up are
 * states, not notices: they are returned even when already past, so a conversation past them closes or wakes
 * at once; the transition itself (closing, reopening) is what stops them from coming back.
 *
 * How the server fires each deadline exactly once:
 * - Firing: in one transaction, lock the row whose stored deadline is due, apply its transition (notify;
 *   or close with reason reply_timeout; or reopen and notify), then store
 *   `nextDeadline(conversationAfterTheTransition, …, storedDeadline.at)`. Pass the fired deadline's own
 *   time, not the clock: a clock that fires late still fires each later notice once and in order, and
 *   the notice just fired is not strictly after its own time, so it never comes back.
 * - Any other change to what the clock reads (status, awaitingReplySince, snoozedUntil, trashedAt, the
 *   shop's thresholds or calendar): fire the stored deadline first if it is already due (same row lock),
 *   then store `nextDeadline(conversation, …, now)`. Notices that came due while the conversation could
 *   not receive them (snoozed, in the trash, or before a threshold was lowered) are not sent afterwards;
 *   its bucket shows the state.
 */
export function nextDeadline(
  conversation: SlaClockFields & Pick<Conversation, 'snoozedUntil'>,
  thresholds: SlaThresholds,
  calendar: BusinessCalendar | null,
  after: Date,
): Deadline | null {
  if (conversation.status === 'closed' || conversation.trashedAt !== null) return null;
  if (conversation.status === 'snoozed') {
    return conversation.snoozedUntil === null
      ? null
      : { kind: 'snooze_wake', at: new Date(conversation.snoozedUntil) };
  }
  const pending = slaDeadlines(conversation, thresholds, calendar).find(
    (deadline) => deadline.kind === 'auto_close' || deadline.at.getTime() > after.getTime(),
  );
  return pending ?? null;
}

/**
 * Where the conversation stands at `now`: due soon from dueSoonHours of waiting (inclusive) to overdueHours
 * (exclusive), overdue from then on. A snoozed conversation keeps its state; the inbox hides it meanwhile.
 */
export function slaState(
  conversation: SlaClockFields,
  thresholds: SlaThresholds,
  calendar: BusinessCalendar | null,
  now: Date,
): SlaState {
  const since = waitingSince(conversation);
  if (!since) return 'none';
  const waited = workingTimeBetween(since, now, calendar);
  if (waited >= thresholds.overdueHours * HOUR) return 'overdue';
  if (waited >= thresholds.dueSoonHours * HOUR) return 'due_soon';
  return 'on_time';
}

/**
 * For a countdown: the next step ahead and the real time left until it, in ms. With business hours the
 * step's instant already skips the closed hours, so the countdown ticks evenly. Null once overdue, or when
 * the conversation awaits no reply.
 */
export function timeToNextSlaStep(
  conversation: SlaClockFields,
  thresholds: SlaThresholds,
  calendar: BusinessCalendar | null,
  now: Date,
): { step: SlaStep; inMs: number } | null {
  const next = slaDeadlines(conversation, thresholds, calendar).find(
    (deadline): deadline is Deadline<SlaStep> =>
      deadline.kind !== 'auto_close' && deadline.at.getTime() > now.getTime(),
  );
  return next ? { step: next.kind, inMs: next.at.getTime() - now.getTime() } : null;
}

function waitingSince(conversation: SlaClockFields): Date | null {
  if (conversation.status === 'closed' || conversation.trashedAt !== null) return null;
  return conversation.awaitingReplySince === null ? null : new Date(conversation.awaitingReplySince);
}

/** The reply clock's fields a conversation keeps (product §6). */
export interface ReplyClock {
  awaitingReplySince: Date | null;
  firstResponseAt: Date | null;
  lastAgentReplyAt: Date | null;
}

/**
 * The reply clock after an outbound message. A person's reply (in Sidedesk or in the marketplace's own seller
 * tool) answers the customer; an automated one counts as an answer only when the shop says so, and never as
 * a person's first response, so response-time figures stay about people.
 */
export function replyClockAfterOutbound(
  clock: ReplyClock,
  author: 'member' | 'seller_center' | 'automation',
  automatedRepliesStopClock: boolean,
  at: Date,
): ReplyClock {
  if (author === 'automation') {
    return automatedRepliesStopClock ? { ...clock, awaitingReplySince: null } : clock;
  }
  return { awaitingReplySince: null, firstResponseAt: clock.firstResponseAt ?? at, lastAgentReplyAt: at };
}
