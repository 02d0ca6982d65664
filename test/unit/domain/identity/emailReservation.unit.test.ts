import { emailReservationDecider, type ReserveEmail } from '../../../../src/domain/identity/emailReservation';
import { IdentityErrorCodes as Codes } from '../../../../src/domain/identity/errors';
import { type EmailReservationEvent } from '../../../../src/domain/identity/events';
import { ConflictError, ValidationError } from '../../../../src/domain/shared/errors';
import { DeciderSpecification } from '../deciderSpecification';
import { adminId, now, userId } from './fixtures';

const given = DeciderSpecification.for(emailReservationDecider);

const reserve = (email: string, by = userId): ReserveEmail => ({
  type: 'ReserveEmail',
  data: { email, userId: by, now },
});
const reserved = (by = userId): EmailReservationEvent => ({
  type: 'EmailReserved',
  data: { email: 'ada@example.com', userId: by, reservedAt: now },
});

describe('reserving an email address', () => {
  describe('when free', () => {
    it('reserves the normalized address', () =>
      given([]).when(reserve('  Ada@Example.COM ')).then([reserved()]));

    it.each(['ada', 'ada@', '@example.com', 'ada @example.com', `${'a'.repeat(250)}@example.com`])(
      'refuses %p',
      (email) => given([]).when(reserve(email)).thenThrows(ValidationError, Codes.INVALID_EMAIL),
    );
  });

  describe('when reserved', () => {
    it('refuses another user (duplicate email)', () =>
      given([reserved()])
        .when(reserve('ADA@example.com', adminId))
        .thenThrows(ConflictError, Codes.EMAIL_TAKEN));

    it('changes nothing for the same user (a retried registration)', () =>
      given([reserved()]).when(reserve('ada@example.com')).thenNothing());
  });
});
