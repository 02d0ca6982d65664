import type { Knex } from 'knex';
import { userProfileTables } from './projection';

export type UserProfile = Readonly<{
  userId: string;
  email: string;
  displayName: string;
  roles: string[];
  registeredAt: string;
}>;

type ProfileRow = {
  user_id: string;
  email: string;
  display_name: string;
  roles: string[];
  registered_at: Date;
};

export const findUserProfile = async (knex: Knex, userId: string): Promise<UserProfile | undefined> => {
  const row = await knex<ProfileRow>(userProfileTables.profiles)
    .first('user_id', 'email', 'display_name', 'roles', 'registered_at')
    .where({ user_id: userId });
  return (
    row && {
      userId: row.user_id,
      email: row.email,
      displayName: row.display_name,
      roles: row.roles,
      registeredAt: row.registered_at.toISOString(),
    }
  );
};
