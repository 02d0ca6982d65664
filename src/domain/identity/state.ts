import { assertNever } from '../shared/decider';
import { emptyMap, mapGet, mapSet, type PersistentMap } from '../shared/persistentMap';
import { type DevicePlatform, type Role, type UserEvent } from './events';

type DeviceFacts = { deviceId: string; platform: DevicePlatform; pushToken: string };
export type Device =
  Readonly<{ status: 'active' } & DeviceFacts> | Readonly<{ status: 'removed' } & DeviceFacts>;

/** Devices sit in a persistent map: device ids come from clients, so no plain-object keys. */
export type UserState =
  | Readonly<{ status: 'unregistered' }>
  | Readonly<{
      status: 'registered';
      userId: string;
      email: string;
      displayName: string;
      passwordHash: string;
      roles: readonly Role[];
      devices: PersistentMap<Device>;
    }>;

export type RegisteredUser = Extract<UserState, { status: 'registered' }>;

export const initialUserState = (): UserState => ({ status: 'unregistered' });

const registered = (state: UserState, change: (user: RegisteredUser) => RegisteredUser): UserState =>
  state.status === 'registered' ? change(state) : state;

export const evolveUser = (state: UserState, event: UserEvent): UserState => {
  switch (event.type) {
    case 'UserRegistered': {
      const { userId, email, displayName, passwordHash, role } = event.data;
      return {
        status: 'registered',
        userId,
        email,
        displayName,
        passwordHash,
        roles: [role],
        devices: emptyMap(),
      };
    }
    case 'RoleGranted':
      return registered(state, (user) => ({ ...user, roles: [...user.roles, event.data.role] }));
    case 'DeviceRegistered': {
      const { deviceId, platform, pushToken } = event.data;
      const device: Device = { status: 'active', deviceId, platform, pushToken };
      return registered(state, (user) => ({ ...user, devices: mapSet(user.devices, deviceId, device) }));
    }
    case 'DeviceUnregistered':
      return registered(state, (user) => {
        const device = mapGet(user.devices, event.data.deviceId);
        if (device === undefined) return user;
        return { ...user, devices: mapSet(user.devices, device.deviceId, { ...device, status: 'removed' }) };
      });
    default:
      return assertNever(event);
  }
};

export const userRoles = (state: UserState): readonly Role[] =>
  state.status === 'registered' ? state.roles : [];

export const deviceOf = (state: UserState, deviceId: string): Device | undefined =>
  state.status === 'registered' ? mapGet(state.devices, deviceId) : undefined;

export const foldUser = (events: readonly UserEvent[]): UserState =>
  events.reduce(evolveUser, initialUserState());
