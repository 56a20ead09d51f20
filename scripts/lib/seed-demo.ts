import postgres from 'postgres';

/** Demo users you can log in as (dev login, no password). */
export const DEMO_USERS = [
  {email: 'dana@example.com', name: 'Dana Dispatcher', role: 'dispatcher'},
  {email: 'tom@example.com', name: 'Tom Technician', role: 'technician'},
] as const;

/** Demo clients, so a job can be created right away. */
export const DEMO_CLIENTS = ['Acme Plumbing', 'Birch Dental Clinic', 'Cedar Apartments'] as const;

/**
 * Seeds the users the dev login needs and a few clients. Idempotent (keyed by email), so
 * `npm start` can run it on every start without duplicating anything.
 */
export async function seedDemo(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, {max: 1, onnotice: () => {}});
  try {
    for (const user of DEMO_USERS) {
      await sql`insert into users (id, email, name, role, created_at, updated_at)
        values (gen_random_uuid(), ${user.email}, ${user.name}, ${user.role}, now(), now())
        on conflict (email) do nothing`;
    }
    for (const name of DEMO_CLIENTS) {
      await sql`insert into clients (id, name, created_at, updated_at)
        select gen_random_uuid(), ${name}, now(), now()
        where not exists (select 1 from clients where name = ${name})`;
    }
  } finally {
    await sql.end();
  }
}
