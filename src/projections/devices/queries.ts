import type { Knex } from 'knex';
import type { PushDevice } from '../../application/notifications/pushProvider';
import type { DevicePlatform } from '../../domain/identity/events';
import { DEVICES_TABLE } from './projection';

type DeviceRow = { user_id: string; device_id: string; platform: DevicePlatform; push_token: string };

/** The devices to push a user's notifications to, oldest registration first. */
export const devicesOfUser = async (knex: Knex, userId: string): Promise<PushDevice[]> => {
  const rows = await knex<DeviceRow>(DEVICES_TABLE)
    .select('user_id', 'device_id', 'platform', 'push_token')
    .where({ user_id: userId })
    .orderBy([{ column: 'registered_at' }, { column: 'device_id' }]);
  return rows.map((row) => ({
    userId: row.user_id,
    deviceId: row.device_id,
    platform: row.platform,
    pushToken: row.push_token,
  }));
};
