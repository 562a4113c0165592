import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Db } from '../database/db';
import { Public } from '../auth/decorators';
import { databaseUnavailable } from '../database/pg-errors';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly db: Db) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Liveness and database check: 200, or 503 DATABASE_UNAVAILABLE with Retry-After',
  })
  async health() {
    const started = process.hrtime.bigint();
    try {
      await this.db.ping();
    } catch {
      throw databaseUnavailable();
    }
    return {
      status: 'ok',
      database: { status: 'up', latencyMs: Number(process.hrtime.bigint() - started) / 1e6 },
    };
  }
}
