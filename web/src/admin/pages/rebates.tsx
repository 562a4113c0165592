/**
 * Volume rebates (issue 16) in the console: every agreement's accrued liability
 * and projection, a new agreement, one agreement's statement (volume, bracket,
 * accrued, what the next bracket is worth), its settlement preview then post,
 * the settlement history and scheduled runs, amendments as new versions from a
 * future date, and the settlement documents as CSV.
 */
import { useMemo, useState } from 'preact/hooks';
import { describeError } from '../../api';
import { currencyDigits, formatDate, formatDateTime, formatMoney, parseMoney } from '../../ui';
import { call, client, ConsoleApiError, type Schemas } from '../api';
import { DataTable, Field, Notice, PageHead, SelectField, Section, useLoad } from '../components';
import { href, go } from '../router';
import { session } from '../session';
import { currency } from '../state';

type Agreement = Schemas['AgreementView'];
type Company = Schemas['CompanyView'];
type Preview = Schemas['SettlementPreviewView'];
type Note = { kind: 'ok' | 'error'; text: string } | null;

type BracketValue =
  { kind: 'rate'; rateBp: number } | { kind: 'per_unit'; amount: number } | { kind: 'fixed'; amount: number };
interface Terms {
  mode: 'retroactive' | 'incremental';
  scope: { kind: 'all' } | { kind: 'include' | 'exclude'; skus: string[]; categories: string[] };
  brackets: { threshold: number; value: BracketValue }[];
  minimumVolume: number;
  cap: number | null;
}
interface Settings {
  period:
    | { kind: 'calendar_year' }
    | { kind: 'agreement_year'; start: string }
    | { kind: 'custom'; periods: { from: string; to: string }[] };
  basis: 'net_amount' | 'quantity';
  payout: 'store_credit' | 'credit_note' | 'cash';
  assignment: { kind: 'company'; companyId: string } | { kind: 'group'; companyIds: string[] };
  schedule?: 'manual' | 'final' | 'half_yearly' | 'quarterly' | 'monthly';
}
interface Statement {
  version: number | null;
  mode: Terms['mode'] | null;
  volume: number;
  minimumVolume: number | null;
  minimumReached: boolean;
  current: { index: number; threshold: number; value: BracketValue } | null;
  accrued: number;
  paid: number;
  outstanding: number;
  capReached: boolean;
  next: {
    threshold: number;
    value: BracketValue;
    target: number;
    volumeNeeded: number;
    by: string;
    rebateAtTarget: number;
    worth: number;
  } | null;
  projection: { volume: number; rebate: number } | null;
}

const money = (minor: number) => formatMoney(minor, currency());
const PAYOUTS = { store_credit: 'Store credit', credit_note: 'Credit note', cash: 'Cash' } as const;
const SCHEDULES = {
  manual: 'By hand only',
  final: 'Final after the period',
  quarterly: 'Quarterly interims + final',
  half_yearly: 'Half-yearly interims + final',
  monthly: 'Monthly interims + final',
} as const;

const settingsOf = (a: Agreement) => a.settings as unknown as Settings;
const termsOf = (v: Agreement['versions'][number]) => v.terms as unknown as Terms;

function volumeText(v: number, basis: Settings['basis']): string {
  return basis === 'quantity' ? `${v.toLocaleString()} units` : money(v);
}
function valueText(v: BracketValue): string {
  if (v.kind === 'rate')
    return `${(v.rateBp / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })} %`;
  if (v.kind === 'per_unit') return `${money(v.amount)} per unit`;
  return `${money(v.amount)} fixed`;
}
function periodText(s: Settings): string {
  if (s.period.kind === 'calendar_year') return 'Calendar year';
  if (s.period.kind === 'agreement_year') return `Agreement year from ${formatDate(s.period.start)}`;
  return `${s.period.periods.length} custom period(s)`;
}
function bracketsText(t: Terms, basis: Settings['basis']): string {
  return t.brackets.map((b) => `${valueText(b.value)} from ${volumeText(b.threshold, basis)}`).join(', ');
}
/** The validation problems of a 400 from the rebate library: "path: message" each. */
function problems(e: unknown): string[] {
  if (!(e instanceof ConsoleApiError) || e.code !== 'VALIDATION_FAILED') return [];
  const d = e.details as {
    errors?: { path: string; message: string }[];
    fields?: { field: string; problems: string[] }[];
  };
  return [
    ...(d?.errors ?? []).map((x) => `${x.path}: ${x.message}`),
    ...(d?.fields ?? []).map((x) => `${x.field}: ${x.problems.join('; ')}`),
  ];
}

// ---------------------------------------------------------------- terms editor

interface BracketRow {
  threshold: string;
  kind: BracketValue['kind'];
  value: string;
}
interface TermsForm {
  mode: Terms['mode'];
  scopeKind: 'all' | 'include' | 'exclude';
  skus: string;
  categories: string;
  brackets: BracketRow[];
  minimum: string;
  cap: string;
}

const blankTerms = (): TermsForm => ({
  mode: 'retroactive',
  scopeKind: 'all',
  skus: '',
  categories: '',
  brackets: [{ threshold: '', kind: 'rate', value: '' }],
  minimum: '',
  cap: '',
});

function fromTerms(t: Terms, basis: Settings['basis']): TermsForm {
  const digits = currencyDigits(currency());
  const amount = (m: number) => (m / 10 ** digits).toFixed(digits);
  return {
    mode: t.mode,
    scopeKind: t.scope.kind,
    skus: t.scope.kind === 'all' ? '' : t.scope.skus.join(', '),
    categories: t.scope.kind === 'all' ? '' : t.scope.categories.join(', '),
    brackets: t.brackets.map((b) => ({
      threshold: basis === 'quantity' ? String(b.threshold) : amount(b.threshold),
      kind: b.value.kind,
      value: b.value.kind === 'rate' ? String(b.value.rateBp / 100) : amount(b.value.amount),
    })),
    minimum: basis === 'quantity' ? String(t.minimumVolume) : amount(t.minimumVolume),
    cap: t.cap === null ? '' : amount(t.cap),
  };
}

/** The form's terms for the API, or the first problem in words. */
function toTerms(f: TermsForm, basis: Settings['basis']): Terms | string {
  const cur = currency();
  const vol = (s: string): number | null =>
    basis === 'quantity' ? (/^\d{1,12}$/.test(s.trim()) ? Number(s.trim()) : null) : parseMoney(s, cur);
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const brackets: Terms['brackets'] = [];
  for (const [i, b] of f.brackets.entries()) {
    const threshold = vol(b.threshold);
    if (threshold === null) return `Bracket ${i + 1}: enter the volume it starts at.`;
    let value: BracketValue;
    if (b.kind === 'rate') {
      const pct = b.value.trim().replace(',', '.');
      if (!/^\d{1,3}(\.\d{1,2})?$/.test(pct)) return `Bracket ${i + 1}: enter the rate in %, e.g. 2 or 2.5.`;
      value = { kind: 'rate', rateBp: Math.round(Number(pct) * 100) };
    } else {
      const amount = parseMoney(b.value, cur);
      if (amount === null) return `Bracket ${i + 1}: enter the amount.`;
      value = { kind: b.kind, amount };
    }
    brackets.push({ threshold, value });
  }
  const minimumVolume = f.minimum.trim() ? vol(f.minimum) : 0;
  if (minimumVolume === null) return 'Enter the minimum volume, or leave it empty for none.';
  const cap = f.cap.trim() ? parseMoney(f.cap, cur) : null;
  if (f.cap.trim() && cap === null) return 'Enter the cap as an amount, or leave it empty for none.';
  const scope: Terms['scope'] =
    f.scopeKind === 'all'
      ? { kind: 'all' }
      : { kind: f.scopeKind, skus: list(f.skus), categories: list(f.categories) };
  return { mode: f.mode, scope, brackets, minimumVolume, cap };
}

function TermsEditor(props: { value: TermsForm; onValue: (t: TermsForm) => void; basis: Settings['basis'] }) {
  const f = props.value;
  const set = (patch: Partial<TermsForm>) => props.onValue({ ...f, ...patch });
  const setRow = (i: number, patch: Partial<BracketRow>) =>
    set({ brackets: f.brackets.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  const unit = props.basis === 'quantity' ? 'units' : currency();
  return (
    <fieldset class="terms">
      <legend>Terms</legend>
      <SelectField
        label="Mode"
        name="mode"
        value={f.mode}
        onValue={(v) => set({ mode: v as Terms['mode'] })}
        options={[
          { value: 'retroactive', label: 'Retroactive: the reached bracket applies from the first unit' },
          { value: 'incremental', label: 'Incremental: each bracket on the volume inside it' },
        ]}
      />
      {f.brackets.map((b, i) => (
        <div class="bracket-row" key={i} data-testid="bracket-row">
          <Field
            label={`Bracket ${i + 1} from (${unit})`}
            name={`threshold-${i}`}
            inputMode="decimal"
            value={b.threshold}
            onValue={(v) => setRow(i, { threshold: v })}
          />
          <SelectField
            label="Pays"
            name={`kind-${i}`}
            value={b.kind}
            onValue={(v) => setRow(i, { kind: v as BracketValue['kind'] })}
            options={
              props.basis === 'quantity'
                ? [
                    { value: 'per_unit', label: `Per unit (${currency()})` },
                    { value: 'fixed', label: `Fixed (${currency()})` },
                  ]
                : [
                    { value: 'rate', label: 'Rate (%)' },
                    { value: 'fixed', label: `Fixed (${currency()})` },
                  ]
            }
          />
          <Field
            label={b.kind === 'rate' ? 'Rate (%)' : `Amount (${currency()})`}
            name={`value-${i}`}
            inputMode="decimal"
            value={b.value}
            onValue={(v) => setRow(i, { value: v })}
          />
          {f.brackets.length > 1 && (
            <button
              type="button"
              class="secondary"
              aria-label={`Remove bracket ${i + 1}`}
              onClick={() => set({ brackets: f.brackets.filter((_, j) => j !== i) })}
            >
              Remove
            </button>
          )}
        </div>
      ))}
      <div class="actions">
        <button
          type="button"
          class="secondary"
          onClick={() =>
            set({
              brackets: [
                ...f.brackets,
                { threshold: '', kind: props.basis === 'quantity' ? 'per_unit' : 'rate', value: '' },
              ],
            })
          }
        >
          Add bracket
        </button>
      </div>
      <div class="two">
        <Field
          label={`Minimum volume (${unit})`}
          name="minimum"
          inputMode="decimal"
          hint="Below it nothing is paid; empty = none"
          value={f.minimum}
          onValue={(v) => set({ minimum: v })}
        />
        <Field
          label={`Cap (${currency()})`}
          name="cap"
          inputMode="decimal"
          hint="Largest rebate of a period; empty = none"
          value={f.cap}
          onValue={(v) => set({ cap: v })}
        />
      </div>
      <SelectField
        label="Lines that count"
        name="scope"
        value={f.scopeKind}
        onValue={(v) => set({ scopeKind: v as TermsForm['scopeKind'] })}
        options={[
          { value: 'all', label: 'All lines' },
          { value: 'include', label: 'Only these skus / categories' },
          { value: 'exclude', label: 'All except these skus / categories' },
        ]}
      />
      {f.scopeKind !== 'all' && (
        <div class="two">
          <Field
            label="Skus (comma separated)"
            name="skus"
            value={f.skus}
            onValue={(v) => set({ skus: v })}
          />
          <Field
            label="Categories (comma separated)"
            name="categories"
            value={f.categories}
            onValue={(v) => set({ categories: v })}
          />
        </div>
      )}
    </fieldset>
  );
}

function tomorrowLocal(): string {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- overview

async function downloadCsv(setNote: (n: Note) => void) {
  try {
    const res = await fetch('/api/rebates/settlements.csv', {
      headers: { authorization: `Bearer ${session.value?.token ?? ''}` },
    });
    if (!res.ok) throw new Error(String(res.status));
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = 'rebate-settlements.csv';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  } catch {
    setNote({ kind: 'error', text: 'The CSV could not be downloaded. Try again.' });
  }
}

/** #/rebates: every agreement with its current figures; a new agreement; the documents as CSV. */
export function Rebates() {
  const agreements = useLoad(() => call(client.GET('/api/rebates/agreements')), []);
  const statements = useLoad(() => call(client.GET('/api/rebates/statements')), []);
  const companies = useLoad(() => call(client.GET('/api/rebates/companies')), []);
  const [note, setNote] = useState<Note>(null);
  const byId = useMemo(
    () => new Map((statements.data?.items ?? []).map((s) => [s.agreementId, s])),
    [statements.data],
  );
  const liability = (statements.data?.items ?? []).reduce(
    (s, x) => s + (x.statement as unknown as Statement).outstanding,
    0,
  );
  const error = agreements.error ?? statements.error ?? companies.error;
  return (
    <>
      <PageHead title="Volume rebates">
        <button type="button" class="secondary" onClick={() => void downloadCsv(setNote)}>
          Settlement documents (CSV)
        </button>
      </PageHead>
      {note && <Notice kind={note.kind}>{note.text}</Notice>}
      {error ? <Notice kind="error">{describeError(error)}</Notice> : null}
      <Section title="Agreements" id="agreements" wide>
        {statements.data && (
          <p data-testid="rebate-liability">
            Accrued and not yet settled, all agreements: <strong>{money(liability)}</strong>
          </p>
        )}
        {agreements.data && (
          <DataTable
            caption="Agreements"
            testId="agreements-table"
            rows={agreements.data.items}
            rowKey={(a) => a.id}
            empty="No agreements yet: create one below."
            columns={[
              {
                key: 'name',
                label: 'Agreement',
                render: (a) => <a href={href('rebates', a.id)}>{a.name}</a>,
                sort: (a) => a.name.toLowerCase(),
              },
              { key: 'period', label: 'Period', render: (a) => byId.get(a.id)?.period.key ?? '—' },
              {
                key: 'volume',
                label: 'Volume',
                numeric: true,
                render: (a) => {
                  const s = byId.get(a.id);
                  return s
                    ? volumeText((s.statement as unknown as Statement).volume, settingsOf(a).basis)
                    : '—';
                },
              },
              {
                key: 'bracket',
                label: 'Bracket',
                render: (a) => {
                  const st = byId.get(a.id)?.statement as unknown as Statement | undefined;
                  return st?.current ? valueText(st.current.value) : 'none yet';
                },
              },
              {
                key: 'accrued',
                label: 'Accrued',
                numeric: true,
                render: (a) => {
                  const st = byId.get(a.id)?.statement as unknown as Statement | undefined;
                  return st ? money(st.accrued) : '—';
                },
              },
              {
                key: 'outstanding',
                label: 'Not yet settled',
                numeric: true,
                render: (a) => {
                  const st = byId.get(a.id)?.statement as unknown as Statement | undefined;
                  return st ? money(st.outstanding) : '—';
                },
              },
              {
                key: 'projection',
                label: 'Projected at year end',
                render: (a) => {
                  const st = byId.get(a.id)?.statement as unknown as Statement | undefined;
                  return st?.projection
                    ? `${volumeText(st.projection.volume, settingsOf(a).basis)} → ${money(st.projection.rebate)}`
                    : '—';
                },
              },
            ]}
          />
        )}
      </Section>
      {companies.data && (
        <Section title="New agreement" id="new-agreement" wide>
          <NewAgreement
            companies={companies.data.items}
            onCreated={(a) => {
              agreements.reload();
              statements.reload();
              go('rebates', a.id);
            }}
          />
        </Section>
      )}
    </>
  );
}

function NewAgreement(props: { companies: Company[]; onCreated: (a: Agreement) => void }) {
  const [f, setF] = useState({
    name: '',
    periodKind: 'calendar_year' as 'calendar_year' | 'agreement_year',
    start: '',
    basis: 'net_amount' as Settings['basis'],
    payout: 'credit_note' as Settings['payout'],
    schedule: 'quarterly' as NonNullable<Settings['schedule']>,
    group: false,
    companyId: props.companies[0]?.id ?? '',
    companyIds: [] as string[],
    effectiveFrom: tomorrowLocal(),
  });
  const [terms, setTerms] = useState<TermsForm>(blankTerms());
  const [errors, setErrors] = useState<string[]>([]);
  if (props.companies.length === 0)
    return (
      <p>
        An agreement is made with a business customer: <a href={href('companies')}>add a company first</a>.
      </p>
    );
  async function submit(e: Event) {
    e.preventDefault();
    const t = toTerms(terms, f.basis);
    const problems0: string[] = [];
    if (!f.name.trim()) problems0.push('Enter a name for the agreement.');
    if (typeof t === 'string') problems0.push(t);
    if (f.group && f.companyIds.length < 2) problems0.push('A pooled group needs at least two companies.');
    if (f.periodKind === 'agreement_year' && !f.start)
      problems0.push('Enter the date the agreement year starts.');
    setErrors(problems0);
    if (problems0.length || typeof t === 'string') return;
    const settings: Settings = {
      period:
        f.periodKind === 'calendar_year'
          ? { kind: 'calendar_year' }
          : { kind: 'agreement_year', start: f.start },
      basis: f.basis,
      payout: f.payout,
      schedule: f.schedule,
      assignment: f.group
        ? { kind: 'group', companyIds: f.companyIds }
        : { kind: 'company', companyId: f.companyId },
    };
    try {
      const a = await call(
        client.POST('/api/rebates/agreements', {
          body: {
            name: f.name.trim(),
            settings: settings as never,
            version: { effectiveFrom: f.effectiveFrom, terms: t } as never,
          },
        }),
      );
      props.onCreated(a);
    } catch (err) {
      const p = problems(err);
      setErrors(p.length ? p : [describeError(err)]);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="new-agreement-form">
      {errors.length > 0 && (
        <Notice kind="error" testId="agreement-errors">
          <ul class="plain">
            {errors.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </Notice>
      )}
      <div class="two">
        <Field
          label="Name"
          name="name"
          required
          maxLength={120}
          value={f.name}
          onValue={(v) => setF({ ...f, name: v })}
        />
        <Field
          label="In force from"
          name="effectiveFrom"
          type="date"
          hint="Tomorrow at the earliest; never backdated"
          value={f.effectiveFrom}
          onValue={(v) => setF({ ...f, effectiveFrom: v })}
        />
        <SelectField
          label="Period"
          name="periodKind"
          value={f.periodKind}
          onValue={(v) => setF({ ...f, periodKind: v as typeof f.periodKind })}
          options={[
            { value: 'calendar_year', label: 'Calendar year (1 Jan – 31 Dec)' },
            { value: 'agreement_year', label: 'Agreement year from a start date' },
          ]}
        />
        {f.periodKind === 'agreement_year' && (
          <Field
            label="Year starts on"
            name="start"
            type="date"
            value={f.start}
            onValue={(v) => setF({ ...f, start: v })}
          />
        )}
        <SelectField
          label="Volume counts"
          name="basis"
          value={f.basis}
          onValue={(v) => {
            const basis = v as Settings['basis'];
            setF({ ...f, basis });
            setTerms({
              ...terms,
              brackets: terms.brackets.map((b) => ({
                ...b,
                kind:
                  basis === 'quantity'
                    ? b.kind === 'rate'
                      ? 'per_unit'
                      : b.kind
                    : b.kind === 'per_unit'
                      ? 'rate'
                      : b.kind,
              })),
            });
          }}
          options={[
            { value: 'net_amount', label: `Net amount (${currency()})` },
            { value: 'quantity', label: 'Quantity (units)' },
          ]}
        />
        <SelectField
          label="Payout"
          name="payout"
          value={f.payout}
          onValue={(v) => setF({ ...f, payout: v as Settings['payout'] })}
          options={Object.entries(PAYOUTS).map(([value, label]) => ({ value, label }))}
        />
        <SelectField
          label="Settlement runs"
          name="schedule"
          value={f.schedule}
          onValue={(v) => setF({ ...f, schedule: v as typeof f.schedule })}
          options={Object.entries(SCHEDULES).map(([value, label]) => ({ value, label }))}
        />
        <SelectField
          label="For"
          name="assignment"
          value={f.group ? 'group' : 'company'}
          onValue={(v) => setF({ ...f, group: v === 'group' })}
          options={[
            { value: 'company', label: 'One company' },
            { value: 'group', label: 'A group of companies (pooled volume)' },
          ]}
        />
      </div>
      {f.group ? (
        <fieldset class="choice">
          <legend>Companies in the group</legend>
          {props.companies.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                name="companyIds"
                checked={f.companyIds.includes(c.id)}
                onChange={(e) =>
                  setF({
                    ...f,
                    companyIds: (e.currentTarget as HTMLInputElement).checked
                      ? [...f.companyIds, c.id]
                      : f.companyIds.filter((x) => x !== c.id),
                  })
                }
              />
              {c.legalName}
            </label>
          ))}
        </fieldset>
      ) : (
        <SelectField
          label="Company"
          name="companyId"
          value={f.companyId}
          onValue={(v) => setF({ ...f, companyId: v })}
          options={props.companies.map((c) => ({ value: c.id, label: c.legalName }))}
        />
      )}
      <TermsEditor value={terms} onValue={setTerms} basis={f.basis} />
      <div class="actions">
        <button class="primary" type="submit">
          Create agreement
        </button>
      </div>
    </form>
  );
}

// ---------------------------------------------------------------- one agreement

const STAGES = { interim: 'Interim', final: 'Final', adjustment: 'Adjustment' } as const;

/** #/rebates/<id>: statement, settlement preview and post, history, scheduled runs, versions and amendment. */
export function AgreementPage(props: { id: string }) {
  const path = { params: { path: { id: props.id } } };
  const agreement = useLoad(() => call(client.GET('/api/rebates/agreements/{id}', path)), [props.id]);
  const statement = useLoad(
    () => call(client.GET('/api/rebates/agreements/{id}/statement', path)),
    [props.id],
  );
  const history = useLoad(
    () => call(client.GET('/api/rebates/agreements/{id}/settlements', path)),
    [props.id],
  );
  const runs = useLoad(
    () => call(client.GET('/api/rebates/agreements/{id}/scheduled-runs', path)),
    [props.id],
  );
  const companies = useLoad(() => call(client.GET('/api/rebates/companies')), []);
  const [note, setNote] = useState<Note>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);
  const names = useMemo(
    () => new Map((companies.data?.items ?? []).map((c) => [c.id, c.legalName])),
    [companies.data],
  );
  const a = agreement.data;
  const error = agreement.error ?? statement.error ?? history.error ?? runs.error;
  if (error && !a) return <Notice kind="error">{describeError(error)}</Notice>;
  if (!a) return <p class="muted">Loading…</p>;
  const s = settingsOf(a);
  const st = statement.data?.statement as unknown as Statement | undefined;
  const periodKey = statement.data?.period.key;
  const assigned = s.assignment.kind === 'company' ? [s.assignment.companyId] : s.assignment.companyIds;

  async function showPreview() {
    setNote(null);
    setBusy(true);
    try {
      setPreview(
        await call(
          client.GET('/api/rebates/agreements/{id}/settlements/preview', {
            params: { path: { id: props.id }, query: periodKey ? { period: periodKey } : {} },
          }),
        ),
      );
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    } finally {
      setBusy(false);
    }
  }

  async function post() {
    if (!preview) return;
    setBusy(true);
    try {
      const doc = await call(
        client.POST('/api/rebates/agreements/{id}/settlements', {
          params: { path: { id: props.id } },
          body: { period: preview.period.key },
        }),
      );
      setNote({
        kind: 'ok',
        text: `Settlement ${doc.number} posted: ${money(doc.amount)} (${STAGES[doc.stage as keyof typeof STAGES] ?? doc.stage}).`,
      });
      setPreview(null);
      statement.reload();
      history.reload();
    } catch (err) {
      setNote({
        kind: 'error',
        text:
          err instanceof ConsoleApiError && err.code === 'NOTHING_TO_SETTLE'
            ? 'Nothing is left to settle now (another run may just have posted it). The figures were refreshed.'
            : describeError(err),
      });
      setPreview(null);
      statement.reload();
      history.reload();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p>
        <a class="back" href={href('rebates')}>
          ← Volume rebates
        </a>
      </p>
      <PageHead title={a.name} />
      {note && (
        <Notice kind={note.kind} testId="agreement-note">
          {note.text}
        </Notice>
      )}
      <Section title="Agreement" id="agreement-settings">
        <dl class="facts">
          <dt>For</dt>
          <dd>
            {assigned.map((id, i) => (
              <span key={id}>
                {i > 0 ? ', ' : ''}
                <a href={href('companies', id)}>{names.get(id) ?? 'a company'}</a>
              </span>
            ))}
            {s.assignment.kind === 'group' ? ' (pooled volume, payout split by contribution)' : ''}
          </dd>
          <dt>Period</dt>
          <dd>{periodText(s)}</dd>
          <dt>Volume counts</dt>
          <dd>{s.basis === 'quantity' ? 'Quantity (units)' : `Net amount (${currency()})`}</dd>
          <dt>Payout</dt>
          <dd>{PAYOUTS[s.payout]}</dd>
          <dt>Settlement runs</dt>
          <dd>{SCHEDULES[s.schedule ?? 'manual']}</dd>
        </dl>
      </Section>
      <Section
        title={
          periodKey
            ? `Statement ${statement.data?.period.startDate} – ${statement.data?.period.endDate}`
            : 'Statement'
        }
        id="statement"
      >
        {statement.error ? <Notice kind="info">{describeError(statement.error)}</Notice> : null}
        {st && (
          <>
            <ul class="kpis rebate-figures" aria-label="Rebate figures" data-testid="statement">
              <li>
                <span class="kpi-label">Volume</span>
                <span class="kpi-value" data-testid="st-volume">
                  {volumeText(st.volume, s.basis)}
                </span>
              </li>
              <li>
                <span class="kpi-label">Bracket</span>
                <span class="kpi-value" data-testid="st-bracket">
                  {st.current ? valueText(st.current.value) : 'none yet'}
                </span>
              </li>
              <li>
                <span class="kpi-label">Accrued</span>
                <span class="kpi-value" data-testid="st-accrued">
                  {money(st.accrued)}
                </span>
              </li>
              <li>
                <span class="kpi-label">Settled</span>
                <span class="kpi-value">{money(st.paid)}</span>
              </li>
            </ul>
            {st.minimumVolume !== null && !st.minimumReached && (
              <p>
                Minimum volume {volumeText(st.minimumVolume, s.basis)} not reached yet: nothing is paid below
                it.
              </p>
            )}
            {st.next && (
              <p data-testid="st-next">
                Spend {volumeText(st.next.volumeNeeded, s.basis)} more by {formatDate(st.next.by)} to reach{' '}
                {valueText(st.next.value)}: worth {money(st.next.worth)} more.
              </p>
            )}
            {st.capReached && <p>The cap is reached: more volume adds nothing this period.</p>}
            {st.projection && (
              <p class="muted" data-testid="st-projection">
                At the current run rate: {volumeText(st.projection.volume, s.basis)} by the period end, a
                rebate of {money(st.projection.rebate)}.
              </p>
            )}
          </>
        )}
      </Section>
      <Section title="Settlement" id="settlement" wide>
        <p class="muted">
          A preview writes nothing. Posting issues the numbered document
          {s.payout === 'store_credit' ? ' and pays the store credit to each company' : ''}.
        </p>
        <div class="actions">
          <button type="button" class="secondary" disabled={busy} onClick={() => void showPreview()}>
            Preview settlement
          </button>
        </div>
        {preview && (
          <div class="preview" data-testid="settlement-preview">
            <p>
              <strong>{STAGES[preview.stage]}</strong> for {preview.period.startDate} –{' '}
              {preview.period.endDate}: rebate {money(preview.rebate)} on{' '}
              {volumeText(preview.volume, s.basis)}, already paid {money(preview.alreadyPaid)},{' '}
              <strong>to pay now {money(preview.amount)}</strong>
              {preview.carried
                ? ` (${money(-preview.carried)} carried to a later document: interims never claw back)`
                : ''}
              .
            </p>
            {preview.lines.length > 0 && (
              <ul class="plain">
                {preview.lines.map((l) => (
                  <li key={l.companyId}>
                    {names.get(l.companyId) ?? l.companyId}: {money(l.amount)}
                  </li>
                ))}
              </ul>
            )}
            <div class="actions">
              {preview.amount !== 0 ? (
                <button type="button" class="primary" disabled={busy} onClick={() => void post()}>
                  Post settlement of {money(preview.amount)}
                </button>
              ) : (
                <span>Nothing to settle now.</span>
              )}
              <button type="button" class="secondary" onClick={() => setPreview(null)}>
                Close preview
              </button>
            </div>
          </div>
        )}
        <h3>Documents</h3>
        {history.data && (
          <DataTable
            caption="Settlement documents"
            testId="settlements-table"
            rows={history.data.items}
            rowKey={(d) => d.id}
            empty="No settlement posted yet."
            columns={[
              { key: 'number', label: 'Number', render: (d) => d.number, sort: (d) => d.number },
              {
                key: 'date',
                label: 'Date',
                render: (d) => formatDateTime(d.createdAt),
                sort: (d) => d.createdAt,
              },
              { key: 'period', label: 'Period', render: (d) => d.periodKey },
              {
                key: 'stage',
                label: 'Stage',
                render: (d) => STAGES[d.stage as keyof typeof STAGES] ?? d.stage,
              },
              { key: 'payout', label: 'Payout', render: (d) => PAYOUTS[d.payout] },
              {
                key: 'amount',
                label: 'Amount',
                numeric: true,
                render: (d) => money(d.amount),
                sort: (d) => d.amount,
              },
            ]}
          />
        )}
        <h3>Scheduled runs</h3>
        {runs.data && (
          <DataTable
            caption="Scheduled settlement runs"
            testId="runs-table"
            rows={runs.data.items}
            rowKey={(r) => `${r.periodKey}/${r.runKey}`}
            empty={
              s.schedule && s.schedule !== 'manual'
                ? 'No scheduled run has been due yet.'
                : 'Settled by hand only.'
            }
            columns={[
              { key: 'ran', label: 'Ran', render: (r) => formatDateTime(r.ranAt) },
              { key: 'period', label: 'Period', render: (r) => r.periodKey },
              {
                key: 'run',
                label: 'Run',
                render: (r) =>
                  r.runKey === 'final' ? 'Final' : `Interim of ${formatDate(r.runKey.slice(8))}`,
              },
              {
                key: 'outcome',
                label: 'Outcome',
                render: (r) => (r.outcome === 'posted' ? 'Document posted' : 'Nothing due'),
              },
            ]}
          />
        )}
      </Section>
      <Versions
        agreement={a}
        onAmended={() => {
          agreement.reload();
          statement.reload();
        }}
      />
    </>
  );
}

function Versions(props: { agreement: Agreement; onAmended: () => void }) {
  const a = props.agreement;
  const s = settingsOf(a);
  const latest = a.versions[a.versions.length - 1];
  const [terms, setTerms] = useState<TermsForm>(() =>
    latest ? fromTerms(termsOf(latest), s.basis) : blankTerms(),
  );
  const [from, setFrom] = useState(tomorrowLocal());
  const [errors, setErrors] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  async function amend(e: Event) {
    e.preventDefault();
    setDone(null);
    const t = toTerms(terms, s.basis);
    if (typeof t === 'string') return setErrors([t]);
    setErrors([]);
    try {
      const r = await call(
        client.POST('/api/rebates/agreements/{id}/versions', {
          params: { path: { id: a.id } },
          body: { effectiveFrom: from, terms: t as never },
        }),
      );
      setDone(`Version ${r.versions[r.versions.length - 1].version} in force from ${formatDate(from)}.`);
      props.onAmended();
    } catch (err) {
      const p = problems(err);
      setErrors(p.length ? p : [describeError(err)]);
    }
  }
  return (
    <Section title="Versions" id="versions" wide>
      <DataTable
        caption="Versions"
        testId="versions-table"
        rows={a.versions}
        rowKey={(v) => String(v.version)}
        columns={[
          { key: 'v', label: 'Version', render: (v) => v.version },
          { key: 'from', label: 'In force from', render: (v) => formatDate(v.effectiveFrom) },
          { key: 'mode', label: 'Mode', render: (v) => termsOf(v).mode },
          { key: 'brackets', label: 'Brackets', render: (v) => bracketsText(termsOf(v), s.basis) },
          {
            key: 'min',
            label: 'Minimum',
            render: (v) => (termsOf(v).minimumVolume ? volumeText(termsOf(v).minimumVolume, s.basis) : '—'),
          },
          {
            key: 'cap',
            label: 'Cap',
            render: (v) => (termsOf(v).cap === null ? '—' : money(termsOf(v).cap!)),
          },
        ]}
      />
      <h3>Amend</h3>
      <p class="muted">
        An amendment is a new version from a future date; what is in force is never edited backwards. Volume
        bought before that date keeps its terms.
      </p>
      {done && (
        <Notice kind="ok" testId="amend-note">
          {done}
        </Notice>
      )}
      {errors.length > 0 && (
        <Notice kind="error" testId="amend-errors">
          <ul class="plain">
            {errors.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </Notice>
      )}
      <form onSubmit={(e) => void amend(e)} noValidate data-testid="amend-form">
        <Field
          label="New version in force from"
          name="amendFrom"
          type="date"
          hint="Tomorrow at the earliest, and after the latest version"
          value={from}
          onValue={setFrom}
        />
        <TermsEditor value={terms} onValue={setTerms} basis={s.basis} />
        <div class="actions">
          <button class="primary" type="submit">
            Add version
          </button>
        </div>
      </form>
    </Section>
  );
}
