#!/usr/bin/env node
// Builds the web pages (web/) into dist/web/: the page scripts bundled with esbuild
// (jsQR included, nothing loaded from a CDN), the HTML pages and the stylesheet.
// Run by `npm run build` and `npm start`; the api app serves dist/web (apps/api/src/web).
/* global process, console */
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'web');
const final = join(root, 'dist', 'web');
const watch = process.argv.includes('--watch');
// Built beside dist/web and swapped in at the end, so a running server (or a second build)
// never serves a half-written page. --watch rebuilds dist/web in place.
const out = watch ? final : join(root, 'dist', `.web-${process.pid}`);

const started = Date.now();
await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'assets'), { recursive: true });

const options = {
  absWorkingDir: root,
  entryPoints: [
    ...['cashier', 'join', 'me', 'me-sw', 'home'].map((p) => join(src, 'src', `${p}.ts`)),
    // The owner console (Preact + signals, uPlot): admin.js and admin.css (its styles and uPlot's).
    join(src, 'src', 'admin.tsx'),
  ],
  outdir: join(out, 'assets'),
  bundle: true,
  format: 'esm',
  target: ['chrome100', 'safari15', 'firefox100'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  tsconfig: join(src, 'tsconfig.json'),
  logLevel: 'warning',
};

await build(options);
for (const page of await readdir(join(src, 'pages'))) {
  if (page.endsWith('.html')) await copyFile(join(src, 'pages', page), join(out, page));
}
await copyFile(join(src, 'styles.css'), join(out, 'assets', 'styles.css'));
// The member page as an installable web app: its manifest and icons.
await copyFile(join(src, 'me.webmanifest'), join(out, 'me.webmanifest'));
for (const icon of await readdir(join(src, 'icons'))) {
  if (icon.endsWith('.png')) await copyFile(join(src, 'icons', icon), join(out, 'assets', icon));
}
if (out !== final) {
  // Another build may swap its own in between our rm and rename: then try again.
  for (let attempt = 1; ; attempt++) {
    await rm(final, { recursive: true, force: true });
    try {
      await rename(out, final);
      break;
    } catch (e) {
      if (attempt >= 5 || !['ENOTEMPTY', 'EEXIST'].includes(e.code)) {
        await rm(out, { recursive: true, force: true });
        throw e;
      }
    }
  }
}
console.log(`[regulars] web pages built into dist/web in ${Date.now() - started} ms`);

if (watch) {
  const { context } = await import('esbuild');
  const ctx = await context(options);
  await ctx.watch();
  console.log('[regulars] watching web/src (HTML and CSS: rerun the build)');
}
