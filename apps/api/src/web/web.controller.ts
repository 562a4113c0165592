import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NotFoundError } from '@regulars/core';
import { Public } from '../auth/decorators';
import { Page, WebAssets, WebFile } from './web-assets';

const SLUG = /^[a-z0-9-]{3,60}$/;

const NOT_BUILT =
  'The Regulars web pages are not built. Run `node scripts/build-web.mjs` (npm start and npm run build do this).\n';

/**
 * The pages for the counter and the member, served by the api app itself (no
 * second server, no CDN). The pages are static; their scripts call /api/*.
 * Routes: / (links to the pages; sends a signed-in member to /me), /cashier,
 * /join/:slug, /me with its web-app manifest (/me.webmanifest) and service worker
 * (/me-sw.js: at the root so that its scope can be /me), and /assets/*; none
 * under /api or /health.
 */
@ApiExcludeController()
@Controller()
export class WebController {
  constructor(private readonly web: WebAssets) {}

  @Get()
  @Public()
  home(@Res() reply: FastifyReply) {
    return this.sendPage(reply, 'index');
  }

  @Get('me.webmanifest')
  @Public()
  async manifest(@Res() reply: FastifyReply) {
    const file = await this.web.manifest();
    if (!file) throw new NotFoundError('Manifest');
    return this.send(reply, file);
  }

  @Get('me-sw.js')
  @Public()
  async serviceWorker(@Res() reply: FastifyReply) {
    const file = await this.web.asset('me-sw.js');
    if (!file) throw new NotFoundError('Service worker');
    return this.send(reply, file);
  }

  @Get('cashier')
  @Public()
  cashier(@Res() reply: FastifyReply) {
    return this.sendPage(reply, 'cashier');
  }

  @Get('join/:slug')
  @Public()
  join(@Param('slug') slug: string, @Res() reply: FastifyReply) {
    if (!SLUG.test(slug)) throw new NotFoundError('Page');
    return this.sendPage(reply, 'join');
  }

  @Get('me')
  @Public()
  me(@Res() reply: FastifyReply) {
    return this.sendPage(reply, 'me');
  }

  /** The owner console (owners and managers; a cashier who logs in is sent to /cashier). */
  @Get('admin')
  @Public()
  admin(@Res() reply: FastifyReply) {
    return this.sendPage(reply, 'admin');
  }

  @Get('assets/:name')
  @Public()
  async asset(@Param('name') name: string, @Res() reply: FastifyReply) {
    if (!this.web.isAssetName(name)) throw new NotFoundError('Asset');
    const file = await this.web.asset(name);
    if (!file) throw new NotFoundError('Asset');
    return this.send(reply, file);
  }

  private async sendPage(reply: FastifyReply, page: Page) {
    const file = await this.web.page(page);
    if (!file) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(NOT_BUILT);
    }
    return this.send(reply, file);
  }

  private send(reply: FastifyReply, file: WebFile) {
    // no-cache: the browser revalidates, so a new build is picked up at once; the files are small.
    return reply.type(file.contentType).header('cache-control', 'no-cache').send(file.body);
  }
}
