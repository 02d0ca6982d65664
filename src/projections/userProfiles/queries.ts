import type { Knex } from 'knex';
import { batchedLookup } from '../shared/batchedLookup';
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

const profileByUser = batchedLookup<ProfileRow>(
  {
    name: 'orderly_view_user_profiles_by_user',
    text: `select user_id, email, display_name, roles, registered_at
      from ${userProfileTables.profiles} where user_id = any($1::text[])`,
  },
  (row) => row.user_id,
);

export const findUserProfile = async (knex: Knex, userId: string): Promise<UserProfile | undefined> => {
  const row = await profileByUser(knex, userId);
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
