import { Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The pages: file in dist/web for each route ('index' is `/`). */
export type Page = 'cashier' | 'join' | 'me' | 'index' | 'admin';

/** Names an asset may have: no directories, no dots beyond the extension, so no path escapes dist/web/assets. */
const ASSET_NAME = /^[a-z0-9-]+\.(js|css|js\.map|png)$/;

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  'js.map': 'application/json; charset=utf-8',
  png: 'image/png',
};

export interface WebFile {
  body: Buffer;
  contentType: string;
}

/** Finds the repository (or image) root: the nearest folder up from here holding package.json. */
export function findRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
}

/**
 * Reads the built pages from dist/web (written by scripts/build-web.mjs). Read
 * on each request: the files are small, and a rebuild shows without a restart.
 */
@Injectable()
export class WebAssets {
  readonly dir = join(findRoot(__dirname), 'dist', 'web');

  isAssetName(name: string): boolean {
    return ASSET_NAME.test(name);
  }

  page(page: Page): Promise<WebFile | null> {
    return this.read(join(this.dir, `${page}.html`), 'text/html; charset=utf-8');
  }

  /** The member page's web-app manifest (served at /me.webmanifest). */
  manifest(): Promise<WebFile | null> {
    return this.read(join(this.dir, 'me.webmanifest'), 'application/manifest+json; charset=utf-8');
  }

  asset(name: string): Promise<WebFile | null> {
    const m = ASSET_NAME.exec(name);
    if (!m) return Promise.resolve(null);
    return this.read(join(this.dir, 'assets', name), TYPES[m[1]]);
  }

  private async read(path: string, contentType: string): Promise<WebFile | null> {
    try {
      return { body: await readFile(path), contentType };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }
}
