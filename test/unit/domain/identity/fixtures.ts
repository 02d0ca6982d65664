import { type DevicePlatform, type UserEvent } from '../../../../src/domain/identity/events';

export const userId = '3f2e1d0c-9b8a-4f7e-8d6c-5b4a39281706';
export const adminId = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const now = '2026-01-10T12:00:00.000Z';
export const passwordHash = 'scrypt$16384$8$1$c2FsdA$aGFzaA';

export const registered = (role: 'customer' | 'merchant' | 'admin' = 'customer'): UserEvent => ({
  type: 'UserRegistered',
  data: { userId, email: 'ada@example.com', displayName: 'Ada', role, passwordHash, registeredAt: now },
});

export const deviceRegistered = (
  deviceId: string,
  pushToken: string,
  platform: DevicePlatform = 'ios',
): UserEvent => ({
  type: 'DeviceRegistered',
  data: { userId, deviceId, platform, pushToken, registeredAt: now },
});

export const deviceUnregistered = (
  deviceId: string,
  reason: 'user' | 'invalid_token' = 'user',
): UserEvent => ({
  type: 'DeviceUnregistered',
  data: { userId, deviceId, reason, unregisteredAt: now },
});
