/**
 * The job-queue task that delivers due messages and webhook deliveries
 * (MessagingService.runSenderJob). It is added when a message is queued (to
 * run at its due time), by each run for the next due instant, at a worker's
 * start, and by a cron every minute as a safety net.
 */
export const SENDER_TASK = 'messages:deliver';
