import { Injectable } from '@nestjs/common';
import { Clock, ConflictError, DomainError, ErrorCode, NotFoundError } from '@regulars/core';
import { DeliveryStatus, MessagingRepository } from './messaging.repository';
import { newWebhookSecret } from './signing';

/** The business's webhook endpoints and their delivery log. Delivery itself is MessagingService.deliverDue(). */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly repo: MessagingRepository,
    private readonly clock: Clock,
  ) {}

  /** A new endpoint; its secret is returned here and never again. */
  async create(businessId: string, dto: { url: string; description?: string }) {
    let u: URL;
    try {
      u = new URL(dto.url);
    } catch {
      u = new URL('invalid:');
    }
    if (!['http:', 'https:'].includes(u.protocol) || u.username || u.password)
      throw new DomainError(ErrorCode.VALIDATION_FAILED, 'The URL must be http(s) without credentials', {
        fields: [{ field: 'url', problems: ['must be an http or https URL without user:password'] }],
      });
    if ((await this.repo.endpoints(businessId)).length >= 10)
      throw new ConflictError('A business can have at most 10 webhook endpoints');
    return this.repo.createEndpoint(businessId, {
      url: dto.url,
      description: dto.description ?? null,
      secret: newWebhookSecret(),
      createdAt: this.clock.now(),
    });
  }

  list(businessId: string) {
    return this.repo.endpoints(businessId);
  }

  async delete(businessId: string, id: string): Promise<void> {
    if (!(await this.repo.deleteEndpoint(businessId, id, this.clock.now())))
      throw new NotFoundError('Webhook endpoint');
  }

  deliveries(businessId: string, filter: { endpointId?: string; status?: DeliveryStatus; limit: number }) {
    return this.repo.deliveries(businessId, filter);
  }

  async delivery(businessId: string, id: string) {
    const d = await this.repo.delivery(businessId, id);
    if (!d) throw new NotFoundError('Webhook delivery');
    return { delivery: d, attempts: await this.repo.attempts(businessId, id) };
  }

  /** Queues a delivery again (dead-lettered or delivered alike), with the same webhook-id and body. */
  async replay(businessId: string, id: string) {
    if (!(await this.repo.delivery(businessId, id))) throw new NotFoundError('Webhook delivery');
    const outcome = await this.repo.replay(businessId, id, this.clock.now());
    if (outcome === 'in_flight') throw new ConflictError('The delivery is being attempted right now');
    if (outcome === 'endpoint_deleted') throw new ConflictError('The endpoint of this delivery was deleted');
    return this.delivery(businessId, id);
  }
}
