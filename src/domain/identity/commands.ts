import { type Message } from '../shared/decider';
import {
  type DevicePlatform,
  type DeviceUnregistrationReason,
  type RegistrationRole,
  type Role,
} from './events';

/**
 * `passwordHash` is computed outside the domain. `role: 'admin'` is accepted only with `bootstrapAdmin`,
 * which the CLI / configuration bootstrap sets and the public API never does.
 */
export type RegisterUser = Message<
  'RegisterUser',
  {
    userId: string;
    email: string;
    displayName: string;
    role: RegistrationRole;
    passwordHash: string;
    bootstrapAdmin?: boolean;
    now: string;
  }
>;

/** `actorRoles` are the roles of the authenticated caller; only an admin may grant. */
export type GrantRole = Message<
  'GrantRole',
  { userId: string; role: Role; actorId: string; actorRoles: readonly Role[]; now: string }
>;

export type RegisterDevice = Message<
  'RegisterDevice',
  { userId: string; deviceId: string; platform: DevicePlatform; pushToken: string; now: string }
>;

/**
 * With `pushToken` (the notifier, after the provider rejected a token) the device is removed only if it
 * still has that token; a device that re-registered a fresh token meanwhile is kept.
 */
export type UnregisterDevice = Message<
  'UnregisterDevice',
  { userId: string; deviceId: string; reason: DeviceUnregistrationReason; pushToken?: string; now: string }
>;

export type UserCommand = RegisterUser | GrantRole | RegisterDevice | UnregisterDevice;
