import postgres from 'postgres';

/** Demo users you can log in as (dev login, no password). */
export const DEMO_USERS = [
  {email: 'dana@example.com', name: 'Dana Dispatcher', role: 'dispatcher'},
  {email: 'tom@example.com', name: 'Tom Technician', role: 'technician'},
] as const;

/**
 * Seeds the users the dev login needs. Idempotent (keyed by email), so
 * `npm start` can run it on every start without duplicating anything.
 */
export async function seedUsers(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, {max: 1, onnotice: () => {}});
  try {
    for (const user of DEMO_USERS) {
      await sql`insert into users (id, email, name, role, created_at, updated_at)
        values (gen_random_uuid(), ${user.email}, ${user.name}, ${user.role}, now(), now())
        on conflict (email) do nothing`;
    }
  } finally {
    await sql.end();
  }
}
