import {
  type DevicePlatform,
  type DeviceUnregistrationReason,
  type RegistrationRole,
  type Role,
} from './events';

/** Runtime lists of the identity unions, for validation here and in DTOs. */
export const roles: readonly Role[] = ['customer', 'merchant', 'auditor', 'analyst', 'admin'];
export const publicRegistrationRoles: readonly RegistrationRole[] = ['customer', 'merchant'];
export const devicePlatforms: readonly DevicePlatform[] = ['ios', 'android', 'web'];
export const deviceUnregistrationReasons: readonly DeviceUnregistrationReason[] = ['user', 'invalid_token'];

export const isRole = (value: string): value is Role => (roles as readonly string[]).includes(value);
