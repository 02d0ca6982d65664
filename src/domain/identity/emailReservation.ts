import { assertNever, type Decider, type Message } from '../shared/decider';
import { ConflictError } from '../shared/errors';
import { validEmail } from './email';
import { IdentityErrorCodes } from './errors';
import { type EmailReservationEvent } from './events';

/** Lives in `useremail-<sha256 of the normalized email>`: appending there first makes emails unique. */
export type EmailReservationState =
  | Readonly<{ status: 'free' }>
  | Readonly<{ status: 'reserved'; email: string; userId: string; reservedAt: string }>;

export type ReserveEmail = Message<'ReserveEmail', { email: string; userId: string; now: string }>;
export type EmailReservationCommand = ReserveEmail;

export const initialEmailReservationState = (): EmailReservationState => ({ status: 'free' });

export const evolveEmailReservation = (
  state: EmailReservationState,
  event: EmailReservationEvent,
): EmailReservationState => {
  switch (event.type) {
    case 'EmailReserved':
      return state.status === 'free'
        ? {
            status: 'reserved',
            email: event.data.email,
            userId: event.data.userId,
            reservedAt: event.data.reservedAt,
          }
        : state;
    default:
      return assertNever(event.type);
  }
};

/** The same user reserving again (a retried registration) changes nothing. */
export const decideEmailReservation = (
  { data }: EmailReservationCommand,
  state: EmailReservationState,
): readonly EmailReservationEvent[] => {
  const email = validEmail(data.email);
  switch (state.status) {
    case 'free':
      return [{ type: 'EmailReserved', data: { email, userId: data.userId, reservedAt: data.now } }];
    case 'reserved':
      if (state.userId === data.userId) return [];
      throw new ConflictError(IdentityErrorCodes.EMAIL_TAKEN, 'This email address is already registered');
    default:
      return assertNever(state);
  }
};

export const emailReservationDecider: Decider<
  EmailReservationCommand,
  EmailReservationEvent,
  EmailReservationState
> = {
  decide: decideEmailReservation,
  evolve: evolveEmailReservation,
  initialState: initialEmailReservationState,
};
