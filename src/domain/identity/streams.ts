import { streamName } from '../shared/streams';

export const USER_CATEGORY = 'user';
export const USER_EMAIL_CATEGORY = 'useremail';

export const userStream = (userId: string): string => streamName(USER_CATEGORY, userId);

/** The hash (sha256 hex of `normalizeEmail(email)`) is computed outside the pure domain. */
export const userEmailStream = (emailHash: string): string => streamName(USER_EMAIL_CATEGORY, emailHash);

/** What gets hashed for the reservation stream, so every caller reserves the same name. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
