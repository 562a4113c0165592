import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/config';
import { Clock, SystemClock } from '@regulars/core';
import { dataSourceOptions } from './database/data-source';
import { PersistenceModule } from './database/persistence.module';
import { AuthModule } from './auth/auth.module';
import { AccessModule } from './access/access.module';
import { BusinessesModule } from './businesses/businesses.module';
import { MembersModule } from './members/members.module';
import { HealthController } from './health/health.controller';
import { LedgerModule } from './ledger/ledger.module';
import { RulesModule } from './rules/rules.module';
import { PosModule } from './pos/pos.module';
import { ProductsModule } from './products/products.module';
import { WebModule } from './web/web.module';
import { EventsModule } from './events/events.module';
import { EventWiringModule } from './event-wiring.module';
import { ReportsModule } from './reports/reports.module';
import { ConsoleModule } from './console/console.module';
import { MessagingModule } from './messaging/messaging.module';
import { RebatesModule } from './rebates/rebates.module';
import { TiersModule } from './tiers/tiers.module';
import { ClubModule } from './club/club.module';
import { ImportsModule } from './imports/imports.module';
import { RetentionModule } from './retention/retention.module';
import { SurveysModule } from './surveys/surveys.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Tests pass a FixedClock; production uses the system clock. */
  clock?: Clock;
}

@Module({})
export class AppModule {
  static register({ config, databaseUrl, clock }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (req) => (req as unknown as { id: string }).id,
            customProps: () => ({ service: 'regulars-api' }),
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
          forRoutes: ['{*splat}'],
        }),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl)),
        PersistenceModule,
        AuthModule,
        AccessModule,
        BusinessesModule,
        MembersModule,
        LedgerModule,
        RulesModule,
        PosModule,
        TiersModule,
        ClubModule,
        ProductsModule,
        ConsoleModule,
        WebModule,
        EventsModule,
        EventWiringModule,
        RebatesModule,
        ReportsModule,
        MessagingModule,
        ImportsModule,
        RetentionModule,
        SurveysModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock ?? new SystemClock() },
      ],
      exports: [AppConfig, Clock],
    };
  }
}
