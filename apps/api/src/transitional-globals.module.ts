import { Global, Module } from '@nestjs/common';
import { BusinessesModule } from './businesses/businesses.module';
import { LedgerModule } from './ledger/ledger.module';
import { MembersModule } from './members/members.module';

/**
 * TEMPORARY (issue 12, item 2): makes the exports of these modules available everywhere, for
 * the modules that were reworked in parallel and still inject them without importing them:
 *
 * - PosModule: BusinessRepository (BusinessesModule), Ledger (LedgerModule)
 * - TiersModule: Ledger
 *
 * Remove a line of the list when its module imports what it uses; delete this module (and its
 * entry in app.module.ts and in module-graph.spec.ts) when the list is empty.
 */
@Global()
@Module({
  imports: [BusinessesModule, MembersModule, LedgerModule],
  exports: [BusinessesModule, MembersModule, LedgerModule],
})
export class TransitionalGlobalsModule {}
