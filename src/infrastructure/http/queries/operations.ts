import { Router } from 'express';
import { listParkedEvents, type ParkedEvent, replayParkedEvent } from '../../../projections/runner/parking';
import { projectionStatus } from '../../../projections/runner/status';
import { positionToToken } from '../../../application/eventStore/position';
import { NotFoundError } from '../../../domain/shared/errors';
import { requireRole } from '../authenticate';
import { parseDto } from '../validation';
import type { QueryRouteDeps } from './deps';
import { ParkedEventsQuery } from './dtos';
import { sendView } from './views';

const parkedView = (parked: ParkedEvent) => ({
  id: parked.id,
  projection: parked.projection,
  error: parked.error,
  attempts: parked.attempts,
  parkedAt: parked.parkedAt.toISOString(),
  event: {
    id: parked.event.id,
    type: parked.event.type,
    streamName: parked.event.streamName,
    revision: parked.event.revision.toString(),
    position: positionToToken(parked.event.position),
    recordedAt: parked.event.recordedAt.toISOString(),
    data: parked.event.data,
  },
});

/** For operators (admin): each projection's state and lag, its parked events, and replaying one. */
export const projectionOperationRoutes = (deps: QueryRouteDeps): Router =>
  Router()
    .get('/v1/operations/projections', ...deps.authenticated, requireRole('admin'), async (req, res) => {
      sendView(req, res, { items: await projectionStatus(deps.knex, deps.store) });
    })
    .get(
      '/v1/operations/projections/parked',
      ...deps.authenticated,
      requireRole('admin'),
      async (req, res) => {
        const query = parseDto(ParkedEventsQuery, req.query, 'query');
        const limit = query.limit === undefined ? undefined : Number(query.limit);
        const parked = await listParkedEvents(deps.knex, { projection: query.projection, limit });
        sendView(req, res, { items: parked.map(parkedView) });
      },
    )
    .post(
      '/v1/operations/projections/parked/:id/replay',
      ...deps.authenticated,
      requireRole('admin'),
      async (req, res) => {
        const id = String(req.params.id);
        if (!/^\d{1,18}$/.test(id))
          throw new NotFoundError('PROJECTION.PARKED_EVENT_NOT_FOUND', `No parked event ${id}.`);
        res.json(await replayParkedEvent(deps.knex, deps.projections, id));
      },
    );
