import { useMemo } from 'react';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { useSession } from '@/components/app/session';
import { seesAllConversations } from '@/lib/domain/visibility';
import type { AnalyticsSummary, Headline } from '@/lib/protocol';
import { Sparkline } from './Sparkline';
import { count, figuresError, outOf, percent } from './format';
import { useAnalyticsSummary, useLiveFigures } from './useAnalytics';
import './analytics.css';

type HeadlineKey = 'responseRate' | 'satisfaction' | 'sessions';

const valueOf = (h: Headline, key: HeadlineKey): number | null =>
  key === 'responseRate' ? h.responseRate24h.rate : key === 'satisfaction' ? h.satisfaction.rate : h.sessions;
const shown = (h: Headline, key: HeadlineKey) =>
  key === 'sessions' ? count(h.sessions) : percent(valueOf(h, key));
const basis = (h: Headline, key: HeadlineKey) =>
  key === 'responseRate'
    ? outOf(h.responseRate24h.answered, h.responseRate24h.countable)
    : key === 'satisfaction'
      ? outOf(h.satisfaction.satisfied, h.satisfaction.rated)
      : '';

/**
 * The supervisor's glance (product §8): the three headline figures today and over 7 days with the week's trend,
 * and the team; an agent sees their own figures. Computed by the server, asked again as events arrive.
 */
export function PopupFigures() {
  useLiveFigures();
  const { session } = useSession();
  // An agent asks for their own figures, as the reports page does; the workspace's are for managers and above.
  const filter = useMemo(
    () => (seesAllConversations(session.member.role) ? {} : { memberIds: [session.member.id] }),
    [session.member.role, session.member.id],
  );
  const summary = useAnalyticsSummary(filter);
  if (summary.error && !summary.data) {
    return (
      <p className="error" role="alert" data-testid="figures-error">
        {i18n.t('analytics.loadFailed', [figuresError(summary.error)])}
      </p>
    );
  }
  if (!summary.data)
    return (
      <p className="muted" aria-busy="true">
        {i18n.t('analytics.loading')}
      </p>
    );
  const data = summary.data;
  return (
    <section className="popup-figures" aria-label={i18n.t('analytics.figures')} data-testid="popup-figures">
      {data.scope === 'member' && <p className="muted">{i18n.t('analytics.yourFigures')}</p>}
      <div className="headlines">
        {(['responseRate', 'satisfaction', 'sessions'] as const).map((key) => (
          <HeadlineCard key={key} name={key} summary={data} />
        ))}
      </div>
      {data.scope === 'workspace' && <TeamTable agents={data.agents} />}
      <button
        type="button"
        className="secondary"
        data-testid="open-reports"
        onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/reports.html') })}
      >
        {i18n.t('analytics.openReports')}
      </button>
    </section>
  );
}

function HeadlineCard({ name, summary }: { name: HeadlineKey; summary: AnalyticsSummary }) {
  const title = i18n.t(`analytics.headline.${name}`);
  return (
    <div className="headline" data-testid={`headline-${name}`}>
      <span className="headline-title">{title}</span>
      <span className="headline-today">
        <strong data-testid="headline-today">{shown(summary.today, name)}</strong>
        <span className="muted"> {i18n.t('analytics.today')}</span>
      </span>
      {name !== 'sessions' && <span className="muted headline-basis">{basis(summary.today, name)}</span>}
      <span className="headline-week">
        <span data-testid="headline-week">{shown(summary.last7Days, name)}</span>
        <span className="muted"> {i18n.t('analytics.last7Days')}</span>
      </span>
      <Sparkline
        values={summary.trend.map((day) => valueOf(day, name))}
        label={i18n.t('analytics.trendOf', [title])}
      />
    </div>
  );
}

function TeamTable({ agents }: { agents: AnalyticsSummary['agents'] }) {
  return (
    <table className="team-figures" data-testid="team-figures">
      <caption>{i18n.t('analytics.team')}</caption>
      <thead>
        <tr>
          <th scope="col">{i18n.t('analytics.member')}</th>
          <th scope="col" title={i18n.t('analytics.sessionsTodayHint')}>
            {i18n.t('analytics.sessionsToday')}
          </th>
          <th scope="col">
            <abbr title={i18n.t('analytics.headline.responseRate')}>{i18n.t('analytics.rateShort')}</abbr>
          </th>
          <th scope="col">
            <abbr title={i18n.t('analytics.headline.satisfaction')}>
              {i18n.t('analytics.satisfactionShort')}
            </abbr>
          </th>
          <th scope="col">{i18n.t('analytics.openChats')}</th>
        </tr>
      </thead>
      <tbody>
        {agents.map((a) => (
          <tr key={a.memberId} data-testid="team-row" data-member-id={a.memberId}>
            <th scope="row">
              <span className={`presence presence-${a.status}`} aria-hidden="true" />
              {a.nickname}
              <span className="visually-hidden"> ({i18n.t(`analytics.presence.${a.status}`)})</span>
            </th>
            <td>{count(a.sessionsToday)}</td>
            <td>{percent(a.responseRate24h.rate)}</td>
            <td>{percent(a.satisfaction.rate)}</td>
            <td>{count(a.openChats)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
