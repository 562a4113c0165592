/**
 * Business customers (issue 16): companies with their legal name, tax id and
 * billing contact, and their buyers (members whose purchases count toward the
 * company's rebate volume). A buyer leaving keeps their history.
 */
import { useState } from 'preact/hooks';
import { describeError } from '../../api';
import { formatDate, formatMoney } from '../../ui';
import { currency } from '../state';
import { call, client, fieldErrors, type Schemas } from '../api';
import { DataTable, Field, Notice, PageHead, Section, useLoad } from '../components';
import { href } from '../router';

type Company = Schemas['CompanyView'];
type Member = Schemas['MemberView'];
type Note = { kind: 'ok' | 'error'; text: string } | null;

const emptyCompany = { legalName: '', taxId: '', billingName: '', billingEmail: '' };

function CompanyForm(props: { company?: Company; onSaved: (c: Company) => void; onNote: (n: Note) => void }) {
  const c = props.company;
  const [f, setF] = useState(
    c
      ? { legalName: c.legalName, taxId: c.taxId, billingName: c.billingName, billingEmail: c.billingEmail }
      : emptyCompany,
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function submit(e: Event) {
    e.preventDefault();
    const body = {
      legalName: f.legalName.trim(),
      taxId: f.taxId.trim(),
      billingName: f.billingName.trim(),
      billingEmail: f.billingEmail.trim(),
    };
    const missing: Record<string, string> = {};
    if (!body.legalName) missing.legalName = 'Enter the legal name as on invoices.';
    if (!body.taxId) missing.taxId = 'Enter the tax id (VAT number).';
    if (!body.billingName) missing.billingName = 'Enter who receives the settlement documents.';
    if (!/^\S+@\S+\.\S+$/.test(body.billingEmail)) missing.billingEmail = 'Enter an email address.';
    setErrors(missing);
    if (Object.keys(missing).length) return;
    props.onNote(null);
    try {
      const saved = c
        ? await call(client.PATCH('/api/rebates/companies/{id}', { params: { path: { id: c.id } }, body }))
        : await call(client.POST('/api/rebates/companies', { body }));
      props.onNote({ kind: 'ok', text: c ? `${saved.legalName} saved.` : `${saved.legalName} added.` });
      if (!c) setF(emptyCompany);
      props.onSaved(saved);
    } catch (err) {
      setErrors(fieldErrors(err));
      props.onNote({ kind: 'error', text: describeError(err) });
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <div class="two">
        <Field
          label="Legal name"
          name="legalName"
          required
          maxLength={200}
          value={f.legalName}
          onValue={(v) => setF({ ...f, legalName: v })}
          error={errors.legalName}
        />
        <Field
          label="Tax id"
          name="taxId"
          required
          maxLength={40}
          hint="Unique among your customers"
          value={f.taxId}
          onValue={(v) => setF({ ...f, taxId: v })}
          error={errors.taxId}
        />
        <Field
          label="Billing contact"
          name="billingName"
          required
          maxLength={120}
          value={f.billingName}
          onValue={(v) => setF({ ...f, billingName: v })}
          error={errors.billingName}
        />
        <Field
          label="Billing email"
          name="billingEmail"
          type="email"
          required
          maxLength={254}
          value={f.billingEmail}
          onValue={(v) => setF({ ...f, billingEmail: v })}
          error={errors.billingEmail}
        />
      </div>
      <div class="actions">
        <button class="primary" type="submit">
          {c ? 'Save company' : 'Add company'}
        </button>
      </div>
    </form>
  );
}

/** #/companies: the list and the form to add one. */
export function Companies() {
  const list = useLoad(() => call(client.GET('/api/rebates/companies')), []);
  const [note, setNote] = useState<Note>(null);
  return (
    <>
      <PageHead title="Business customers" />
      {note && <Notice kind={note.kind}>{note.text}</Notice>}
      <Section title="Companies" id="companies" wide>
        {list.error ? <Notice kind="error">{describeError(list.error)}</Notice> : null}
        {list.data && (
          <DataTable
            caption="Companies"
            testId="companies-table"
            rows={list.data.items}
            rowKey={(c) => c.id}
            empty="No business customers yet: add the first one below."
            columns={[
              {
                key: 'name',
                label: 'Company',
                render: (c) => <a href={href('companies', c.id)}>{c.legalName}</a>,
                sort: (c) => c.legalName.toLowerCase(),
              },
              { key: 'tax', label: 'Tax id', render: (c) => c.taxId },
              { key: 'billing', label: 'Billing', render: (c) => `${c.billingName} · ${c.billingEmail}` },
              {
                key: 'buyers',
                label: 'Buyers',
                numeric: true,
                render: (c) => c.buyers.filter((b) => !b.endedAt).length,
                sort: (c) => c.buyers.filter((b) => !b.endedAt).length,
              },
            ]}
          />
        )}
      </Section>
      <Section title="Add a company" id="company-form">
        <CompanyForm onSaved={() => list.reload()} onNote={setNote} />
      </Section>
    </>
  );
}

/** #/companies/<id>: details, buyers (add, leave), and the link to its agreements' statements. */
export function CompanyPage(props: { id: string }) {
  const company = useLoad(
    () => call(client.GET('/api/rebates/companies/{id}', { params: { path: { id: props.id } } })),
    [props.id],
  );
  const statements = useLoad(
    () => call(client.GET('/api/rebates/companies/{id}/statements', { params: { path: { id: props.id } } })),
    [props.id],
  );
  const [note, setNote] = useState<Note>(null);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Member[] | null>(null);
  const c = company.data;

  async function search(e: Event) {
    e.preventDefault();
    setNote(null);
    try {
      const r = await call(
        client.GET('/api/members', { params: { query: { q: q.trim() || undefined, limit: 10 } } }),
      );
      setFound(r.items);
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  async function addBuyer(m: Member) {
    setNote(null);
    try {
      await call(
        client.POST('/api/rebates/companies/{id}/buyers', {
          params: { path: { id: props.id } },
          body: { memberId: m.id },
        }),
      );
      setNote({
        kind: 'ok',
        text: `${m.firstName} ${m.lastName ?? ''}`.trim() + ' now buys for this company.',
      });
      setFound(null);
      setQ('');
      company.reload();
    } catch (err) {
      setNote({
        kind: 'error',
        text:
          err instanceof Error && 'code' in err && err.code === 'CONFLICT'
            ? 'This member already buys for a company. End that first.'
            : describeError(err),
      });
    }
  }

  async function endBuyer(b: Company['buyers'][number]) {
    if (
      !confirm(
        `${b.name} leaves ${c?.legalName ?? 'the company'} today? Their earlier purchases keep counting.`,
      )
    )
      return;
    try {
      await call(
        client.POST('/api/rebates/companies/{id}/buyers/{buyerId}/end', {
          params: { path: { id: props.id, buyerId: b.id } },
        }),
      );
      setNote({ kind: 'ok', text: `${b.name} no longer buys for this company; their history stays.` });
      company.reload();
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  if (company.error) return <Notice kind="error">{describeError(company.error)}</Notice>;
  if (!c) return <p class="muted">Loading…</p>;
  return (
    <>
      <p>
        <a class="back" href={href('companies')}>
          ← Business customers
        </a>
      </p>
      <PageHead title={c.legalName} />
      {note && (
        <Notice kind={note.kind} testId="company-note">
          {note.text}
        </Notice>
      )}
      <Section title="Rebate statements" id="company-statements" wide>
        {statements.error ? <Notice kind="error">{describeError(statements.error)}</Notice> : null}
        {statements.data && statements.data.items.length === 0 && (
          <p class="muted">No agreement covers this company in the current period.</p>
        )}
        {statements.data?.items.map((x) => (
          <CompanyStatement key={x.agreementId} view={x} />
        ))}
      </Section>
      <Section title="Buyers" id="buyers" wide>
        <DataTable
          caption="Buyers"
          testId="buyers-table"
          rows={c.buyers}
          rowKey={(b) => b.id}
          empty="No buyers yet: find a member below."
          columns={[
            {
              key: 'name',
              label: 'Buyer',
              render: (b) => <a href={href('members', b.memberId)}>{b.name}</a>,
            },
            { key: 'number', label: 'Member no.', render: (b) => b.memberNumber },
            { key: 'since', label: 'Since', render: (b) => formatDate(b.startedAt) },
            {
              key: 'status',
              label: 'Status',
              render: (b) =>
                b.endedAt ? (
                  `Left ${formatDate(b.endedAt)}`
                ) : (
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`${b.name} leaves the company`}
                    onClick={() => void endBuyer(b)}
                  >
                    Leaves
                  </button>
                ),
            },
          ]}
        />
        <form class="search" role="search" onSubmit={search}>
          <Field
            label="Add a buyer"
            name="buyer-q"
            type="search"
            hint="Find the member by name, phone, email or member number"
            value={q}
            onValue={setQ}
            maxLength={100}
          />
          <div class="actions">
            <button type="submit" class="secondary">
              Find member
            </button>
          </div>
        </form>
        {found && (
          <ul class="plain" data-testid="buyer-candidates">
            {found.length === 0 && <li class="muted">No member found.</li>}
            {found.map((m) => (
              <li key={m.id} class="actions">
                <span>
                  {m.firstName} {m.lastName ?? ''} · No. {m.memberNumber}
                </span>
                <button
                  type="button"
                  class="primary"
                  aria-label={`Make ${m.firstName} ${m.lastName ?? ''} a buyer`}
                  onClick={() => void addBuyer(m)}
                >
                  Make buyer
                </button>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Company details" id="company-details">
        <CompanyForm company={c} onSaved={() => company.reload()} onNote={setNote} />
      </Section>
    </>
  );
}

interface StatementFigures {
  basis: 'net_amount' | 'quantity';
  volume: number;
  accrued: number;
  paid: number;
  current: { value: { kind: string; rateBp?: number; amount?: number } } | null;
  next: {
    volumeNeeded: number;
    by: string;
    worth: number;
    value: { kind: string; rateBp?: number; amount?: number };
  } | null;
}

function valueText(v: { kind: string; rateBp?: number; amount?: number }): string {
  const money = (m: number) => formatMoney(m, currency());
  if (v.kind === 'rate')
    return `${((v.rateBp ?? 0) / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })} %`;
  if (v.kind === 'per_unit') return `${money(v.amount ?? 0)} per unit`;
  return `${money(v.amount ?? 0)} fixed`;
}

/** One agreement's statement as the company sees it (its own volume when pooled). */
function CompanyStatement(props: { view: Schemas['StatementView'] }) {
  const v = props.view;
  const st = v.statement as unknown as StatementFigures;
  const money = (m: number) => formatMoney(m, currency());
  const vol = (n: number) => (st.basis === 'quantity' ? `${n.toLocaleString()} units` : money(n));
  const pooled = v.companyVolume !== undefined && v.companyVolume !== null && v.companyVolume !== st.volume;
  return (
    <div class="company-statement" data-testid="company-statement">
      <h3>
        <a href={href('rebates', v.agreementId)}>{v.agreementName}</a> · {v.period.startDate} –{' '}
        {v.period.endDate}
      </h3>
      <p>
        Volume {vol(st.volume)}
        {pooled ? ` (the group's; this company ${vol(v.companyVolume!)})` : ''} · bracket{' '}
        {st.current ? valueText(st.current.value) : 'none yet'} · accrued {money(st.accrued)} · settled{' '}
        {money(st.paid)} in {v.settlements.length} document{v.settlements.length === 1 ? '' : 's'}
      </p>
      {st.next && (
        <p>
          {st.basis === 'quantity' ? 'Buy' : 'Spend'} {vol(st.next.volumeNeeded)} more by{' '}
          {formatDate(st.next.by)} to reach {valueText(st.next.value)}: worth {money(st.next.worth)} more.
        </p>
      )}
    </div>
  );
}
