import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pngToY4m } from './y4m';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'artifacts', 'screenshots');

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with a fresh profile and a fake camera: showing
 * the given PNG (getUserMedia delivers it as video), else Chromium's test pattern.
 */
export async function launchBrowser(
  opts: { cameraPng?: Buffer; viewport?: typeof PHONE; noCamera?: boolean } = {},
) {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const dir = await mkdtemp(join(tmpdir(), 'regulars-browser-'));
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  // noCamera: a machine without a camera (getUserMedia finds no device).
  if (!opts.noCamera) args.push('--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream');
  if (opts.cameraPng) {
    const video = join(dir, 'camera.y4m');
    await writeFile(video, pngToY4m(opts.cameraPng));
    args.push(`--use-file-for-fake-video-capture=${video}`);
  }
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args,
    viewport: opts.viewport ?? DESKTOP,
    permissions: ['camera'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  } satisfies TestBrowser;
}

/** Saves the page at phone and at desktop width: artifacts/screenshots/<name>-phone.png, -desktop.png. */
export async function screenshots(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const [label, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${label}.png`), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}
