import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ledger } from '@regulars/ledger';
import { Auth, CurrentPrincipal } from '../auth/decorators';
import type { Principal } from '../auth/principal';

@ApiTags('ledger')
@Controller('api/ledger')
export class LedgerController {
  constructor(private readonly ledger: Ledger) {}

  @Get('verify')
  @Auth('owner')
  @ApiOperation({ summary: "Check every ledger invariant over the owner's business; lists each violation" })
  async verify(@CurrentPrincipal() p: Principal) {
    const violations = await this.ledger.verify({ businessId: p.businessId });
    return { ok: violations.length === 0, violations };
  }
}
