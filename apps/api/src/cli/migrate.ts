/** `npm run migration:run`: applies pending migrations to DATABASE_URL or the embedded database. */
import { resolveDatabase } from '../database/resolve-database';
import { runMigrations } from '../database/data-source';

async function main() {
  const db = await resolveDatabase();
  try {
    const done = await runMigrations(db.url, (l) => console.log(l));
    console.log(done.length ? `${done.length} migration(s) applied` : 'database is up to date');
  } finally {
    await db.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
