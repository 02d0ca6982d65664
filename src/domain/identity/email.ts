import { ValidationError } from '../shared/errors';
import { IdentityErrorCodes } from './errors';
import { normalizeEmail } from './streams';

export const MAX_EMAIL_LENGTH = 254;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The normalized address (what events record and what the reservation stream is hashed from), or throws. */
export const validEmail = (email: string): string => {
  const normalized = normalizeEmail(email);
  if (normalized.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(normalized))
    throw new ValidationError(IdentityErrorCodes.INVALID_EMAIL, 'The email address is invalid', [
      { field: 'email', message: 'must be a valid email address' },
    ]);
  return normalized;
};
