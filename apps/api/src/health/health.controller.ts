import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode } from '@regulars/core';
import { Public } from '../auth/decorators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and database check' })
  async health() {
    const started = process.hrtime.bigint();
    try {
      await this.ds.query('SELECT 1');
    } catch {
      throw new DomainError(ErrorCode.INTERNAL, 'database unavailable');
    }
    return {
      status: 'ok',
      database: { status: 'up', latencyMs: Number(process.hrtime.bigint() - started) / 1e6 },
    };
  }
}
