import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRoot, WebAssets } from './web-assets';

describe('WebAssets', () => {
  let dir: string;
  let assets: WebAssets;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regulars-web-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'cashier.html'), '<!doctype html><title>Counter</title>');
    await writeFile(join(dir, 'assets', 'cashier.js'), 'console.log(1)');
    await writeFile(join(dir, 'secret.js'), 'outside assets');
    assets = new WebAssets();
    (assets as { dir: string }).dir = dir;
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('finds the folder holding package.json (the repository, or /app in the image)', () => {
    const root = findRoot(__dirname);
    expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name).toBe('regulars');
    expect(new WebAssets().dir).toBe(join(root, 'dist', 'web'));
  });

  it('serves the built page and assets with their content types', async () => {
    const page = await assets.page('cashier');
    expect(page?.contentType).toBe('text/html; charset=utf-8');
    expect(page?.body.toString()).toContain('Counter');
    const js = await assets.asset('cashier.js');
    expect(js?.contentType).toBe('text/javascript; charset=utf-8');
    expect(js?.body.toString()).toBe('console.log(1)');
  });

  it('answers null for a page or asset that is not built', async () => {
    await expect(assets.page('me')).resolves.toBeNull();
    await expect(assets.asset('missing.js')).resolves.toBeNull();
  });

  it.each([
    '../secret.js',
    '..%2Fsecret.js',
    'a/b.js',
    '.env',
    'cashier.JS',
    'cashier.html',
    'x.js.map.js',
    '',
  ])('refuses the asset name %j (no path escapes dist/web/assets)', async (name) => {
    expect(assets.isAssetName(name)).toBe(false);
    await expect(assets.asset(name)).resolves.toBeNull();
  });

  it.each(['cashier.js', 'me.js.map', 'styles.css'])('accepts the asset name %j', (name) => {
    expect(assets.isAssetName(name)).toBe(true);
  });
});
