import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../api';
import { formatDate, memberName } from '../../ui';
import { call, client, type Schemas } from '../api';
import { DataTable, Field, Notice, PageHead } from '../components';
import { href } from '../router';

type Member = Schemas['MemberView'];

/** Search by name, phone, email or member number; each result opens the member's page. */
export function Members() {
  const [q, setQ] = useState('');
  const [rows, setRows] = useState<Member[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function search(more = false) {
    setBusy(true);
    setError(null);
    try {
      const page = await call(
        client.GET('/api/members', {
          params: {
            query: { q: q.trim() || undefined, limit: 100, cursor: more ? (cursor ?? undefined) : undefined },
          },
        }),
      );
      setRows(more && rows ? [...rows, ...page.items] : page.items);
      setCursor(page.nextCursor);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    void search();
  }, []);

  return (
    <>
      <PageHead title="Members" />
      <form
        class="search panel"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <Field
          label="Find a member"
          name="q"
          type="search"
          hint="Name, phone, email or member number. Leave empty to list everyone."
          value={q}
          onValue={setQ}
          maxLength={100}
        />
        <button class="primary" type="submit" disabled={busy}>
          Search
        </button>
      </form>
      {error ? <Notice kind="error">{describeError(error)}</Notice> : null}
      {rows && (
        <>
          <p class="muted" role="status" data-testid="result-count">
            {rows.length === 0
              ? 'No member matches.'
              : `${rows.length}${cursor ? '+' : ''} member${rows.length === 1 ? '' : 's'} found.`}
          </p>
          <DataTable
            caption="Members found"
            testId="members-table"
            rows={rows}
            rowKey={(m) => m.id}
            columns={[
              {
                key: 'number',
                label: 'Number',
                render: (m) => m.memberNumber,
                sort: (m) => Number(m.memberNumber),
              },
              {
                key: 'name',
                label: 'Name',
                render: (m) => <a href={href('members', m.id)}>{memberName(m)}</a>,
                sort: (m) => memberName(m).toLowerCase(),
              },
              { key: 'email', label: 'Email', render: (m) => m.email ?? '—', sort: (m) => m.email ?? '' },
              { key: 'phone', label: 'Phone', render: (m) => m.phone ?? '—' },
              {
                key: 'joined',
                label: 'Joined',
                render: (m) => formatDate(m.createdAt),
                sort: (m) => m.createdAt,
              },
            ]}
          />
          {cursor && (
            <button type="button" class="secondary" disabled={busy} onClick={() => void search(true)}>
              Load more
            </button>
          )}
        </>
      )}
    </>
  );
}
