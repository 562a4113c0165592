import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Auth, CurrentPrincipal, MANAGERS } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UUID } from '../common/pipes';
import { ImportPurchasesQuery, ImportRecordListView, ImportRecordView, ImportReportView } from './import.dto';
import { importRecordView, ImportsService } from './imports.service';

@ApiTags('imports')
@Controller('api/imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post('purchases')
  @HttpCode(200)
  @Auth(...MANAGERS)
  @ApiOperation({
    summary:
      'Import purchase history from the old till (CSV body, streamed): customers and purchases, idempotent by purchase id, batches committed with the import record; no points are awarded. dryRun=true reports every bad row and writes nothing.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example: 'purchase_id,customer_id,date,amount,category\nR-1,C-7,2025-03-01 08:15,4.20,coffee\n',
    },
  })
  @ApiOkResponse({ type: ImportReportView })
  importPurchases(
    @CurrentPrincipal() p: Principal,
    @Query() q: ImportPurchasesQuery,
    @Req() req: FastifyRequest,
  ): Promise<ImportReportView> {
    const len = Number(req.headers['content-length']);
    return this.imports.importPurchases(p.businessId, req.body, {
      ...q,
      contentLength: Number.isFinite(len) ? len : undefined,
    });
  }

  @Get()
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'Import runs, newest first (state, committed line, counts)' })
  @ApiOkResponse({ type: ImportRecordListView })
  async list(@CurrentPrincipal() p: Principal): Promise<ImportRecordListView> {
    return { items: (await this.imports.list(p.businessId)).map(importRecordView) };
  }

  @Get(':id')
  @Auth(...MANAGERS)
  @ApiOperation({ summary: 'One import run' })
  @ApiOkResponse({ type: ImportRecordView })
  async get(@CurrentPrincipal() p: Principal, @Param('id', UUID) id: string): Promise<ImportRecordView> {
    return importRecordView(await this.imports.get(p.businessId, id));
  }
}
