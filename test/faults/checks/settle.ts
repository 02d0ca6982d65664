import type { EventStore } from '../../../src/application/eventStore/eventStore';
import { isAfter, type Position } from '../../../src/application/eventStore/position';
import { notificationsForEvent } from '../../../src/application/notifications/notificationsForEvent';
import { paymentProcessEventTypes } from '../../../src/application/processes/paymentProcess';
import { loadPublisherCheckpoint } from '../../../src/infrastructure/messaging/publisherCheckpoints';
import { PAYMENT_PROCESS_NAME } from '../../../src/infrastructure/roles/processorRole';
import { createCheckpointStore } from '../../../src/infrastructure/subscriptions/checkpointStore';
import { REBUILD_SUFFIX } from '../../../src/projections/runner/projection';
import { projectionStatus } from '../../../src/projections/runner/status';
import type { Cluster } from '../support/cluster';
import { sleep } from '../support/waitFor';

type Progress = Record<'processor' | 'projections' | 'publisher' | 'notifier', string | true>;

/** Counts the notifications the events so far must cause, reading only what is new since the last call. */
class ExpectedNotifications {
  private position: Position | undefined;
  count = 0;

  constructor(private readonly store: EventStore) {}

  async update(): Promise<number> {
    for (;;) {
      const page = await this.store.readAll({ from: this.position, maxCount: 5000 });
      for (const event of page) this.count += notificationsForEvent(event).length;
      this.position = page.at(-1)?.position ?? this.position;
      if (page.length < 5000) return this.count;
    }
  }
}

const processorProgress = async (cluster: Cluster): Promise<string | true> => {
  const from = await createCheckpointStore(cluster.database.knex).load(PAYMENT_PROCESS_NAME);
  const filter = { eventTypes: paymentProcessEventTypes };
  const pending = await cluster.store.readAll({ from, filter, maxCount: 1000 });
  return pending.length === 0 || `${pending.length} events to handle`;
};

const projectionProgress = async (cluster: Cluster): Promise<string | true> => {
  const statuses = await projectionStatus(cluster.database.knex, cluster.store);
  const behind = statuses.filter((status) => !status.name.endsWith(REBUILD_SUFFIX) && status.lagEvents > 0);
  if (statuses.length === 0) return 'no projection has started';
  return behind.length === 0 || behind.map((status) => `${status.name} ${status.lagEvents}`).join(', ');
};

const publisherProgress = async (cluster: Cluster): Promise<string | true> => {
  const [checkpoint, head] = await Promise.all([
    loadPublisherCheckpoint(cluster.database.knex, 'rabbitmq'),
    cluster.store.headPosition(),
  ]);
  if (head === undefined) return true;
  return (checkpoint !== undefined && !isAfter(head, checkpoint)) || 'behind the head';
};

const notifierProgress = async (
  cluster: Cluster,
  expected: ExpectedNotifications,
): Promise<string | true> => {
  const wanted = await expected.update();
  const { rows } = await cluster.database.pool.query<{ n: string }>(
    'select count(*) as n from notifier_messages where completed_at is not null',
  );
  const done = Number(rows[0]?.n);
  return done === wanted || `${done} of ${wanted} notifications handled`;
};

export type Settled = Readonly<{ settled: boolean; seconds: number; pending: string }>;

/**
 * Waits until the processor, every projection, the publisher and the notifier have handled everything in
 * the store (twice in a row, as the processor's own appends restart the chain). Does not throw: a system
 * that never settles is reported, and the checks then say what is missing.
 */
export const settle = async (cluster: Cluster, timeoutSeconds: number): Promise<Settled> => {
  const started = Date.now();
  const expected = new ExpectedNotifications(cluster.store);
  let streak = 0;
  let pending = '';
  while (Date.now() - started < timeoutSeconds * 1000) {
    const progress: Progress = {
      processor: await processorProgress(cluster),
      projections: await projectionProgress(cluster),
      publisher: await publisherProgress(cluster),
      notifier: await notifierProgress(cluster, expected),
    };
    const waiting = Object.entries(progress).filter(([, state]) => state !== true);
    pending = waiting.map(([name, state]) => `${name}: ${String(state)}`).join('; ');
    streak = waiting.length === 0 ? streak + 1 : 0;
    if (streak >= 2) return { settled: true, seconds: (Date.now() - started) / 1000, pending: '' };
    await sleep(1000);
  }
  return { settled: false, seconds: (Date.now() - started) / 1000, pending };
};
