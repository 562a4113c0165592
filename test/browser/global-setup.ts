import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import dbSetup from '../support/global-setup';

/** Builds the pages (dist/web) once, checks for Chromium, then the usual database setup. */
export default async function browserGlobalSetup(): Promise<void> {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium))
    throw new Error(`Browser tests need Chromium at ${chromium}: apt-get install -y chromium`);
  const root = join(__dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'build-web.mjs')], { stdio: 'inherit', cwd: root });
  await dbSetup();
}
