import { useState } from 'preact/hooks';
import { describeError } from '../../api';
import { formatDate } from '../../ui';
import { call, client, fieldErrors, type Schemas } from '../api';
import { DataTable, Field, Notice, PageHead, Section, useLoad } from '../components';

type Location = Schemas['LocationView'];

/** Locations: list, add, rename or change the address. */
export function Locations() {
  const list = useLoad(() => call(client.GET('/api/locations')), []);
  const [editing, setEditing] = useState<Location | null>(null);
  const [f, setF] = useState({ name: '', address: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  function edit(l: Location | null) {
    setEditing(l);
    setF({ name: l?.name ?? '', address: l?.address ?? '' });
    setErrors({});
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (!f.name.trim()) return setErrors({ name: 'Enter the name staff and members know the shop by.' });
    setErrors({});
    setNote(null);
    const body = { name: f.name.trim(), ...(f.address.trim() ? { address: f.address.trim() } : {}) };
    try {
      if (editing)
        await call(client.PATCH('/api/locations/{id}', { params: { path: { id: editing.id } }, body }));
      else await call(client.POST('/api/locations', { body }));
      setNote({ kind: 'ok', text: editing ? `${body.name} saved.` : `${body.name} added.` });
      edit(null);
      list.reload();
    } catch (err) {
      setErrors(fieldErrors(err));
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  return (
    <>
      <PageHead title="Locations" />
      {note && <Notice kind={note.kind}>{note.text}</Notice>}
      <Section title="Shops" id="shops" wide>
        {list.error ? <Notice kind="error">{describeError(list.error)}</Notice> : null}
        {list.data && (
          <DataTable
            caption="Locations"
            testId="locations-table"
            rows={list.data.items}
            rowKey={(l) => l.id}
            columns={[
              { key: 'name', label: 'Name', render: (l) => l.name, sort: (l) => l.name.toLowerCase() },
              { key: 'address', label: 'Address', render: (l) => l.address ?? '—' },
              {
                key: 'since',
                label: 'Since',
                render: (l) => formatDate(l.createdAt),
                sort: (l) => l.createdAt,
              },
              {
                key: 'edit',
                label: 'Actions',
                render: (l) => (
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`Edit ${l.name}`}
                    onClick={() => edit(l)}
                  >
                    Edit
                  </button>
                ),
              },
            ]}
          />
        )}
      </Section>
      <Section title={editing ? `Edit ${editing.name}` : 'Add a location'} id="location-form">
        <form onSubmit={submit} noValidate>
          <Field
            label="Name"
            name="name"
            required
            maxLength={120}
            value={f.name}
            onValue={(v) => setF({ ...f, name: v })}
            error={errors.name}
          />
          <Field
            label="Address"
            name="address"
            maxLength={300}
            value={f.address}
            onValue={(v) => setF({ ...f, address: v })}
            error={errors.address}
          />
          <div class="actions">
            <button class="primary" type="submit">
              {editing ? 'Save' : 'Add location'}
            </button>
            {editing && (
              <button type="button" class="secondary" onClick={() => edit(null)}>
                Cancel
              </button>
            )}
          </div>
        </form>
      </Section>
    </>
  );
}
