import { createHash } from 'node:crypto';
import { emailReservationDecider } from '../../domain/identity/emailReservation';
import { IdentityErrorCodes } from '../../domain/identity/errors';
import type { RegistrationRole, Role } from '../../domain/identity/events';
import { userDecider } from '../../domain/identity/decide';
import { userRoles } from '../../domain/identity/state';
import { normalizeEmail, userEmailStream, userStream } from '../../domain/identity/streams';
import { OrderlyError } from '../../domain/shared/errors';
import type { CommandContext, CommandHandler } from '../commands/handleCommand';
import type { Clock, IdGenerator } from '../ports';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export type Registration = Readonly<{
  email: string;
  password: string;
  displayName: string;
  role: RegistrationRole;
  /** Only the CLI / configuration bootstrap sets this (first admin). */
  bootstrapAdmin?: boolean;
}>;

export type Account = Readonly<{ userId: string; roles: readonly Role[] }>;

export class InvalidCredentialsError extends OrderlyError {
  constructor() {
    super('unauthorized', 'AUTH.INVALID_CREDENTIALS', 'The email or password is wrong.');
  }
}

const emailStreamOf = (email: string): string =>
  userEmailStream(createHash('sha256').update(normalizeEmail(email)).digest('hex'));

const ADOPTION_GRACE_MS = 5 * 60_000;

export type AccountDeps = Readonly<{
  commands: CommandHandler;
  hasher: PasswordHasher;
  clock: Clock;
  ids: IdGenerator;
}>;

/** Registration and credential checks: the email reservation stream makes addresses unique. */
export const createAccounts = ({ commands, hasher, clock, ids }: AccountDeps) => {
  // Verifying against a throwaway hash when the email is unknown keeps both answers equally slow.
  let unknownUserHash: Promise<string> | undefined;
  const hashForUnknownUser = () => (unknownUserHash ??= hasher.hash(ids.newId()));

  const isTaken = (error: unknown) =>
    error instanceof OrderlyError && error.code === IdentityErrorCodes.EMAIL_TAKEN;

  /**
   * Reserves the email for a new user id. A reservation whose user stream was never written (a crash between
   * the two appends) is adopted rather than blocking the address forever.
   */
  const reserveEmail = async (email: string, context: CommandContext): Promise<string> => {
    const userId = ids.newId();
    const now = clock.now().toISOString();
    const stream = emailStreamOf(email);
    try {
      await commands.handle(
        emailReservationDecider,
        stream,
        { type: 'ReserveEmail', data: { email, userId, now } },
        context,
      );
      return userId;
    } catch (error) {
      if (!isTaken(error)) throw error;
      const reservation = await commands.load(emailReservationDecider, stream);
      if (reservation.state.status !== 'reserved') throw error;
      // A reservation younger than the grace period may belong to a registration still in flight.
      if (Date.parse(now) - Date.parse(reservation.state.reservedAt) < ADOPTION_GRACE_MS) throw error;
      const holder = await commands.load(userDecider, userStream(reservation.state.userId));
      if (holder.state.status === 'registered') throw error;
      return reservation.state.userId;
    }
  };

  const register = async (registration: Registration, context: CommandContext) => {
    const passwordHash = await hasher.hash(registration.password);
    const { password: _password, ...facts } = registration;
    const now = clock.now().toISOString();
    const command = (userId: string) =>
      ({ type: 'RegisterUser', data: { ...facts, userId, passwordHash, now } }) as const;
    // A dry run of the pure decision first: input the user decider refuses must not reserve the email.
    userDecider.decide(command(ids.newId()), userDecider.initialState());
    const userId = await reserveEmail(registration.email, context);
    const result = await commands.handle(userDecider, userStream(userId), command(userId), {
      ...context,
      userId,
    });
    return { userId, roles: userRoles(result.state), result };
  };

  const authenticate = async (email: string, password: string): Promise<Account> => {
    const reservation = await commands.load(emailReservationDecider, emailStreamOf(email));
    const userId = reservation.state.status === 'reserved' ? reservation.state.userId : undefined;
    const user =
      userId === undefined ? undefined : (await commands.load(userDecider, userStream(userId))).state;
    const stored = user?.status === 'registered' ? user.passwordHash : await hashForUnknownUser();
    const matches = await hasher.verify(password, stored);
    if (!matches || user?.status !== 'registered') throw new InvalidCredentialsError();
    return { userId: user.userId, roles: user.roles };
  };

  /** The current roles (grants since the last login count on refresh). */
  const accountOf = async (userId: string): Promise<Account> => {
    const user = await commands.load(userDecider, userStream(userId));
    if (user.state.status !== 'registered') throw new InvalidCredentialsError();
    return { userId, roles: user.state.roles };
  };

  return { register, authenticate, accountOf };
};

export type Accounts = ReturnType<typeof createAccounts>;
