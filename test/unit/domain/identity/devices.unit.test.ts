import { type RegisterDevice, type UnregisterDevice } from '../../../../src/domain/identity/commands';
import { userDecider } from '../../../../src/domain/identity/decide';
import { IdentityErrorCodes as Codes } from '../../../../src/domain/identity/errors';
import { type DevicePlatform } from '../../../../src/domain/identity/events';
import { deviceOf, foldUser } from '../../../../src/domain/identity/state';
import { NotFoundError, ValidationError } from '../../../../src/domain/shared/errors';
import { DeciderSpecification } from '../deciderSpecification';
import { deviceRegistered, deviceUnregistered, now, registered, userId } from './fixtures';

const given = DeciderSpecification.for(userDecider);

const registerDevice = (
  deviceId: string,
  pushToken: string,
  platform: DevicePlatform = 'ios',
): RegisterDevice => ({
  type: 'RegisterDevice',
  data: { userId, deviceId, platform, pushToken, now },
});

const unregisterDevice = (
  deviceId: string,
  reason: 'user' | 'invalid_token' = 'user',
  pushToken?: string,
): UnregisterDevice => ({
  type: 'UnregisterDevice',
  data: { userId, deviceId, reason, now, ...(pushToken === undefined ? {} : { pushToken }) },
});

describe('registering a device', () => {
  describe('when the user is unregistered', () => {
    it('is not found', () =>
      given([]).when(registerDevice('phone', 'tok-1')).thenThrows(NotFoundError, Codes.USER_NOT_FOUND));
  });

  describe('when the device is new', () => {
    it('registers it', () =>
      given([registered()])
        .when(registerDevice('phone', 'tok-1'))
        .then([deviceRegistered('phone', 'tok-1')]));

    it('refuses an unknown platform', () =>
      given([registered()])
        .when(registerDevice('phone', 'tok-1', 'windows' as DevicePlatform))
        .thenThrows(ValidationError, Codes.INVALID_DEVICE));

    it.each([
      ['', 'tok-1'],
      ['phone', ''],
      ['phone', 'x'.repeat(4097)],
    ])('refuses device %p with token %p', (deviceId, token) =>
      given([registered()])
        .when(registerDevice(deviceId, token))
        .thenThrows(ValidationError, Codes.INVALID_DEVICE),
    );
  });

  describe('when the device is active', () => {
    const history = [registered(), deviceRegistered('phone', 'tok-1')];

    it('changes nothing for the same token', () =>
      given(history).when(registerDevice('phone', 'tok-1')).thenNothing());

    it('records a new token with one DeviceRegistered that replaces the old one', () => {
      given(history)
        .when(registerDevice('phone', 'tok-2'))
        .then([deviceRegistered('phone', 'tok-2')]);
      expect(deviceOf(foldUser([...history, deviceRegistered('phone', 'tok-2')]), 'phone')).toMatchObject({
        status: 'active',
        pushToken: 'tok-2',
      });
    });

    it('records a platform change', () =>
      given(history)
        .when(registerDevice('phone', 'tok-1', 'android'))
        .then([deviceRegistered('phone', 'tok-1', 'android')]));
  });

  describe('when the device was removed', () => {
    it('registers it again', () =>
      given([registered(), deviceRegistered('phone', 'tok-1'), deviceUnregistered('phone')])
        .when(registerDevice('phone', 'tok-1'))
        .then([deviceRegistered('phone', 'tok-1')]));
  });
});

describe('unregistering a device', () => {
  describe('when the device is active', () => {
    const history = [registered(), deviceRegistered('phone', 'tok-1')];

    it("removes it at the user's request", () =>
      given(history)
        .when(unregisterDevice('phone'))
        .then([deviceUnregistered('phone')]));

    it('removes it when the provider rejected its current token', () =>
      given(history)
        .when(unregisterDevice('phone', 'invalid_token', 'tok-1'))
        .then([deviceUnregistered('phone', 'invalid_token')]));

    it('keeps it when the rejected token is no longer its token', () =>
      given([...history, deviceRegistered('phone', 'tok-2')])
        .when(unregisterDevice('phone', 'invalid_token', 'tok-1'))
        .thenNothing());

    it('refuses an unknown reason', () =>
      given(history)
        .when(unregisterDevice('phone', 'bored' as 'user'))
        .thenThrows(ValidationError, Codes.INVALID_DEVICE));
  });

  describe('when the device was removed', () => {
    it('changes nothing', () =>
      given([registered(), deviceRegistered('phone', 'tok-1'), deviceUnregistered('phone')])
        .when(unregisterDevice('phone'))
        .thenNothing());
  });

  describe('when the device is unknown', () => {
    it('is not found', () =>
      given([registered(), deviceRegistered('phone', 'tok-1')])
        .when(unregisterDevice('tablet'))
        .thenThrows(NotFoundError, Codes.DEVICE_NOT_FOUND));

    it('treats a device id like "constructor" as an ordinary id', () =>
      given([registered()])
        .when(unregisterDevice('constructor'))
        .thenThrows(NotFoundError, Codes.DEVICE_NOT_FOUND));
  });
});
