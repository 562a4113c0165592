import { useState } from 'preact/hooks';
import { describeError } from '../../api';
import { formatDateTime } from '../../ui';
import { call, client, type Schemas } from '../api';
import { DataTable, Field, Notice, PageHead, Section, useLoad } from '../components';

type Key = Schemas['ApiKeyView'];

/** POS API keys (owner): create (the key is shown once), revoke (with a confirmation step), last used. */
export function ApiKeys() {
  const keys = useLoad(() => call(client.GET('/api/api-keys')), []);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Schemas['CreatedApiKeyView'] | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function create(e: Event) {
    e.preventDefault();
    if (!name.trim()) return setError('Name the key after the till or system that uses it.');
    setError(null);
    setNote(null);
    try {
      setCreated(await call(client.POST('/api/api-keys', { body: { name: name.trim() } })));
      setName('');
      keys.reload();
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  async function revoke(k: Key) {
    if (confirm !== k.id) return setConfirm(k.id);
    setConfirm(null);
    try {
      await call(client.DELETE('/api/api-keys/{id}', { params: { path: { id: k.id } } }));
      setNote({
        kind: 'ok',
        text: `${k.name} is revoked: the till using it can no longer record purchases.`,
      });
      keys.reload();
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  return (
    <>
      <PageHead title="POS keys" />
      {note && (
        <Notice kind={note.kind} testId="keys-note">
          {note.text}
        </Notice>
      )}
      {created && (
        <div class="notice ok secret" role="status" data-testid="new-key">
          <p>
            <strong>{created.name}</strong>: copy this key into the till now. It is shown only this once.
          </p>
          <code data-testid="new-key-value">{created.key}</code>
          <div class="actions">
            <button
              type="button"
              class="secondary"
              onClick={() => void navigator.clipboard?.writeText(created.key)}
            >
              Copy
            </button>
            <button type="button" class="secondary" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      <Section title="Keys" id="keys" wide>
        {keys.error ? <Notice kind="error">{describeError(keys.error)}</Notice> : null}
        {keys.data && (
          <DataTable
            caption="POS keys"
            testId="keys-table"
            rows={keys.data.items}
            rowKey={(k) => k.id}
            columns={[
              { key: 'name', label: 'Name', render: (k) => k.name, sort: (k) => k.name.toLowerCase() },
              { key: 'id', label: 'Key id', render: (k) => <code>rk_{k.keyId}_…</code> },
              {
                key: 'created',
                label: 'Created',
                render: (k) => formatDateTime(k.createdAt),
                sort: (k) => k.createdAt,
              },
              {
                key: 'used',
                label: 'Last used',
                render: (k) => (k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'never'),
                sort: (k) => k.lastUsedAt ?? '',
              },
              {
                key: 'status',
                label: 'Status',
                render: (k) => (k.revokedAt ? `Revoked ${formatDateTime(k.revokedAt)}` : 'Active'),
                sort: (k) => (k.revokedAt ? 1 : 0),
              },
              {
                key: 'actions',
                label: 'Actions',
                render: (k) =>
                  k.revokedAt ? null : (
                    <button
                      type="button"
                      class={confirm === k.id ? 'danger' : 'secondary'}
                      aria-label={confirm === k.id ? `Confirm: revoke ${k.name}` : `Revoke ${k.name}`}
                      onClick={() => void revoke(k)}
                    >
                      {confirm === k.id ? 'Confirm revoke' : 'Revoke'}
                    </button>
                  ),
              },
            ]}
          />
        )}
      </Section>
      <Section title="Create a key" id="create-key">
        <form onSubmit={create} noValidate>
          <Field
            label="Name"
            name="keyName"
            required
            maxLength={120}
            hint="For example: Till 1"
            value={name}
            onValue={setName}
            error={error}
          />
          <button class="primary" type="submit">
            Create key
          </button>
        </form>
      </Section>
    </>
  );
}
