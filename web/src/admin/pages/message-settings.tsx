import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../api';
import { formatDateTime } from '../../ui';
import { call, client, fieldErrors, type Schemas } from '../api';
import { CheckField, DataTable, Field, Notice, PageHead, Section, SelectField, useLoad } from '../components';
import { session } from '../session';

type Settings = Schemas['MessagingSettingsView'];
type Delivery = Schemas['DeliveryView'];

const STATUS: Record<string, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Delivered',
  failed: 'Failed, will retry',
  dead: 'Gave up',
};

/**
 * Messaging settings: the language of messages, quiet hours (in the business time
 * zone), the weekly limit of marketing messages per member, the sender, and the
 * webhook endpoints with their delivery log and a replay button.
 */
export function MessageSettings() {
  const { data, error } = useLoad(() => call(client.GET('/api/messages/settings')), []);
  return (
    <>
      <PageHead title="Message settings" />
      {error ? <Notice kind="error">{describeError(error)}</Notice> : null}
      {data ? <SettingsForm initial={data} /> : !error && <p class="muted">Loading…</p>}
      <Webhooks />
    </>
  );
}

function SettingsForm(props: { initial: Settings }) {
  const q = props.initial.quietHours === 'off' ? null : props.initial.quietHours.split('-');
  const [language, setLanguage] = useState(props.initial.language);
  const [quiet, setQuiet] = useState(q !== null);
  const [start, setStart] = useState(q?.[0] ?? '21:00');
  const [end, setEnd] = useState(q?.[1] ?? '08:00');
  const [cap, setCap] = useState(String(props.initial.weeklyCap));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function save(e: Event) {
    e.preventDefault();
    setNote(null);
    const local: Record<string, string> = {};
    if (!/^\d{1,3}$/.test(cap.trim()) || Number(cap) > 100)
      local.weeklyCap = 'Enter a whole number from 0 to 100.';
    if (quiet && start === end) local.quietHours = 'Quiet hours need a start and a different end.';
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      const saved = await call(
        client.PATCH('/api/messages/settings', {
          body: { language, weeklyCap: Number(cap), quietHours: quiet ? `${start}-${end}` : 'off' },
        }),
      );
      setNote({
        kind: 'ok',
        text: `Saved: ${saved.language}, quiet hours ${saved.quietHours}, at most ${saved.weeklyCap} marketing messages per member a week.`,
      });
    } catch (err) {
      setErrors(fieldErrors(err));
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  return (
    <Section title="Sending" id="sending">
      <form onSubmit={(e) => void save(e)} aria-label="Sending settings">
        <p data-testid="sender">
          Sender: <strong>{props.initial.sender}</strong>
          <span class="hint"> (set on the server as MAIL_FROM)</span>
        </p>
        <SelectField
          label="Language of messages"
          name="language"
          value={language}
          onValue={setLanguage}
          error={errors.language}
          options={[
            { value: 'en', label: 'English' },
            { value: 'de', label: 'German (Deutsch)' },
            ...(['en', 'de'].includes(language) ? [] : [{ value: language, label: language }]),
          ]}
        />
        <CheckField
          label="Hold messages during quiet hours"
          name="quiet"
          checked={quiet}
          onValue={setQuiet}
        />
        {quiet && (
          <div class="two">
            <Field
              label="Quiet from"
              name="quietStart"
              type="time"
              value={start}
              onValue={setStart}
              error={errors.quietHours}
            />
            <Field label="Quiet until" name="quietEnd" type="time" value={end} onValue={setEnd} />
          </div>
        )}
        <Field
          label="Marketing messages per member per week"
          name="weeklyCap"
          inputMode="numeric"
          hint="0 to 100. Service messages (points expiring) do not count."
          value={cap}
          onValue={setCap}
          error={errors.weeklyCap}
        />
        {note && (
          <Notice kind={note.kind} testId="settings-note">
            {note.text}
          </Notice>
        )}
        <div class="actions">
          <button type="submit">Save settings</button>
        </div>
      </form>
    </Section>
  );
}

function Webhooks() {
  const isOwner = session.value?.staff.role === 'owner';
  const endpoints = useLoad(() => call(client.GET('/api/webhooks/endpoints')), []);
  const [list, setList] = useState<Schemas['EndpointView'][]>([]);
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [open, setOpen] = useState<Schemas['DeliveryDetailView'] | null>(null);

  useEffect(() => {
    if (endpoints.data) setList(endpoints.data.items);
  }, [endpoints.data]);

  async function loadDeliveries() {
    try {
      setDeliveries(
        (await call(client.GET('/api/webhooks/deliveries', { params: { query: { limit: 100 } } }))).items,
      );
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }
  useEffect(() => {
    void loadDeliveries();
  }, []);

  async function add(e: Event) {
    e.preventDefault();
    setNote(null);
    setErrors({});
    setSecret(null);
    try {
      const created = await call(
        client.POST('/api/webhooks/endpoints', {
          body: { url: url.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
        }),
      );
      setList([created, ...list]);
      setSecret(created.secret);
      setUrl('');
      setDescription('');
    } catch (err) {
      setErrors(fieldErrors(err));
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  async function remove(id: string) {
    setNote(null);
    try {
      await call(client.DELETE('/api/webhooks/endpoints/{id}', { params: { path: { id } } }));
      setList(list.filter((x) => x.id !== id));
      setNote({ kind: 'ok', text: 'Endpoint deleted. Its delivery log stays.' });
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  async function show(id: string) {
    try {
      setOpen(await call(client.GET('/api/webhooks/deliveries/{id}', { params: { path: { id } } })));
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  async function replay(id: string) {
    setNote(null);
    try {
      const d = await call(client.POST('/api/webhooks/deliveries/{id}/replay', { params: { path: { id } } }));
      setOpen(d);
      setNote({ kind: 'ok', text: `Delivery replayed: ${STATUS[d.status] ?? d.status}.` });
      await loadDeliveries();
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  const urlOf = (id: string) => list.find((x) => x.id === id)?.url ?? 'a deleted endpoint';
  return (
    <>
      <Section title="Webhook endpoints" id="webhooks" wide>
        <p>
          Your own systems receive every message as a signed POST (Standard Webhooks: webhook-id,
          webhook-timestamp and webhook-signature headers), retried with back-off.
        </p>
        {list.length === 0 ? (
          <p class="muted">No endpoint yet.</p>
        ) : (
          <ul class="plain" data-testid="endpoints">
            {list.map((x) => (
              <li key={x.id} class="endpoint">
                <span>
                  <strong>{x.url}</strong>
                  {x.description ? ` · ${x.description}` : ''} · added {formatDateTime(x.createdAt)}
                </span>
                {isOwner && (
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => void remove(x.id)}
                    aria-label={`Delete ${x.url}`}
                  >
                    Delete
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {isOwner && (
          <form onSubmit={(e) => void add(e)} aria-label="Add an endpoint" class="two">
            <Field
              label="Endpoint URL"
              name="url"
              type="text"
              inputMode="text"
              value={url}
              onValue={setUrl}
              error={errors.url}
              required
              maxLength={500}
            />
            <Field
              label="Description"
              name="description"
              value={description}
              onValue={setDescription}
              error={errors.description}
              maxLength={200}
            />
            <div class="actions">
              <button type="submit">Add endpoint</button>
            </div>
          </form>
        )}
        {secret && (
          <Notice kind="info" testId="endpoint-secret">
            Signing secret (shown only now; store it in the receiving system): <code>{secret}</code>
          </Notice>
        )}
        {note && (
          <Notice kind={note.kind} testId="webhook-note">
            {note.text}
          </Notice>
        )}
      </Section>
      <Section title="Delivery log" id="deliveries" wide>
        <div class="actions">
          <button type="button" class="secondary" onClick={() => void loadDeliveries()}>
            Refresh
          </button>
        </div>
        {deliveries && (
          <DataTable
            caption="Webhook deliveries, newest first"
            testId="deliveries-table"
            rows={deliveries}
            rowKey={(d) => d.id}
            pageSize={20}
            empty="Nothing was delivered yet."
            columns={[
              {
                key: 'at',
                label: 'Created',
                render: (d) => formatDateTime(d.createdAt),
                sort: (d) => d.createdAt,
              },
              { key: 'event', label: 'Event', render: (d) => d.eventType, sort: (d) => d.eventType },
              { key: 'to', label: 'Endpoint', render: (d) => urlOf(d.endpointId) },
              {
                key: 'status',
                label: 'Status',
                render: (d) => STATUS[d.status] ?? d.status,
                sort: (d) => d.status,
              },
              { key: 'attempts', label: 'Attempts', render: (d) => d.attempts, numeric: true },
              {
                key: 'last',
                label: 'Last answer',
                render: (d) =>
                  d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '—'),
              },
              {
                key: 'act',
                label: 'Actions',
                render: (d) => (
                  <div class="actions">
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => void show(d.id)}
                      aria-label={`Attempts of delivery ${d.id.slice(0, 8)}`}
                    >
                      Attempts
                    </button>
                    <button
                      type="button"
                      onClick={() => void replay(d.id)}
                      aria-label={`Replay delivery ${d.id.slice(0, 8)}`}
                    >
                      Replay
                    </button>
                  </div>
                ),
              },
            ]}
          />
        )}
        {open && (
          <div data-testid="delivery-attempts" role="region" aria-label="Attempts">
            <h3>
              Attempts of {open.eventType} to {urlOf(open.endpointId)}
            </h3>
            <ol>
              {open.log.map((a, i) => (
                <li key={i}>
                  {formatDateTime(a.attemptedAt)}:{' '}
                  {a.statusCode !== null ? `HTTP ${a.statusCode}` : 'no answer'}
                  {a.error ? ` (${a.error})` : ''}, {a.durationMs} ms
                </li>
              ))}
            </ol>
          </div>
        )}
      </Section>
    </>
  );
}
