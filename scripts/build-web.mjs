#!/usr/bin/env node
// Builds the web pages (web/) into dist/web/: the page scripts bundled with esbuild
// (jsQR included, nothing loaded from a CDN), the HTML pages and the stylesheet.
// Run by `npm run build` and `npm start`; the api app serves dist/web (apps/api/src/web).
/* global process, console */
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'web');
const out = join(root, 'dist', 'web');
const watch = process.argv.includes('--watch');

const started = Date.now();
await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'assets'), { recursive: true });

const options = {
  absWorkingDir: root,
  entryPoints: ['cashier', 'join', 'me'].map((p) => join(src, 'src', `${p}.ts`)),
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
console.log(`[regulars] web pages built into dist/web in ${Date.now() - started} ms`);

if (watch) {
  const { context } = await import('esbuild');
  const ctx = await context(options);
  await ctx.watch();
  console.log('[regulars] watching web/src (HTML and CSS: rerun the build)');
}
