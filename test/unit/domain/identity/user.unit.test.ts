import { type GrantRole, type RegisterUser } from '../../../../src/domain/identity/commands';
import { userDecider } from '../../../../src/domain/identity/decide';
import { IdentityErrorCodes as Codes } from '../../../../src/domain/identity/errors';
import { type Role } from '../../../../src/domain/identity/events';
import { foldUser, userRoles } from '../../../../src/domain/identity/state';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../../../src/domain/shared/errors';
import { DeciderSpecification } from '../deciderSpecification';
import { adminId, now, passwordHash, registered, userId } from './fixtures';

const given = DeciderSpecification.for(userDecider);

const register = (overrides: Partial<RegisterUser['data']> = {}): RegisterUser => ({
  type: 'RegisterUser',
  data: {
    userId,
    email: 'Ada@Example.com',
    displayName: ' Ada ',
    role: 'customer',
    passwordHash,
    now,
    ...overrides,
  },
});

const grant = (role: Role, actorRoles: readonly Role[] = ['admin']): GrantRole => ({
  type: 'GrantRole',
  data: { userId, role, actorId: adminId, actorRoles, now },
});

describe('registering a user', () => {
  describe('when unregistered', () => {
    it('registers a customer with the normalized email and trimmed name', () =>
      given([])
        .when(register())
        .then([registered('customer')]));

    it('registers a merchant', () =>
      given([])
        .when(register({ role: 'merchant' }))
        .then([registered('merchant')]));

    it('refuses an admin through the public path', () =>
      given([])
        .when(register({ role: 'admin' }))
        .thenThrows(ForbiddenError, Codes.ADMIN_REGISTRATION_FORBIDDEN));

    it('registers an admin from the bootstrap', () =>
      given([])
        .when(register({ role: 'admin', bootstrapAdmin: true }))
        .then([registered('admin')]));

    it('refuses a role that is not offered at registration', () =>
      given([])
        .when(register({ role: 'auditor' as 'customer' }))
        .thenThrows(ValidationError, Codes.INVALID_ROLE));

    it('refuses a malformed email', () =>
      given([])
        .when(register({ email: 'not-an-email' }))
        .thenThrows(ValidationError, Codes.INVALID_EMAIL));

    it.each(['', '   ', 'x'.repeat(101)])('refuses the display name %p', (displayName) =>
      given([]).when(register({ displayName })).thenThrows(ValidationError, Codes.INVALID_DISPLAY_NAME),
    );

    it('refuses a blank password hash', () =>
      given([])
        .when(register({ passwordHash: '' }))
        .thenThrows(ValidationError, Codes.INVALID_PASSWORD_HASH));
  });

  describe('when registered', () => {
    it('registers only once', () =>
      given([registered()]).when(register()).thenThrows(ConflictError, Codes.ALREADY_REGISTERED));
  });
});

describe('granting a role', () => {
  describe('when registered', () => {
    it('lets an admin grant a role', () =>
      given([registered()])
        .when(grant('auditor'))
        .then([
          { type: 'RoleGranted', data: { userId, role: 'auditor', grantedBy: adminId, grantedAt: now } },
        ]));

    it.each([[[]], [['customer']], [['merchant', 'analyst', 'auditor']]] as Role[][][])(
      'refuses an actor with roles %j',
      (actorRoles) =>
        given([registered()])
          .when(grant('admin', actorRoles))
          .thenThrows(ForbiddenError, Codes.ADMIN_REQUIRED),
    );

    it('changes nothing for a role the user has', () =>
      given([registered()]).when(grant('customer')).thenNothing());

    it('refuses an unknown role', () =>
      given([registered()])
        .when(grant('superuser' as Role))
        .thenThrows(ValidationError, Codes.INVALID_ROLE));

    it('accumulates roles', () => {
      const state = foldUser([
        registered('merchant'),
        { type: 'RoleGranted', data: { userId, role: 'analyst', grantedBy: adminId, grantedAt: now } },
      ]);
      expect(userRoles(state)).toEqual(['merchant', 'analyst']);
    });
  });

  describe('when unregistered', () => {
    it('is not found for an admin', () =>
      given([]).when(grant('analyst')).thenThrows(NotFoundError, Codes.USER_NOT_FOUND));

    it('is forbidden, not not-found, for a non-admin', () =>
      given([])
        .when(grant('analyst', ['customer']))
        .thenThrows(ForbiddenError, Codes.ADMIN_REQUIRED));
  });
});
