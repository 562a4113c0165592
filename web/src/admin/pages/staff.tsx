import { useState } from 'preact/hooks';
import { describeError } from '../../api';
import { formatDate } from '../../ui';
import { call, client, fieldErrors, type Schemas } from '../api';
import { DataTable, Field, Notice, PageHead, Section, SelectField, useLoad } from '../components';
import { session } from '../session';

type StaffMember = Schemas['StaffView'];
type Role = StaffMember['role'];

const ROLE_LABEL: Record<Role, string> = { owner: 'Owner', manager: 'Manager', cashier: 'Cashier' };

/** Staff: invite (with a first password), change role, deactivate and reactivate. */
export function Staff() {
  const staff = useLoad(() => call(client.GET('/api/staff')), []);
  const locations = useLoad(() => call(client.GET('/api/locations')), []);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const me = session.value!.staff;
  // Managers may manage cashiers only (the API refuses the rest).
  const roles: Role[] = me.role === 'owner' ? ['cashier', 'manager', 'owner'] : ['cashier'];

  async function update(s: StaffMember, body: Schemas['UpdateStaffDto'], done: string) {
    setNote(null);
    try {
      await call(client.PATCH('/api/staff/{id}', { params: { path: { id: s.id } }, body }));
      setNote({ kind: 'ok', text: done });
      staff.reload();
    } catch (e) {
      setNote({ kind: 'error', text: describeError(e) });
    }
  }

  return (
    <>
      <PageHead title="Staff" />
      {note && (
        <Notice kind={note.kind} testId="staff-note">
          {note.text}
        </Notice>
      )}
      <Section title="Team" id="team" wide>
        {staff.error ? <Notice kind="error">{describeError(staff.error)}</Notice> : null}
        {staff.data && (
          <DataTable
            caption="Staff"
            testId="staff-table"
            rows={staff.data.items}
            rowKey={(s) => s.id}
            initialSort={{ key: 'name', dir: 'ascending' }}
            columns={[
              { key: 'name', label: 'Name', render: (s) => s.name, sort: (s) => s.name.toLowerCase() },
              { key: 'email', label: 'Email', render: (s) => s.email, sort: (s) => s.email },
              {
                key: 'role',
                label: 'Role',
                sort: (s) => s.role,
                render: (s) =>
                  s.id === me.id || !roles.includes(s.role) ? (
                    ROLE_LABEL[s.role]
                  ) : (
                    <select
                      aria-label={`Role of ${s.name}`}
                      value={s.role}
                      onChange={(e) => {
                        const role = (e.currentTarget as HTMLSelectElement).value as Role;
                        void update(s, { role }, `${s.name} is now ${ROLE_LABEL[role].toLowerCase()}.`);
                      }}
                    >
                      {roles.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABEL[r]}
                        </option>
                      ))}
                    </select>
                  ),
              },
              {
                key: 'status',
                label: 'Status',
                render: (s) => (s.active ? 'Active' : 'Deactivated'),
                sort: (s) => (s.active ? 0 : 1),
              },
              {
                key: 'since',
                label: 'Since',
                render: (s) => formatDate(s.createdAt),
                sort: (s) => s.createdAt,
              },
              {
                key: 'actions',
                label: 'Actions',
                render: (s) =>
                  s.id === me.id || !roles.includes(s.role) ? null : (
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`${s.active ? 'Deactivate' : 'Reactivate'} ${s.name}`}
                      onClick={() =>
                        void update(
                          s,
                          { active: !s.active },
                          s.active ? `${s.name} can no longer log in.` : `${s.name} can log in again.`,
                        )
                      }
                    >
                      {s.active ? 'Deactivate' : 'Reactivate'}
                    </button>
                  ),
              },
            ]}
          />
        )}
      </Section>
      <Section title="Invite a staff member" id="invite">
        <Invite
          roles={roles}
          locations={locations.data?.items ?? []}
          onDone={(s) => {
            setNote({ kind: 'ok', text: `${s.name} can now log in as ${ROLE_LABEL[s.role].toLowerCase()}.` });
            staff.reload();
          }}
        />
      </Section>
    </>
  );
}

function Invite(props: {
  roles: Role[];
  locations: Schemas['LocationView'][];
  onDone: (s: StaffMember) => void;
}) {
  const empty = { name: '', email: '', role: 'cashier' as Role, password: '', locationId: '' };
  const [f, setF] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });

  async function submit(e: Event) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!f.name.trim()) problems.name = 'Enter the name colleagues know them by.';
    if (!/^\S+@\S+\.\S+$/.test(f.email.trim()))
      problems.email = 'Enter their email address: they log in with it.';
    if (f.password.length < 10) problems.password = 'The first password needs at least 10 characters.';
    setErrors(problems);
    setFailure(null);
    if (Object.keys(problems).length) return;
    try {
      const s = await call(
        client.POST('/api/staff', {
          body: {
            name: f.name.trim(),
            email: f.email.trim(),
            role: f.role,
            password: f.password,
            ...(f.locationId ? { locationId: f.locationId } : {}),
          },
        }),
      );
      setF(empty);
      props.onDone(s);
    } catch (err) {
      const fe = fieldErrors(err);
      if ((err as { code?: string }).code === 'CONFLICT')
        fe.email = 'Someone on the team already uses this email.';
      setErrors(fe);
      setFailure(describeError(err));
    }
  }

  return (
    <form onSubmit={submit} noValidate data-testid="invite-form">
      <div class="two">
        <Field label="Name" name="name" required value={f.name} onValue={set('name')} error={errors.name} />
        <Field
          label="Email"
          name="email"
          type="email"
          required
          value={f.email}
          onValue={set('email')}
          error={errors.email}
        />
      </div>
      <div class="two">
        <SelectField
          label="Role"
          name="role"
          value={f.role}
          onValue={set('role')}
          options={props.roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
        />
        <SelectField
          label="Location"
          name="locationId"
          value={f.locationId}
          onValue={set('locationId')}
          options={[
            { value: '', label: 'Any location' },
            ...props.locations.map((l) => ({ value: l.id, label: l.name })),
          ]}
        />
      </div>
      <Field
        label="First password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="Give it to them in person; they can change it later."
        value={f.password}
        onValue={set('password')}
        error={errors.password}
      />
      <button class="primary" type="submit">
        Invite
      </button>
      {failure && <Notice kind="error">{failure}</Notice>}
    </form>
  );
}
