import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '../../../src/application/eventStore/eventStore';
import type { UserNotification } from '../../../src/application/notifications/notification';
import { NotFoundError, ValidationError } from '../../../src/domain/shared/errors';
import { PostgresEventStore } from '../../../src/infrastructure/eventstore/postgres/postgresEventStore';
import { devicesProjection } from '../../../src/projections/devices/projection';
import { devicesOfUser } from '../../../src/projections/devices/queries';
import { acceptNotification } from '../../../src/projections/notifications/inbox';
import {
  listInbox,
  markAllRead,
  markRead,
  unreadCount,
} from '../../../src/projections/notifications/queries';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { append } from './support';

describe('devices and inbox read models', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore(database.pool);
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const project = (events: readonly RecordedEvent[]) =>
    database.knex.transaction((trx) => devicesProjection.apply(trx, events, devicesProjection.tables));

  describe('devices', () => {
    const registered = (userId: string, deviceId: string, pushToken: string) => ({
      type: 'DeviceRegistered' as const,
      data: {
        userId,
        deviceId,
        platform: 'android' as const,
        pushToken,
        registeredAt: '2026-11-24T09:00:00.000Z',
      },
    });

    it('lists registered devices, takes a refreshed token, and forgets unregistered ones', async () => {
      const userId = randomUUID();
      const [phone, tablet] = [randomUUID(), randomUUID()];
      await append(
        store,
        `user-${userId}`,
        registered(userId, phone, 'old'),
        registered(userId, tablet, 't'),
      );
      await append(store, `user-${userId}`, registered(userId, phone, 'new'), {
        type: 'DeviceUnregistered',
        data: {
          userId,
          deviceId: tablet,
          reason: 'invalid_token',
          unregisteredAt: '2026-11-24T09:05:00.000Z',
        },
      });
      await project(await store.readStream(`user-${userId}`));

      expect(await devicesOfUser(database.knex, userId)).toEqual([
        { userId, deviceId: phone, platform: 'android', pushToken: 'new' },
      ]);
    });

    it('changes nothing when the same events are applied twice', async () => {
      const userId = randomUUID();
      const deviceId = randomUUID();
      await append(store, `user-${userId}`, registered(userId, deviceId, 'token'));
      const events = await store.readStream(`user-${userId}`);
      await project(events);
      const once = await devicesOfUser(database.knex, userId);
      await project(events);

      expect(await devicesOfUser(database.knex, userId)).toEqual(once);
      expect(once).toHaveLength(1);
    });

    it('ignores events it does not project', async () => {
      const userId = randomUUID();
      await append(store, `user-${userId}`, {
        type: 'RoleGranted',
        data: { userId, role: 'auditor', grantedBy: randomUUID(), grantedAt: '2026-11-24T09:00:00.000Z' },
      });
      await project(await store.readStream(`user-${userId}`));
      expect(await devicesOfUser(database.knex, userId)).toEqual([]);
    });
  });

  describe('inbox', () => {
    const userId = randomUUID();
    const notifications: UserNotification[] = Array.from({ length: 5 }, (_, index) => {
      const sourceEventId = randomUUID();
      return {
        id: `${sourceEventId}:${userId}`,
        userId,
        kind: 'wallet_topped_up',
        title: `Top-up ${index}`,
        body: 'Money added.',
        data: { amountMinor: 100 * index },
        sourceEventId,
        sourceEventType: 'WalletToppedUp',
        occurredAt: new Date(Date.UTC(2026, 10, 24, 10, index)).toISOString(),
      };
    });

    beforeAll(async () => {
      for (const notification of notifications) {
        await acceptNotification(database.knex, notification.id, notification, 60_000);
      }
    });

    it('pages newest first with a cursor', async () => {
      const first = await listInbox(database.knex, userId, { limit: 2 });
      const second = await listInbox(database.knex, userId, { limit: 2, cursor: first.nextCursor! });
      const third = await listInbox(database.knex, userId, { limit: 2, cursor: second.nextCursor! });

      const titles = [first, second, third].flatMap((page) => page.items.map((item) => item.title));
      expect(titles).toEqual(['Top-up 4', 'Top-up 3', 'Top-up 2', 'Top-up 1', 'Top-up 0']);
      expect(third.nextCursor).toBeNull();
      expect(first.items[0]).toMatchObject({
        kind: 'wallet_topped_up',
        data: { amountMinor: 400 },
        readAt: null,
      });
    });

    it('marks one read, counts and filters unread, then marks all read', async () => {
      const newest = notifications[4]!;
      await markRead(database.knex, userId, newest.id, new Date('2026-11-24T11:00:00.000Z'));
      const unread = await listInbox(database.knex, userId, { limit: 10, unreadOnly: true });

      expect(unread.items.map((item) => item.notificationId)).not.toContain(newest.id);
      expect(unread.unreadCount).toBe(4);
      expect((await listInbox(database.knex, userId, { limit: 1 })).items[0]!.readAt).toBe(
        '2026-11-24T11:00:00.000Z',
      );
      expect(await markAllRead(database.knex, userId, new Date())).toBe(4);
      expect(await unreadCount(database.knex, userId)).toBe(0);
    });

    it('does not let another user mark a notification read', async () => {
      await expect(
        markRead(database.knex, randomUUID(), notifications[0]!.id, new Date()),
      ).rejects.toBeInstanceOf(NotFoundError);
    });

    it('rejects a forged cursor', async () => {
      await expect(listInbox(database.knex, userId, { limit: 2, cursor: 'bm9wZQ' })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });

    it('keeps one row when a notification is accepted again', async () => {
      await acceptNotification(database.knex, notifications[0]!.id, notifications[0]!, 60_000);
      expect((await listInbox(database.knex, userId, { limit: 10 })).items).toHaveLength(5);
    });
  });
});
