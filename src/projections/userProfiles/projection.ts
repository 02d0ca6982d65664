import type { Knex } from 'knex';
import type { RecordedEvent } from '../../application/eventStore/eventStore';
import type { Position } from '../../application/eventStore/position';
import { isUserEvent, type RoleGranted, type UserRegistered } from '../../domain/identity/events';
import { defineProjection } from '../runner/projection';
import { eventsOf } from '../shared/events';
import { positionValues } from '../shared/positionColumns';

export const userProfileTables = { profiles: 'user_profiles' } as const;

type Grants = { roles: Set<string>; position: Position };

const registrations = (events: readonly (RecordedEvent & UserRegistered)[]) =>
  events.map(({ data, position }) => ({
    user_id: data.userId,
    email: data.email,
    display_name: data.displayName,
    roles: [data.role],
    registered_at: data.registeredAt,
    ...positionValues(position),
  }));

/** All grants of the batch per user: one UPDATE for the batch instead of one per event. */
const grantsByUser = (events: readonly (RecordedEvent & RoleGranted)[]) => {
  const byUser = new Map<string, Grants>();
  for (const { data, position } of events) {
    const grants = byUser.get(data.userId) ?? { roles: new Set<string>(), position };
    grants.roles.add(data.role);
    grants.position = position;
    byUser.set(data.userId, grants);
  }
  return [...byUser].map(([userId, grants]) => ({
    user_id: userId,
    roles: [...grants.roles],
    ...positionValues(grants.position),
  }));
};

const insertProfiles = async (trx: Knex.Transaction, table: string, rows: readonly object[]) => {
  await trx.raw(
    `insert into ?? (user_id, email, display_name, roles, registered_at, position_commit, position_prepare)
     select * from json_to_recordset(?::json) as r(user_id text, email text, display_name text, roles text[],
       registered_at timestamptz, position_commit numeric, position_prepare numeric)
     on conflict (user_id) do nothing`,
    [table, JSON.stringify(rows)],
  );
};

const newer = '(g.position_commit, g.position_prepare) > (u.position_commit, u.position_prepare)';

// A set union of roles: granting a role twice changes nothing.
const grantRoles = async (trx: Knex.Transaction, table: string, rows: readonly object[]) => {
  await trx.raw(
    `update ?? as u
        set roles = (select array_agg(distinct role order by role) from unnest(u.roles || g.roles) as role),
            position_commit = case when ${newer} then g.position_commit else u.position_commit end,
            position_prepare = case when ${newer} then g.position_prepare else u.position_prepare end
       from json_to_recordset(?::json) as g(user_id text, roles text[], position_commit numeric,
            position_prepare numeric)
      where u.user_id = g.user_id`,
    [table, JSON.stringify(rows)],
  );
};

/** user_profiles: who a user is and which roles they hold (credentials live with auth, not here). */
export const userProfilesProjection = defineProjection({
  name: 'userProfiles',
  eventTypes: ['UserRegistered', 'RoleGranted'],
  tables: userProfileTables,
  apply: async (trx, events, { profiles }) => {
    const userEvents = eventsOf(events, isUserEvent);
    const registered = userEvents.filter(
      (e): e is RecordedEvent & UserRegistered => e.type === 'UserRegistered',
    );
    const granted = userEvents.filter((e): e is RecordedEvent & RoleGranted => e.type === 'RoleGranted');
    // A user's registration precedes their grants in $all (one stream), so inserting first keeps the order.
    if (registered.length > 0) await insertProfiles(trx, profiles, registrations(registered));
    if (granted.length > 0) await grantRoles(trx, profiles, grantsByUser(granted));
  },
});
