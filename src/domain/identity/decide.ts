import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { isText } from '../shared/validation';
import {
  type GrantRole,
  type RegisterDevice,
  type RegisterUser,
  type UnregisterDevice,
  type UserCommand,
} from './commands';
import { validEmail } from './email';
import { IdentityErrorCodes as Codes, type IdentityErrorCode } from './errors';
import { type UserEvent } from './events';
import { devicePlatforms, deviceUnregistrationReasons, isRole, publicRegistrationRoles } from './roles';
import { deviceOf, evolveUser, initialUserState, type RegisteredUser, type UserState } from './state';

export const MAX_DISPLAY_NAME_LENGTH = 100;

const invalid = (code: IdentityErrorCode, field: string, message: string) =>
  new ValidationError(code, `${field} ${message}`, [{ field, message }]);

const validateRegistration = ({
  displayName,
  passwordHash,
  role,
  bootstrapAdmin,
}: RegisterUser['data']): void => {
  if (role === 'admin' && bootstrapAdmin !== true)
    throw new ForbiddenError(
      Codes.ADMIN_REGISTRATION_FORBIDDEN,
      'Administrators are created by the bootstrap only',
    );
  if (role !== 'admin' && !publicRegistrationRoles.includes(role))
    throw invalid(Codes.INVALID_ROLE, 'role', 'must be customer or merchant');
  if (!isText(displayName, MAX_DISPLAY_NAME_LENGTH))
    throw invalid(
      Codes.INVALID_DISPLAY_NAME,
      'displayName',
      `must be 1..${MAX_DISPLAY_NAME_LENGTH} characters`,
    );
  if (!isText(passwordHash, 1024))
    throw invalid(Codes.INVALID_PASSWORD_HASH, 'passwordHash', 'must not be blank');
};

const registerUser = (data: RegisterUser['data'], state: UserState): UserEvent[] => {
  validateRegistration(data);
  const email = validEmail(data.email);
  if (state.status === 'registered')
    throw new ConflictError(Codes.ALREADY_REGISTERED, 'This user is registered');
  const { userId, role, passwordHash, now } = data;
  const displayName = data.displayName.trim();
  return [
    { type: 'UserRegistered', data: { userId, email, displayName, role, passwordHash, registeredAt: now } },
  ];
};

const requireRegistered = (state: UserState): RegisteredUser => {
  if (state.status === 'unregistered') throw new NotFoundError(Codes.USER_NOT_FOUND, 'No such user');
  return state;
};

/** Authorization comes before lookup, so a non-admin learns nothing about which users exist. */
const grantRole = (
  { userId, role, actorId, actorRoles, now }: GrantRole['data'],
  state: UserState,
): UserEvent[] => {
  if (!actorRoles.includes('admin'))
    throw new ForbiddenError(Codes.ADMIN_REQUIRED, 'Only an administrator may grant roles');
  if (!isRole(role)) throw invalid(Codes.INVALID_ROLE, 'role', 'is not a known role');
  const user = requireRegistered(state);
  if (user.roles.includes(role)) return [];
  return [{ type: 'RoleGranted', data: { userId, role, grantedBy: actorId, grantedAt: now } }];
};

const validateDevice = ({ deviceId, platform, pushToken }: RegisterDevice['data']): void => {
  if (!isText(deviceId, 200)) throw invalid(Codes.INVALID_DEVICE, 'deviceId', 'must be 1..200 characters');
  if (!devicePlatforms.includes(platform))
    throw invalid(Codes.INVALID_DEVICE, 'platform', 'must be ios, android or web');
  if (!isText(pushToken, 4096))
    throw invalid(Codes.INVALID_DEVICE, 'pushToken', 'must be 1..4096 characters');
};

/**
 * A device id is chosen by the app. Registering it again with the same platform and token changes
 * nothing; with a new token, one DeviceRegistered replaces the earlier registration (no unregister first).
 */
const registerDevice = (data: RegisterDevice['data'], state: UserState): UserEvent[] => {
  validateDevice(data);
  requireRegistered(state);
  const { userId, deviceId, platform, pushToken, now } = data;
  const known = deviceOf(state, deviceId);
  if (known?.status === 'active' && known.platform === platform && known.pushToken === pushToken) return [];
  return [{ type: 'DeviceRegistered', data: { userId, deviceId, platform, pushToken, registeredAt: now } }];
};

const unregisterDevice = (data: UnregisterDevice['data'], state: UserState): UserEvent[] => {
  if (!deviceUnregistrationReasons.includes(data.reason))
    throw invalid(Codes.INVALID_DEVICE, 'reason', 'must be user or invalid_token');
  requireRegistered(state);
  const device = deviceOf(state, data.deviceId);
  if (device === undefined) throw new NotFoundError(Codes.DEVICE_NOT_FOUND, 'No such device');
  if (device.status === 'removed') return [];
  if (data.pushToken !== undefined && data.pushToken !== device.pushToken) return [];
  const { userId, deviceId, reason, now } = data;
  return [{ type: 'DeviceUnregistered', data: { userId, deviceId, reason, unregisteredAt: now } }];
};

export const decideUser = (command: UserCommand, state: UserState): readonly UserEvent[] => {
  switch (command.type) {
    case 'RegisterUser':
      return registerUser(command.data, state);
    case 'GrantRole':
      return grantRole(command.data, state);
    case 'RegisterDevice':
      return registerDevice(command.data, state);
    case 'UnregisterDevice':
      return unregisterDevice(command.data, state);
    default:
      return assertNever(command);
  }
};

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
};
