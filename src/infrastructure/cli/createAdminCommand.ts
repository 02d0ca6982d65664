import type { Accounts } from '../../application/identity/accounts';
import { TOKENS } from '../composition/tokens';
import { ensureAdmin } from '../roles/bootstrapAdmin';
import { type CliContext, print } from './context';

export const createAdminCommand = async (
  { container, logger }: CliContext,
  options: Readonly<{ email?: string; password?: string }>,
): Promise<number> => {
  const email = options.email ?? process.env.ADMIN_EMAIL;
  const password = options.password ?? process.env.ADMIN_PASSWORD;
  if (email === undefined || password === undefined || password.length < 10) {
    print(
      'create-admin needs --email and --password (at least 10 characters), or ADMIN_EMAIL and ADMIN_PASSWORD.',
    );
    return 2;
  }
  const outcome = await ensureAdmin(container.get<Accounts>(TOKENS.accounts), { email, password }, logger);
  print(
    outcome === 'created' ? `Admin ${email} created.` : `${email} is already registered; nothing changed.`,
  );
  return outcome === 'created' ? 0 : 3;
};
