import type { FastifyReply } from 'fastify';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
});
