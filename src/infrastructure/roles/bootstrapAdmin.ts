import type { Accounts } from '../../application/identity/accounts';
import { IdentityErrorCodes } from '../../domain/identity/errors';
import { OrderlyError } from '../../domain/shared/errors';
import type { Logger } from '../logging/logger';

/** The first admin comes from ADMIN_EMAIL / ADMIN_PASSWORD (or `npm run cli -- create-admin`). */
export const ensureAdmin = async (
  accounts: Accounts,
  admin: Readonly<{ email: string; password: string }>,
  logger: Logger,
): Promise<'created' | 'exists'> => {
  try {
    const { userId } = await accounts.register(
      {
        email: admin.email,
        password: admin.password,
        displayName: 'Administrator',
        role: 'admin',
        bootstrapAdmin: true,
      },
      { correlationId: 'bootstrap-admin', userId: 'system' },
    );
    logger.info({ userId }, 'first admin created');
    return 'created';
  } catch (error) {
    if (error instanceof OrderlyError && error.code === IdentityErrorCodes.EMAIL_TAKEN) return 'exists';
    throw error;
  }
};
