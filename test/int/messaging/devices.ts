import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { EventStore } from '../../../src/application/eventStore/eventStore';
import { devicesProjection } from '../../../src/projections/devices/projection';
import { append } from './support';

/** Registers devices through the real path: DeviceRegistered appended, then projected into the read model. */
export const registerDevices = async (
  store: EventStore,
  knex: Knex,
  userId: string,
  pushTokens: readonly string[],
): Promise<string[]> => {
  const deviceIds = pushTokens.map(() => randomUUID());
  const events = pushTokens.map((pushToken, index) => ({
    type: 'DeviceRegistered' as const,
    data: {
      userId,
      deviceId: deviceIds[index]!,
      platform: 'ios' as const,
      pushToken,
      registeredAt: new Date(Date.UTC(2026, 10, 24, 9, 0, index)).toISOString(),
    },
  }));
  await append(store, `user-${userId}`, ...events);
  const recorded = await store.readStream(`user-${userId}`);
  await knex.transaction((trx) => devicesProjection.apply(trx, recorded, devicesProjection.tables));
  return deviceIds;
};
