// The relay is one SQL statement: it lives in the events repository.
export { relayEvents } from './events.repository';
