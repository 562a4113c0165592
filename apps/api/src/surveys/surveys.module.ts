import { Module } from '@nestjs/common';
import { PersistenceModule } from '../database/persistence.module';
import { MessagingModule } from '../messaging/messaging.module';
import { RetentionModule } from '../retention/retention.module';
import { SurveysController } from './surveys.controller';
import { SurveyPageController } from './survey-page.controller';
import { SurveysRepository } from './surveys.repository';
import { SurveysService } from './surveys.service';
import { SurveyInvitationConsumer } from './survey-invitation.consumer';

/**
 * NPS surveys (issue 18, item 5): the invitation trigger after purchases, the
 * public survey page (/survey/:token, /survey/at/:slug for a receipt code),
 * results by location and month, and detractors on the call list.
 */
@Module({
  imports: [PersistenceModule, MessagingModule, RetentionModule],
  controllers: [SurveysController, SurveyPageController],
  providers: [SurveysRepository, SurveysService, SurveyInvitationConsumer],
  exports: [SurveysService, SurveyInvitationConsumer],
})
export class SurveysModule {}
