import { Module } from '@nestjs/common';
import { WebAssets } from './web-assets';
import { WebController } from './web.controller';

/** Serves the counter page (/cashier) and the member pages (/join/:slug, /me) built into dist/web. */
@Module({
  controllers: [WebController],
  providers: [WebAssets],
})
export class WebModule {}
