import { type RequestHandler, type Response, Router } from 'express';
import type { Knex } from 'knex';
import { toEventView } from '../../../application/audit/eventView';
import { exportEvents } from '../../../application/audit/exportEvents';
import { readEventsPage, readStreamHistory } from '../../../application/audit/history';
import { loadEvents } from '../../../application/audit/loadEvents';
import { stateAsOf } from '../../../application/audit/stateAsOf';
import { verifyStream } from '../../../application/audit/verifyStream';
import type { EventStore } from '../../../application/eventStore/eventStore';
import { positionToToken, tokenToPosition } from '../../../application/eventStore/position';
import { eventsOfCorrelation } from '../../../projections/auditIndex/queries';
import type { AccessTokens } from '../../auth/accessTokens';
import { authenticate, requireRole } from '../authenticate';
import { rateLimitByUser } from '../rateLimits';
import { parseDto } from '../validation';
import {
  CorrelationQuery,
  EntityParams,
  EventPageQuery,
  EventRangeQuery,
  StateAsOfQuery,
  StreamHistoryQuery,
  StreamParams,
} from './dtos';
import { writeNdjson } from './ndjson';
import { asOfOf, pageSizeOf, rangeOf } from './queryParams';

export type AuditRouteDeps = Readonly<{
  store: EventStore;
  /** Reads the audit correlation index (the main schema). */
  knex: Knex;
  accessTokens: AccessTokens;
  rateLimitPerMinute: number;
}>;

// A filtered page stops after reading this many events, matching or not, and hands back a cursor.
const SCAN_LIMIT = 10_000;

/** Audit answers are about the past and may hold personal data (masked): never cached on the way. */
const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  next();
};

const EXPORT_DISPOSITION = 'attachment; filename="events.ndjson"';

const streamNameOf = (params: unknown): string => parseDto(StreamParams, params, 'query').streamName;

const sendJson = (res: Response, body: unknown): void => {
  res.json(body);
};

/** Auditors (and admins): history, `$all` pages and export, state as of, correlation traces, verification. */
export const auditRoutes = (deps: AuditRouteDeps): Router => {
  const router = Router();
  const guard = [
    authenticate(deps.accessTokens),
    requireRole('auditor', 'admin'),
    rateLimitByUser(deps.rateLimitPerMinute),
    noStore,
  ];

  router.get('/v1/audit/streams/:streamName/events', ...guard, async (req, res) => {
    const streamName = streamNameOf(req.params);
    const query = parseDto(StreamHistoryQuery, req.query, 'query');
    const from = BigInt(query.fromRevision ?? '0');
    const page = await readStreamHistory(deps.store, streamName, from, pageSizeOf(query.limit));
    const nextRevision = page.nextRevision?.toString() ?? null;
    sendJson(res, { streamName, events: page.events.map(toEventView), nextRevision });
  });

  router.get('/v1/audit/streams/:streamName/verification', ...guard, async (req, res) => {
    sendJson(res, await verifyStream(deps.store, streamNameOf(req.params)));
  });

  router.get('/v1/audit/events', ...guard, async (req, res) => {
    const query = parseDto(EventPageQuery, req.query, 'query');
    const page = await readEventsPage(deps.store, rangeOf(query), pageSizeOf(query.limit), SCAN_LIMIT);
    const nextCursor = page.next === null ? null : positionToToken(page.next);
    sendJson(res, { events: page.events.map(toEventView), nextCursor });
  });

  router.get('/v1/audit/events/export', ...guard, async (req, res) => {
    const range = rangeOf(parseDto(EventRangeQuery, req.query, 'query'));
    const start = () =>
      res.status(200).type('application/x-ndjson').setHeader('Content-Disposition', EXPORT_DISPOSITION);
    await writeNdjson(res, exportEvents(deps.store, range), start);
  });

  router.get('/v1/audit/entities/:kind/:id/state', ...guard, async (req, res) => {
    const { kind, id } = parseDto(EntityParams, req.params, 'query');
    const asOf = asOfOf(parseDto(StateAsOfQuery, req.query, 'query'));
    sendJson(res, await stateAsOf(deps.store, kind, id, asOf));
  });

  router.get('/v1/audit/correlations/:correlationId/events', ...guard, async (req, res) => {
    const correlationId = String(req.params.correlationId).slice(0, 200);
    const query = parseDto(CorrelationQuery, req.query, 'query');
    const limit = pageSizeOf(query.limit);
    const after = query.after === undefined ? undefined : tokenToPosition(query.after);
    const indexed = await eventsOfCorrelation(deps.knex, correlationId, { after, limit });
    const events = await loadEvents(deps.store, indexed);
    const last = indexed.at(-1);
    const nextCursor = indexed.length === limit && last !== undefined ? positionToToken(last.position) : null;
    sendJson(res, { correlationId, events: events.map(toEventView), nextCursor });
  });

  return router;
};
