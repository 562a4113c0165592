import { describeError } from '../../api';
import { formatDateTime } from '../../ui';
import { call, client } from '../api';
import { Notice, Section, useLoad } from '../components';

const CHANNEL: Record<string, string> = { email: 'Email', sms: 'SMS', webhook: 'Webhook' };
const PURPOSE: Record<string, string> = { marketing: 'News and offers', service: 'Service messages' };
const SOURCE: Record<string, string> = {
  counter: 'at the counter',
  join: 'on the join page',
  me: 'in the member app',
  import: 'by import',
  staff: 'by staff',
  unsubscribe: 'by the unsubscribe link',
};

/** A member's consent per channel and purpose now, and the log: when, from where, which wording. */
export function ConsentLog(props: { memberId: string }) {
  const { data, error } = useLoad(
    () => call(client.GET('/api/members/{id}/consents', { params: { path: { id: props.memberId } } })),
    [props.memberId],
  );
  return (
    <Section title="Consent" id="consent" wide>
      {error ? <Notice kind="error">{describeError(error)}</Notice> : null}
      {data && (
        <>
          <ul class="plain" data-testid="consent-now">
            {data.current
              .filter((c) => c.channel !== 'webhook')
              .map((c) => (
                <li key={`${c.channel}-${c.purpose}`}>
                  {CHANNEL[c.channel] ?? c.channel}, {PURPOSE[c.purpose] ?? c.purpose}:{' '}
                  <strong>{c.allowed ? 'allowed' : 'not allowed'}</strong>
                </li>
              ))}
          </ul>
          <h3>Log</h3>
          {data.log.length === 0 ? (
            <p class="muted">Nothing recorded in the log (the choice made at enrolment applies).</p>
          ) : (
            <ol class="plain comments" data-testid="consent-log">
              {data.log.map((l) => (
                <li key={l.id}>
                  <strong>{l.given ? 'Given' : 'Withdrawn'}</strong>: {CHANNEL[l.channel] ?? l.channel},{' '}
                  {PURPOSE[l.purpose] ?? l.purpose}, {SOURCE[l.source] ?? l.source}, {formatDateTime(l.at)}
                  <p class="hint">Wording shown: “{l.wording}”</p>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </Section>
  );
}
