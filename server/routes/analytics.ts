import { Readable } from 'node:stream';
import { addDays } from '../../lib/domain/metrics';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  analyticsConversations,
  analyticsConversationsQuery,
  analyticsExportQuery,
  analyticsReport,
  analyticsReportQuery,
  analyticsSummary,
  analyticsSummaryQuery,
} from '../../lib/protocol';
import { conversationsBehind } from '../analytics/conversations';
import { CSV_HEADER, csvLine, csvRow } from '../analytics/csv';
import { rangeReport } from '../analytics/report';
import { scopeFor } from '../analytics/scope';
import { popupSummary } from '../analytics/summary';
import { memberOf, requireMember } from '../auth/plugin';
import type { Clock } from '../sla/scheduler';
import type { Db } from '../store';

const EXPORT_PAGE = 1000;

/**
 * Service data (product §8), computed in the database from the stored conversations, timeline and orders: the
 * popup's summary, the reports page, the conversations behind any figure, and the CSV export. Managers and
 * above see the workspace; an agent only their own figures (`memberIds=<own id>`), else 403.
 */
export const analyticsRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = async (
  app,
  { db, clock },
) => {
  app.addHook('preHandler', requireMember(db));

  app.get(
    '/api/analytics/summary',
    { schema: { querystring: analyticsSummaryQuery, response: { 200: analyticsSummary } } },
    async (request) => popupSummary(db, await scopeFor(db, memberOf(request), request.query, clock.now())),
  );

  app.get(
    '/api/analytics/report',
    { schema: { querystring: analyticsReportQuery, response: { 200: analyticsReport } } },
    async (request) => {
      const scope = await scopeFor(db, memberOf(request), request.query, clock.now());
      return rangeReport(db, scope, request.query.from, request.query.to);
    },
  );

  app.get(
    '/api/analytics/conversations',
    { schema: { querystring: analyticsConversationsQuery, response: { 200: analyticsConversations } } },
    async (request) => {
      const scope = await scopeFor(db, memberOf(request), request.query, clock.now());
      return { metric: request.query.metric, ...(await conversationsBehind(db, scope, request.query)) };
    },
  );

  app.get(
    '/api/analytics/export.csv',
    { schema: { querystring: analyticsExportQuery } },
    async (request, reply) => {
      const query = request.query;
      const scope = await scopeFor(db, memberOf(request), query, clock.now());
      // Day by day, newest first: each day's rows come from that day's index ranges, so a long range streams
      // in steady steps instead of sorting the whole range again for every page.
      async function* lines() {
        yield csvLine([...CSV_HEADER]);
        for (let day = query.to; day >= query.from; day = addDays(day, -1)) {
          let cursor: string | undefined;
          do {
            const page = await conversationsBehind(
              db,
              scope,
              { ...query, day, cursor, limit: EXPORT_PAGE },
              { withTotal: false },
            );
            for (const row of page.conversations) yield csvRow(row);
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
        }
      }
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="sidedesk-${query.metric}-${query.from}-${query.to}.csv"`,
        )
        .send(Readable.from(lines()));
    },
  );
};
