import { useEffect, useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { SessionProvider, useSession } from '@/components/app/session';
import { useStorageItem } from '@/components/app/useStorageItem';
import { memberWithRole } from '@/components/team/roleName';
import { useTeam } from '@/components/team/useTeam';
import { money } from '@/components/workbench/format';
import { panelRequestItem, sessionItem } from '@/lib/client/settings';
import { seesAllConversations } from '@/lib/domain/visibility';
import type {
  AnalyticsMetric,
  AnalyticsReport,
  AnalyticsReportQuery,
  Channel,
  Figures,
} from '@/lib/protocol';
import { DailyChart } from './DailyChart';
import { axisDuration, count, duration, figuresError, outOf, percent, reportDay, startedAt } from './format';
import { useAnalyticsConversations, useAnalyticsReport, useLiveFigures } from './useAnalytics';
import './analytics.css';
import './reports.css';

const CHANNELS: Channel[] = ['marketplace', 'webchat', 'email', 'sms'];
const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The reports page: an extension page of its own, opened from the popup. */
export function ReportsApp() {
  const session = useStorageItem(sessionItem);
  if (session === undefined) return <div className="loading" aria-busy="true" />;
  if (session === null) return <p className="reports">{i18n.t('options.account.signedOut')}</p>;
  return (
    <SessionProvider session={session}>
      <Reports />
    </SessionProvider>
  );
}

interface DrillDown {
  metric: AnalyticsMetric;
  title: string;
  day?: string;
}

function Reports() {
  const { session, api } = useSession();
  useLiveFigures();
  const team = useTeam();
  const ownOnly = !seesAllConversations(session.member.role);
  const [query, setQuery] = useState<AnalyticsReportQuery>(() => ({
    from: isoDay(new Date(Date.now() - 29 * DAY)),
    to: isoDay(new Date()),
    ...(ownOnly ? { memberIds: [session.member.id] } : {}),
  }));
  const [tagText, setTagText] = useState('');
  const [drill, setDrill] = useState<DrillDown | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const report = useAnalyticsReport(query);
  // The first range is the last 30 days; a young workspace's starts at its first day with chats instead, so the
  // charts are not mostly empty days. Once the member picks anything, the range is theirs.
  const [rangeSettled, setRangeSettled] = useState(false);
  const [startsAtFirstDay, setStartsAtFirstDay] = useState<string | null>(null);
  if (!rangeSettled && report.data && !report.isPlaceholderData) {
    // Adjusted while rendering (React's way for state that follows data): once, on the first answer.
    const first = report.data.series.find((d) => d.created + d.closed + d.sessions > 0);
    setRangeSettled(true);
    if (first && first.date > report.data.from) {
      setStartsAtFirstDay(first.date);
      setQuery((q) => ({ ...q, from: first.date }));
    }
  }
  const set = (changes: Partial<AnalyticsReportQuery>) => {
    setDrill(null);
    setRangeSettled(true);
    if (changes.from || changes.to) setStartsAtFirstDay(null);
    setQuery((q) => ({ ...q, ...changes }));
  };
  const empty = report.data && !report.isPlaceholderData && isEmpty(report.data);

  const exportCsv = async () => {
    setExportError(null);
    try {
      const blob = await api.analyticsCsv(query);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `sidedesk-${query.from}-${query.to}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (e) {
      setExportError(i18n.t('analytics.loadFailed', [figuresError(e)]));
    }
  };

  return (
    <main className="reports">
      <header className="reports-header">
        <h1>{i18n.t('reports.title')}</h1>
        <span className="muted">
          {session.workspace.name}
          {ownOnly ? ` · ${i18n.t('analytics.yourFigures')}` : ''}
        </span>
      </header>
      <form
        className="report-filters"
        aria-label={i18n.t('reports.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          {i18n.t('reports.from')}
          <input
            type="date"
            value={query.from}
            max={query.to}
            onChange={(e) => e.target.value && set({ from: e.target.value })}
          />
        </label>
        <label>
          {i18n.t('reports.to')}
          <input
            type="date"
            value={query.to}
            min={query.from}
            onChange={(e) => e.target.value && set({ to: e.target.value })}
          />
        </label>
        <label>
          {i18n.t('reports.shop')}
          <select
            data-testid="report-shop"
            value={query.shopIds?.[0] ?? ''}
            onChange={(e) => set({ shopIds: e.target.value ? [e.target.value] : undefined })}
          >
            <option value="">{i18n.t('reports.allShops')}</option>
            {session.shops.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {i18n.t('reports.channel')}
          <select
            value={query.channels?.[0] ?? ''}
            onChange={(e) => set({ channels: e.target.value ? [e.target.value as Channel] : undefined })}
          >
            <option value="">{i18n.t('reports.allChannels')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {i18n.t(`inboxTools.channels.${c}`)}
              </option>
            ))}
          </select>
        </label>
        {!ownOnly && (
          <label>
            {i18n.t('reports.agent')}
            <select
              data-testid="report-agent"
              value={query.memberIds?.[0] ?? ''}
              onChange={(e) => set({ memberIds: e.target.value ? [e.target.value] : undefined })}
            >
              <option value="">{i18n.t('reports.allAgents')}</option>
              {team?.map((m) => (
                <option key={m.id} value={m.id}>
                  {memberWithRole(m)}
                </option>
              ))}
              <option value="unassigned">{i18n.t('chat.unassigned')}</option>
            </select>
          </label>
        )}
        <label>
          {i18n.t('reports.tags')}
          <input
            value={tagText}
            placeholder={i18n.t('reports.tagsPlaceholder')}
            onChange={(e) => setTagText(e.target.value)}
            onBlur={() => {
              const tags = tagText
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean);
              set({ tags: tags.length > 0 ? tags : undefined });
            }}
          />
        </label>
        <button type="button" className="secondary" data-testid="export-csv" onClick={() => void exportCsv()}>
          {i18n.t('reports.exportCsv')}
        </button>
      </form>
      {startsAtFirstDay && !empty && (
        <p className="muted" data-testid="range-note">
          {i18n.t('reports.fromFirstDay', [reportDay(startsAtFirstDay)])}
        </p>
      )}
      {empty && (
        <p className="muted" data-testid="range-note">
          {i18n.t('reports.noChats')}
        </p>
      )}
      {exportError && (
        <p className="error" role="alert">
          {exportError}
        </p>
      )}
      {report.error && (
        <p className="error" role="alert">
          {i18n.t('analytics.loadFailed', [figuresError(report.error)])}
        </p>
      )}
      {!report.data ? (
        !report.error && (
          <p className="muted" aria-busy="true">
            {i18n.t('analytics.loading')}
          </p>
        )
      ) : (
        <ReportBody report={report.data} onDrill={setDrill} busy={report.isPlaceholderData} />
      )}
      {drill && (
        <DrillDownList
          key={`${drill.metric}:${drill.day ?? ''}`}
          query={query}
          drill={drill}
          onClose={() => setDrill(null)}
        />
      )}
    </main>
  );
}

/** Nothing started, closed, open or assigned in the range. */
const isEmpty = ({ totals: t }: AnalyticsReport) => t.created + t.closed + t.open + t.sessions === 0;

const formatCount = (v: number) => count(Math.round(v));
const formatPercent = (v: number) => percent(v);
const formatSeconds = (v: number) => axisDuration(v);

function ReportBody({
  report,
  onDrill,
  busy,
}: {
  report: AnalyticsReport;
  onDrill: (drill: DrillDown) => void;
  busy: boolean;
}) {
  const t = report.totals;
  const days = useMemo(() => report.series.map((d) => d.date), [report]);
  const volume = useMemo(
    () => [
      {
        label: i18n.t('reports.created'),
        values: report.series.map((d) => d.created),
        color: '#0f766e',
        whole: count(report.totals.created),
      },
      {
        label: i18n.t('reports.closed'),
        values: report.series.map((d) => d.closed),
        color: '#6366f1',
        whole: count(report.totals.closed),
      },
    ],
    [report],
  );
  const rates = useMemo(
    () => [
      {
        label: i18n.t('analytics.headline.responseRate'),
        values: report.series.map((d) => d.responseRate24h.rate),
        color: '#0f766e',
        whole: percent(report.totals.responseRate24h.rate),
      },
      {
        label: i18n.t('analytics.headline.satisfaction'),
        values: report.series.map((d) => d.satisfaction.rate),
        color: '#d97706',
        whole: percent(report.totals.satisfaction.rate),
      },
    ],
    [report],
  );
  const times = useMemo(
    () => [
      {
        label: i18n.t('reports.firstResponseMedian'),
        values: report.series.map((d) => d.firstResponseSeconds.median),
        color: '#0f766e',
        whole: duration(report.totals.firstResponseSeconds.median),
      },
      {
        label: i18n.t('reports.resolutionMedian'),
        values: report.series.map((d) => d.resolutionSeconds.median),
        color: '#6366f1',
        whole: duration(report.totals.resolutionSeconds.median),
      },
    ],
    [report],
  );
  const card = (metric: AnalyticsMetric, title: string, value: string, detail?: string) => (
    <button
      type="button"
      className="report-total"
      data-testid={`total-${metric}`}
      onClick={() => onDrill({ metric, title })}
      title={i18n.t('reports.showConversations', [title])}
    >
      <span className="muted">{title}</span>
      <strong>{value}</strong>
      {detail && <span className="muted">{detail}</span>}
    </button>
  );
  return (
    <div className="report-body" aria-busy={busy}>
      <section className="report-totals" aria-label={i18n.t('reports.totals')}>
        {card('created', i18n.t('reports.created'), count(t.created))}
        {card('closed', i18n.t('reports.closed'), count(t.closed))}
        {card('open', i18n.t('reports.open'), count(t.open))}
        {card('sessions', i18n.t('analytics.headline.sessions'), count(t.sessions))}
        {card(
          'answered_24h',
          i18n.t('analytics.headline.responseRate'),
          percent(t.responseRate24h.rate),
          `${outOf(t.responseRate24h.answered, t.responseRate24h.countable)} · ${i18n.t('reports.pending', [count(t.responseRate24h.pending)])}`,
        )}
        {card(
          'rated',
          i18n.t('analytics.headline.satisfaction'),
          percent(t.satisfaction.rate),
          outOf(t.satisfaction.satisfied, t.satisfaction.rated),
        )}
        {card(
          'first_response',
          i18n.t('reports.firstResponse'),
          duration(t.firstResponseSeconds.median),
          i18n.t('reports.p90', [duration(t.firstResponseSeconds.p90)]),
        )}
        {card(
          'resolution',
          i18n.t('reports.resolution'),
          duration(t.resolutionSeconds.median),
          i18n.t('reports.p90', [duration(t.resolutionSeconds.p90)]),
        )}
        {card(
          'converted',
          i18n.t('reports.conversion'),
          percent(t.conversion.rate),
          [
            outOf(t.conversion.converted, t.conversion.answered),
            ...t.revenue.map((r) => money(r.cents, r.currency)),
          ].join(' · '),
        )}
      </section>
      <section className="report-charts">
        <DailyChart
          title={i18n.t('reports.chartVolume')}
          days={days}
          series={volume}
          format={formatCount}
          onPickDay={(i) => onDrill({ metric: 'created', title: i18n.t('reports.created'), day: days[i] })}
        />
        <DailyChart
          title={i18n.t('reports.chartRates')}
          days={days}
          series={rates}
          format={formatPercent}
          onPickDay={(i) =>
            onDrill({
              metric: 'answered_24h',
              title: i18n.t('analytics.headline.responseRate'),
              day: days[i],
            })
          }
        />
        <DailyChart
          title={i18n.t('reports.chartTimes')}
          days={days}
          series={times}
          format={formatSeconds}
          onPickDay={(i) =>
            onDrill({ metric: 'first_response', title: i18n.t('reports.firstResponse'), day: days[i] })
          }
        />
      </section>
      <Breakdown
        title={i18n.t('reports.byChannel')}
        rows={report.byChannel.map((r) => ({
          key: r.channel,
          name: i18n.t(`inboxTools.channels.${r.channel}`),
          figures: r,
        }))}
      />
      <Breakdown
        title={i18n.t('reports.byAgent')}
        rows={report.byAgent.map((r) => ({
          key: r.memberId ?? 'unassigned',
          name: r.nickname ?? i18n.t('chat.unassigned'),
          figures: r,
        }))}
      />
      <Breakdown
        title={i18n.t('reports.byTag')}
        rows={report.byTag.map((r) => ({ key: r.tag, name: r.tag, figures: r }))}
      />
    </div>
  );
}

function Breakdown({
  title,
  rows,
}: {
  title: string;
  rows: { key: string; name: string; figures: Figures }[];
}) {
  if (rows.length === 0) return null;
  return (
    <table className="report-table">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col" />
          <th scope="col">{i18n.t('reports.created')}</th>
          <th scope="col">{i18n.t('reports.closed')}</th>
          <th scope="col">{i18n.t('analytics.headline.sessions')}</th>
          <th scope="col">{i18n.t('analytics.headline.responseRate')}</th>
          <th scope="col">{i18n.t('analytics.headline.satisfaction')}</th>
          <th scope="col">{i18n.t('reports.firstResponseMedian')}</th>
          <th scope="col">{i18n.t('reports.resolutionMedian')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, name, figures: f }) => (
          <tr key={key}>
            <th scope="row">{name}</th>
            <td>{count(f.created)}</td>
            <td>{count(f.closed)}</td>
            <td>{count(f.sessions)}</td>
            <td>{percent(f.responseRate24h.rate)}</td>
            <td>{percent(f.satisfaction.rate)}</td>
            <td>{duration(f.firstResponseSeconds.median)}</td>
            <td>{duration(f.resolutionSeconds.median)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** This page's browser window, known before any click needs it. */
function useWindowId(): number | undefined {
  const [windowId, setWindowId] = useState<number | undefined>(undefined);
  useEffect(() => {
    void browser.windows.getCurrent().then((w) => setWindowId(w.id));
  }, []);
  return windowId;
}

/** The conversations behind a figure, page by page; one opens in the side panel. */
function DrillDownList({
  query,
  drill,
  onClose,
}: {
  query: AnalyticsReportQuery;
  drill: DrillDown;
  onClose: () => void;
}) {
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [earlier, setEarlier] = useState<
    NonNullable<ReturnType<typeof useAnalyticsConversations>['data']>['conversations']
  >([]);
  const page = useAnalyticsConversations({ ...query, metric: drill.metric, day: drill.day, cursor });
  const rows = [...earlier, ...(page.data?.conversations ?? [])];
  const windowId = useWindowId();
  const open = (conversationId: string) => {
    // sidePanel.open first, while the click still counts as the member's gesture; the panel then reads the request.
    if (windowId !== undefined) void browser.sidePanel.open({ windowId }).catch(() => undefined);
    void panelRequestItem.setValue({ kind: 'conversation', conversationId, at: new Date().toISOString() });
  };
  return (
    <section className="drill-down" aria-label={drill.title} data-testid="drill-down">
      <header>
        <h2>
          {drill.title}
          {drill.day ? ` · ${reportDay(drill.day)}` : ''}
          {page.data && (
            <span className="muted"> · {i18n.t('reports.conversationsCount', page.data.total)}</span>
          )}
        </h2>
        <button type="button" className="link-button" onClick={onClose}>
          {i18n.t('reports.close')}
        </button>
      </header>
      {page.error && (
        <p className="error" role="alert">
          {i18n.t('analytics.loadFailed', [figuresError(page.error)])}
        </p>
      )}
      <table className="report-table">
        <thead>
          <tr>
            <th scope="col">{i18n.t('reports.customer')}</th>
            <th scope="col">{i18n.t('reports.shop')}</th>
            <th scope="col">{i18n.t('reports.agent')}</th>
            {/* The server lists them newest started first, page after page. */}
            <th scope="col" aria-sort="descending" data-testid="drill-started">
              {i18n.t('reports.started')} <span aria-hidden="true">↓</span>
            </th>
            <th scope="col">{i18n.t('reports.firstResponse')}</th>
            <th scope="col">{i18n.t('reports.resolution')}</th>
            <th scope="col">{i18n.t('reports.rating')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={`${c.id}:${c.at}`} data-testid="drill-row">
              <th scope="row">
                <button type="button" className="link-button" onClick={() => open(c.id)}>
                  {c.customerName}
                </button>
              </th>
              <td>{c.shopName}</td>
              <td>{c.assigneeNickname ?? i18n.t('chat.unassigned')}</td>
              <td>
                <time dateTime={c.createdAt}>{startedAt(c.createdAt)}</time>
              </td>
              <td>{duration(c.firstResponseSeconds)}</td>
              <td>{duration(c.resolutionSeconds)}</td>
              <td>{c.rating === null ? '—' : '★'.repeat(c.rating)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.data?.nextCursor && (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setEarlier(rows);
            setCursor(page.data?.nextCursor ?? undefined);
          }}
        >
          {i18n.t('reports.more')}
        </button>
      )}
    </section>
  );
}
