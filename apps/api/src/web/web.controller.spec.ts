import type { FastifyReply } from 'fastify';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError } from '@regulars/core';
import { WebAssets } from './web-assets';
import { WebController } from './web.controller';

/** A reply that records what the controller sent. */
function fakeReply() {
  const sent: { status: number; type?: string; headers: Record<string, string>; body?: unknown } = {
    status: 200,
    headers: {},
  };
  const reply = {
    code(s: number) {
      sent.status = s;
      return reply;
    },
    type(t: string) {
      sent.type = t;
      return reply;
    },
    header(k: string, v: string) {
      sent.headers[k] = v;
      return reply;
    },
    send(b: unknown) {
      sent.body = b;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, sent };
}

describe('WebController', () => {
  let dir: string;
  let controller: WebController;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'regulars-web-'));
    const assets = new WebAssets();
    (assets as { dir: string }).dir = dir;
    controller = new WebController(assets);
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('serves the join page for any well-formed slug (the page reads the slug itself)', async () => {
    await writeFile(join(dir, 'join.html'), '<title>Join</title>');
    const { reply, sent } = fakeReply();
    await controller.join('demo-cafe', reply);
    expect(sent.status).toBe(200);
    expect(sent.type).toBe('text/html; charset=utf-8');
    expect(sent.headers['cache-control']).toBe('no-cache');
    expect(String(sent.body)).toContain('Join');
  });

  it('answers 404 for a malformed slug or asset name', async () => {
    const { reply } = fakeReply();
    expect(() => controller.join('../etc', reply)).toThrow(DomainError);
    await expect(controller.asset('../package.json', reply)).rejects.toThrow(DomainError);
    await expect(controller.asset('missing.js', reply)).rejects.toThrow(DomainError);
  });

  it('answers 503 with the command to run when the pages are not built', async () => {
    const { reply, sent } = fakeReply();
    await controller.cashier(reply);
    expect(sent.status).toBe(503);
    expect(String(sent.body)).toContain('node scripts/build-web.mjs');
  });

  it('serves the landing page at /, the member manifest and the service worker at the root', async () => {
    await mkdir(join(dir, 'assets'), { recursive: true });
    await writeFile(join(dir, 'index.html'), '<title>Regulars</title>');
    await writeFile(join(dir, 'me.webmanifest'), '{"start_url":"/me"}');
    await writeFile(join(dir, 'assets', 'me-sw.js'), 'self.addEventListener("fetch",()=>{})');
    await writeFile(join(dir, 'assets', 'icon-192.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const home = fakeReply();
    await controller.home(home.reply);
    expect([home.sent.status, home.sent.type]).toEqual([200, 'text/html; charset=utf-8']);
    const manifest = fakeReply();
    await controller.manifest(manifest.reply);
    expect(manifest.sent.type).toBe('application/manifest+json; charset=utf-8');
    expect(String(manifest.sent.body)).toContain('/me');
    const sw = fakeReply();
    await controller.serviceWorker(sw.reply);
    expect(sw.sent.type).toBe('text/javascript; charset=utf-8');
    const icon = fakeReply();
    await controller.asset('icon-192.png', icon.reply);
    expect(icon.sent.type).toBe('image/png');
  });

  it('answers 404 for the manifest and the service worker when they are not built', async () => {
    const { reply } = fakeReply();
    await expect(controller.manifest(reply)).rejects.toThrow(DomainError);
    await expect(controller.serviceWorker(reply)).rejects.toThrow(DomainError);
  });
});
