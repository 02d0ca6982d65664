import { type Message } from '../shared/decider';
import { eventTypeGuard, eventTypeNames } from '../shared/eventTypes';

/** Roles a user can register with; `admin` only through the bootstrap path. */
export type RegistrationRole = 'customer' | 'merchant' | 'admin';
export type Role = 'customer' | 'merchant' | 'auditor' | 'analyst' | 'admin';
export type DevicePlatform = 'ios' | 'android' | 'web';
export type DeviceUnregistrationReason = 'user' | 'invalid_token';

/** Recorded in `useremail-<sha256 hex of the lower-cased email>`. */
export type EmailReserved = Message<'EmailReserved', { email: string; userId: string; reservedAt: string }>;

/** `passwordHash` is produced outside the domain (scrypt); the clear password never reaches an event. */
export type UserRegistered = Message<
  'UserRegistered',
  {
    userId: string;
    email: string;
    displayName: string;
    role: RegistrationRole;
    passwordHash: string;
    registeredAt: string;
  }
>;

export type RoleGranted = Message<
  'RoleGranted',
  { userId: string; role: Role; grantedBy: string; grantedAt: string }
>;

export type DeviceRegistered = Message<
  'DeviceRegistered',
  { userId: string; deviceId: string; platform: DevicePlatform; pushToken: string; registeredAt: string }
>;

export type DeviceUnregistered = Message<
  'DeviceUnregistered',
  { userId: string; deviceId: string; reason: DeviceUnregistrationReason; unregisteredAt: string }
>;

export type EmailReservationEvent = EmailReserved;
export type UserEvent = UserRegistered | RoleGranted | DeviceRegistered | DeviceUnregistered;
export type IdentityEvent = EmailReservationEvent | UserEvent;

export const emailReservationEventTypes = eventTypeNames<EmailReservationEvent['type']>({
  EmailReserved: 'EmailReserved',
});
export const userEventTypes = eventTypeNames<UserEvent['type']>({
  UserRegistered: 'UserRegistered',
  RoleGranted: 'RoleGranted',
  DeviceRegistered: 'DeviceRegistered',
  DeviceUnregistered: 'DeviceUnregistered',
});
export const identityEventTypes: readonly IdentityEvent['type'][] = [
  ...emailReservationEventTypes,
  ...userEventTypes,
];

export const isUserEvent = eventTypeGuard<UserEvent>(userEventTypes);
export const isIdentityEvent = eventTypeGuard<IdentityEvent>(identityEventTypes);
