/**
 * `npm run tiers:verify`: recomputes every member's tier state from history
 * (purchases, returns, manual status) in every business with a tier program
 * and names each member whose stored state differs. Exit code 1 when any
 * differs. Uses DATABASE_URL or the embedded database, like the app.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig, loadConfig } from '../config/config';
import { resolveDatabase } from '../database/resolve-database';
import { AppModule } from '../app.module';
import { TiersService } from '../tiers/tiers.service';

async function main(): Promise<number> {
  const config = loadConfig();
  const db = await resolveDatabase();
  try {
    const app = await NestFactory.createApplicationContext(
      AppModule.register({ config: new AppConfig({ ...config, workerEnabled: false }), databaseUrl: db.url }),
      { logger: ['error'] },
    );
    try {
      const results = await app.get(TiersService).verifyAll();
      let differing = 0;
      for (const r of results) {
        console.log(`business ${r.businessId}: ${r.checked} member(s) checked, ${r.differing.length} differ`);
        for (const d of r.differing) console.log(`  member ${d.memberId}: ${d.fields.join(', ')}`);
        differing += r.differing.length;
      }
      console.log(
        differing
          ? `${differing} member(s) differ from the recompute`
          : 'every stored tier state equals the recompute',
      );
      return differing ? 1 : 0;
    } finally {
      await app.close();
    }
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
