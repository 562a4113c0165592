import { describeError } from '../../api';
import { formatDateTime } from '../../ui';
import { call, client } from '../api';
import { Notice, PageHead, Section, useLoad } from '../components';

const CHANNEL: Record<string, string> = { email: 'Email', sms: 'SMS', webhook: 'Webhook' };

/**
 * The development mailbox: what the messaging would have sent while no SMTP server or
 * SMS gateway is set, newest first, each opening to its text and headers.
 */
export function Messages() {
  const { data, error } = useLoad(() => call(client.GET('/api/messages/dev-mailbox')), []);
  return (
    <>
      <PageHead title="Messages" />
      {error ? <Notice kind="error">{describeError(error)}</Notice> : null}
      {data && (
        <Section title="Development mailbox" id="dev-mailbox" wide>
          <p data-testid="transports">
            Email goes to: <strong>{data.transport.email}</strong>. SMS go to:{' '}
            <strong>{data.transport.sms}</strong>.
            {data.transport.email === 'dev-mailbox' || data.transport.sms === 'dev-mailbox'
              ? ' Messages of a channel that uses the development mailbox are kept here and never leave the server.'
              : ''}
          </p>
          {data.items.length === 0 ? (
            <p class="muted">The mailbox is empty.</p>
          ) : (
            <ul class="plain mailbox" data-testid="mailbox">
              {data.items.map((m) => (
                <li key={m.id} class="mail">
                  <details>
                    <summary>
                      {m.subject} · {CHANNEL[m.channel] ?? m.channel} to {m.to ?? '—'} ·{' '}
                      {formatDateTime(m.deliveredAt)}
                    </summary>
                    <pre class="mail-text">{m.text}</pre>
                    <details>
                      <summary>Headers</summary>
                      <dl class="mail-headers">
                        {Object.entries(m.headers).map(([k, v]) => (
                          <div key={k}>
                            <dt>{k}</dt>
                            <dd>{v}</dd>
                          </div>
                        ))}
                      </dl>
                    </details>
                  </details>
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
    </>
  );
}
