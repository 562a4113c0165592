import type {
  AttemptRow,
  ConsentRow,
  DeliveryRow,
  DevMailRow,
  EndpointRow,
  MessageRow,
  SettingsRow,
} from './messaging.repository';
import { formatClockTime } from './policy';

export function messageView(m: MessageRow) {
  return {
    id: m.id,
    memberId: m.memberId,
    type: m.type,
    channel: m.channel,
    marketing: m.marketing,
    idempotencyKey: m.idempotencyKey,
    status: m.status,
    suppressedReason: m.suppressedReason,
    attempts: m.attempts,
    nextAttemptAt: m.nextAttemptAt.toISOString(),
    lastError: m.lastError,
    recipient: m.recipient,
    subject: m.subject,
    text: m.text,
    html: m.html,
    headers: m.headers,
    mailMessageId: m.mailMessageId,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
  };
}

export function devMailView(m: DevMailRow) {
  return {
    id: m.id,
    messageId: m.messageId,
    channel: m.channel,
    to: m.recipient,
    subject: m.subject,
    text: m.text,
    html: m.html,
    headers: m.headers,
    deliveredAt: m.deliveredAt.toISOString(),
  };
}

export function settingsView(s: SettingsRow) {
  return {
    language: s.language,
    quietHours:
      s.quietStart === null || s.quietEnd === null
        ? 'off'
        : `${formatClockTime(s.quietStart)}-${formatClockTime(s.quietEnd)}`,
    weeklyCap: s.weeklyCap,
  };
}

export function consentView(c: ConsentRow) {
  return {
    id: c.id,
    channel: c.channel,
    purpose: c.purpose,
    given: c.given,
    at: c.at.toISOString(),
    source: c.source,
    wording: c.wording,
    actor: c.actor,
  };
}

export function endpointView(e: EndpointRow) {
  return { id: e.id, url: e.url, description: e.description, createdAt: e.createdAt.toISOString() };
}

export function deliveryView(d: DeliveryRow) {
  return {
    id: d.id,
    endpointId: d.endpointId,
    messageId: d.messageId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt.toISOString(),
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

export function attemptView(a: AttemptRow) {
  return {
    attemptedAt: a.attemptedAt.toISOString(),
    statusCode: a.statusCode,
    error: a.error,
    durationMs: a.durationMs,
  };
}
