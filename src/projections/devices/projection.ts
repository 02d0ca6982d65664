import type { Knex } from 'knex';
import type { RecordedEvent } from '../../application/eventStore/eventStore';
import type { DeviceRegistered, DeviceUnregistered } from '../../domain/identity/events';
import { defineProjection } from '../runner/projection';

type DeviceEvent = DeviceRegistered | DeviceUnregistered;
type DeviceTables = Readonly<{ devices: string }>;

export const DEVICES_TABLE = 'user_devices';

const deviceEventTypes: readonly DeviceEvent['type'][] = ['DeviceRegistered', 'DeviceUnregistered'];

const isDeviceEvent = (event: RecordedEvent): event is RecordedEvent & DeviceEvent =>
  (deviceEventTypes as readonly string[]).includes(event.type);

const applyOne = async (trx: Knex.Transaction, table: string, event: DeviceEvent): Promise<void> => {
  const { userId, deviceId } = event.data;
  if (event.type === 'DeviceUnregistered') {
    await trx(table).where({ user_id: userId, device_id: deviceId }).delete();
    return;
  }
  // Registering again (a refreshed push token) replaces the row: applying an event twice changes nothing.
  await trx(table)
    .insert({
      user_id: userId,
      device_id: deviceId,
      platform: event.data.platform,
      push_token: event.data.pushToken,
      registered_at: event.data.registeredAt,
    })
    .onConflict(['user_id', 'device_id'])
    .merge(['platform', 'push_token', 'registered_at']);
};

/** Projects DeviceRegistered / DeviceUnregistered into `user_devices`; the notifier reads it. */
export const devicesProjection = defineProjection<DeviceTables>({
  name: 'devices',
  eventTypes: deviceEventTypes,
  tables: { devices: DEVICES_TABLE },
  apply: async (trx, events, tables) => {
    // Sequential on purpose: a register and an unregister of one device in a batch must keep their order.
    for (const event of events) {
      if (isDeviceEvent(event)) await applyOne(trx, tables.devices, event);
    }
  },
});
