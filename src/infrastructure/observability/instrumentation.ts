import type { RequestHandler } from 'express';
import type { EventStore } from '../../application/eventStore/eventStore';
import type { Metrics } from './metrics';

const outcomeOf = (status: number): string => {
  if (status < 400) return 'ok';
  if (status === 409 || status === 412) return 'conflict';
  return status < 500 ? 'rejected' : 'error';
};

/** Counts each command by its route and outcome once the answer is sent. */
export const commandOutcomes =
  (metrics: Metrics): RequestHandler =>
  (req, res, next) => {
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      metrics.commandOutcomes.inc({ command: `${req.method} ${route}`, outcome: outcomeOf(res.statusCode) });
    });
    next();
  };

/** The event store with its append latency observed; everything else passes straight through. */
export const withAppendTiming = (store: EventStore, metrics: Metrics): EventStore => ({
  appendToStream: async (...args) => {
    const stop = metrics.appendDuration.startTimer();
    try {
      return await store.appendToStream(...args);
    } finally {
      stop();
    }
  },
  readStream: (...args) => store.readStream(...args),
  readAll: (...args) => store.readAll(...args),
  subscribeToAll: (...args) => store.subscribeToAll(...args),
  headPosition: () => store.headPosition(),
  heldBack: (...args) => store.heldBack(...args),
  close: () => store.close(),
});
