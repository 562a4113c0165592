import { useState } from 'preact/hooks';
import { describeError } from '../../api';
import { formatDate, formatDateTime } from '../../ui';
import { call, client, fieldErrors, type Schemas } from '../api';
import {
  CheckField,
  DataTable,
  Field,
  Money,
  Notice,
  PageHead,
  Section,
  SelectField,
  useLoad,
} from '../components';
import { currency } from '../state';

type Call = Schemas['CallView'];
type Outcome = Call['outcome'];
type Reason = NonNullable<Call['reason']>;

export const OUTCOMES: Record<Outcome, string> = {
  will_return: 'Will come back',
  declined: 'Declined',
  call_back: 'Call back',
  no_answer: 'No answer',
  other: 'Other',
};

export const REASONS: Record<Reason, string> = {
  price: 'Price',
  quality: 'Quality',
  service: 'Service',
  moved: 'Moved away',
  competitor: 'Went to a competitor',
  no_longer_needed: 'No longer needed',
  other: 'Other (say what)',
};

/** A calendar day (YYYY-MM-DD) in words, the same day wherever the browser is. */
export function formatDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  return Number.isNaN(d.getTime())
    ? day
    : d.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
}

const EMPTY = {
  customerId: '',
  reached: true,
  reason: '',
  reasonText: '',
  outcome: 'will_return',
  followUpOn: '',
};

/** Customers at risk of leaving, ranked by value × risk as the API ranks them; record a call; the calls made. */
export function AtRisk() {
  const list = useLoad(() => call(client.GET('/api/retention/at-risk')), []);
  const calls = useLoad(() => call(client.GET('/api/retention/calls')), []);
  const [f, setF] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const cur = currency();
  const customers = list.data?.customers ?? [];
  const nameOf = (id: string) => customers.find((c) => c.customerId === id)?.name ?? id;

  function pick(id: string) {
    setF({ ...EMPTY, customerId: id });
    setErrors({});
    document.getElementById('call-form')?.scrollIntoView();
  }

  async function submit(e: Event) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!f.customerId) errs.customerId = 'Choose the customer you called.';
    if (f.reached && f.reason === 'other' && !f.reasonText.trim())
      errs.reasonText = 'Say in their words why they stopped coming.';
    if (!f.reached && f.outcome !== 'no_answer' && f.outcome !== 'call_back')
      errs.outcome = 'When you did not reach them, choose “No answer” or “Call back”.';
    if (f.reached && f.outcome === 'no_answer') errs.outcome = 'You reached them: choose another outcome.';
    setErrors(errs);
    setNote(null);
    if (Object.keys(errs).length) return;
    const body: Schemas['RecordCallDto'] = {
      customerId: f.customerId,
      reached: f.reached,
      outcome: f.outcome as Outcome,
      ...(f.reached && f.reason ? { reason: f.reason as Reason } : {}),
      ...(f.reached && f.reasonText.trim() ? { reasonText: f.reasonText.trim() } : {}),
      ...(f.followUpOn ? { followUpOn: f.followUpOn } : {}),
    };
    setBusy(true);
    try {
      await call(client.POST('/api/retention/calls', { body }));
      setNote({ kind: 'ok', text: `Call to ${nameOf(body.customerId)} recorded.` });
      setF(EMPTY);
      calls.reload();
      list.reload();
    } catch (err) {
      setErrors(fieldErrors(err));
      setNote({ kind: 'error', text: describeError(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHead title="Customers at risk" />
      {note && (
        <Notice kind={note.kind} testId="call-note">
          {note.text}
        </Notice>
      )}
      <Section title="Who to call" id="at-risk" wide>
        {list.error ? <Notice kind="error">{describeError(list.error)}</Notice> : null}
        {list.data && (
          <>
            <p class="muted small" data-testid="at-risk-definition">
              {list.data.definition}
            </p>
            <DataTable
              caption="Customers at risk, most valuable first"
              testId="at-risk-table"
              rows={customers}
              rowKey={(c) => c.customerId}
              pageSize={20}
              empty="No customer is overdue. Nobody to call today."
              columns={[
                { key: 'rank', label: 'Rank', render: (c) => customers.indexOf(c) + 1, numeric: true },
                {
                  key: 'name',
                  label: 'Customer',
                  render: (c) =>
                    c.flag ? (
                      <>
                        {c.name}
                        <span class="flag" data-testid="survey-flag">
                          Survey {c.flag.score}/10{c.flag.comment ? `: “${c.flag.comment}”` : ''}
                        </span>
                      </>
                    ) : (
                      c.name
                    ),
                },
                { key: 'last', label: 'Last visit', render: (c) => formatDay(c.lastVisit) },
                { key: 'days', label: 'Days since', render: (c) => c.daysSinceLast, numeric: true },
                {
                  key: 'value',
                  label: 'Value (12 months)',
                  render: (c) => <Money minor={c.value} currency={cur} />,
                  numeric: true,
                },
                {
                  key: 'risk',
                  label: 'Risk',
                  render: (c) => `${Math.round(c.risk * 100)}\u00a0%`,
                  numeric: true,
                },
                {
                  key: 'call',
                  label: 'Last call',
                  render: (c) =>
                    c.lastCall ? `${formatDate(c.lastCall.calledAt)}: ${OUTCOMES[c.lastCall.outcome]}` : '—',
                },
                {
                  key: 'act',
                  label: 'Actions',
                  render: (c) => (
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Record a call to ${c.name}`}
                      onClick={() => pick(c.customerId)}
                    >
                      Record a call
                    </button>
                  ),
                },
              ]}
            />
          </>
        )}
      </Section>
      <Section title="Record a call" id="call-form">
        <form onSubmit={submit} noValidate>
          <SelectField
            label="Customer"
            name="customerId"
            value={f.customerId}
            onValue={(v) => setF({ ...f, customerId: v })}
            options={[
              { value: '', label: 'Choose…' },
              ...customers.map((c) => ({ value: c.customerId, label: c.name })),
            ]}
            error={errors.customerId}
          />
          <CheckField
            label="Reached the customer"
            name="reached"
            checked={f.reached}
            onValue={(v) =>
              setF({
                ...f,
                reached: v,
                outcome: v ? 'will_return' : 'no_answer',
                ...(v ? {} : { reason: '', reasonText: '' }),
              })
            }
          />
          {f.reached && (
            <>
              <SelectField
                label="Why they stopped coming"
                name="reason"
                value={f.reason}
                onValue={(v) => setF({ ...f, reason: v })}
                options={[
                  { value: '', label: 'Not said' },
                  ...Object.entries(REASONS).map(([value, label]) => ({ value, label })),
                ]}
                error={errors.reason}
              />
              <Field
                label="In their words"
                name="reasonText"
                maxLength={500}
                required={f.reason === 'other'}
                value={f.reasonText}
                onValue={(v) => setF({ ...f, reasonText: v })}
                error={errors.reasonText}
              />
            </>
          )}
          <SelectField
            label="Outcome"
            name="outcome"
            value={f.outcome}
            onValue={(v) => setF({ ...f, outcome: v })}
            options={Object.entries(OUTCOMES)
              .filter(([v]) => (f.reached ? v !== 'no_answer' : v === 'no_answer' || v === 'call_back'))
              .map(([value, label]) => ({ value, label }))}
            error={errors.outcome}
          />
          <Field
            label="Follow up on"
            name="followUpOn"
            type="date"
            hint="Optional: the day to call again (today or later)."
            value={f.followUpOn}
            onValue={(v) => setF({ ...f, followUpOn: v })}
            error={errors.followUpOn}
          />
          <div class="actions">
            <button class="primary" type="submit" disabled={busy}>
              Record the call
            </button>
          </div>
        </form>
      </Section>
      <Section title="Calls made" id="calls" wide>
        {calls.error ? <Notice kind="error">{describeError(calls.error)}</Notice> : null}
        {calls.data && (
          <DataTable
            caption="Recorded calls, newest first"
            testId="calls-table"
            rows={calls.data.items}
            rowKey={(c) => c.id}
            pageSize={20}
            empty="No calls recorded yet."
            columns={[
              { key: 'when', label: 'When', render: (c) => formatDateTime(c.calledAt) },
              { key: 'who', label: 'Customer', render: (c) => nameOf(c.customerId) },
              { key: 'reached', label: 'Reached', render: (c) => (c.reached ? 'Yes' : 'No') },
              {
                key: 'reason',
                label: 'Reason',
                render: (c) =>
                  [c.reason ? REASONS[c.reason].replace(' (say what)', '') : null, c.reasonText]
                    .filter(Boolean)
                    .join(': ') || '—',
              },
              { key: 'outcome', label: 'Outcome', render: (c) => OUTCOMES[c.outcome] },
              {
                key: 'follow',
                label: 'Follow up on',
                render: (c) => (c.followUpOn ? formatDay(c.followUpOn) : '—'),
              },
            ]}
          />
        )}
      </Section>
    </>
  );
}
