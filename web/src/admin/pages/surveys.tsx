import { useMemo, useState } from 'preact/hooks';
import { apiBlob, describeError } from '../../api';
import { formatDateTime } from '../../ui';
import { call, client, type Schemas } from '../api';
import { Chart, DataTable, Field, Notice, PageHead, Section, SelectField, useLoad } from '../components';
import { session } from '../session';
import { business } from '../state';
import { href } from '../router';
import { monthLabel } from './lost';

type Results = Schemas['SurveyResultsView'];

const nps = (n: number | null) =>
  n === null ? '—' : `${n > 0 ? '+' : ''}${n.toLocaleString(undefined, { maximumFractionDigits: 1 })}`;
const CATEGORY: Record<string, string> = { promoter: 'Promoter', passive: 'Passive', detractor: 'Detractor' };

/**
 * Survey results: NPS (% promoters − % detractors) over the chosen months, by month and
 * location (chart and table, CSV download), and the answers with their comments. Where
 * members answer: the link in the survey e-mail, or the receipt page for a receipt code.
 */
export function Surveys() {
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [category, setCategory] = useState('');
  const results = useLoad(
    () => call(client.GET('/api/surveys/results', { params: { query: range } })),
    [range.from, range.to],
  );
  const answers = useLoad(
    () =>
      call(
        client.GET('/api/surveys/responses', {
          params: { query: { limit: 100, ...(category ? { category: category as 'detractor' } : {}) } },
        }),
      ),
    [category],
  );
  const [csvError, setCsvError] = useState<unknown>(null);

  async function csv() {
    setCsvError(null);
    try {
      const q = new URLSearchParams(range as Record<string, string>).toString();
      const blob = await apiBlob(`/api/surveys/results.csv${q ? `?${q}` : ''}`, {
        token: session.value?.token,
      });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = 'nps-results.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    } catch (e) {
      setCsvError(e);
    }
  }

  const receiptUrl = business.value ? `${location.origin}/survey/at/${business.value.slug}` : null;
  return (
    <>
      <PageHead title="Survey results" />
      <form
        class="panel two"
        aria-label="Months"
        onSubmit={(e) => {
          e.preventDefault();
          setRange({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
        }}
      >
        <Field
          label="From month"
          name="from"
          type="text"
          hint="YYYY-MM; empty: 11 months before the last"
          value={from}
          onValue={setFrom}
          maxLength={7}
        />
        <Field
          label="To month"
          name="to"
          type="text"
          hint="YYYY-MM; empty: this month"
          value={to}
          onValue={setTo}
          maxLength={7}
        />
        <div class="actions">
          <button type="submit">Show</button>
          <button type="button" class="secondary" onClick={() => void csv()}>
            Download CSV
          </button>
        </div>
      </form>
      {results.error ? <Notice kind="error">{describeError(results.error)}</Notice> : null}
      {csvError ? <Notice kind="error">{describeError(csvError)}</Notice> : null}
      {results.data && <ResultsView r={results.data} />}
      <Section title="Answers" id="answers" wide>
        <SelectField
          label="Show"
          name="category"
          value={category}
          onValue={setCategory}
          options={[
            { value: '', label: 'All answers' },
            { value: 'detractor', label: 'Detractors (0-6)' },
            { value: 'passive', label: 'Passives (7-8)' },
            { value: 'promoter', label: 'Promoters (9-10)' },
          ]}
        />
        {answers.error ? <Notice kind="error">{describeError(answers.error)}</Notice> : null}
        {answers.data &&
          (answers.data.items.length === 0 ? (
            <p class="muted">No answers yet.</p>
          ) : (
            <ul class="plain comments" data-testid="answers">
              {answers.data.items.map((a) => (
                <li key={a.purchaseId}>
                  <span
                    class={`score ${a.category}`}
                    aria-label={`${CATEGORY[a.category]}, ${a.score} of 10`}
                  >
                    {a.score}
                  </span>{' '}
                  <a class="tap" href={href('members', a.memberId)}>
                    {a.memberName}
                  </a>{' '}
                  · {a.locationName ?? 'No location'} · {formatDateTime(a.answeredAt)} ·{' '}
                  {a.source === 'receipt' ? 'receipt code' : 'e-mail link'}
                  {a.comment && <p class="comment">“{a.comment}”</p>}
                </li>
              ))}
            </ul>
          ))}
        <p class="hint">
          Detractors also appear on the call list of Customers at risk until someone calls them.
        </p>
      </Section>
      {receiptUrl && (
        <Section title="Survey on the receipt" id="receipt">
          <p>
            Print this address on your receipts; customers enter the receipt code there:{' '}
            <a class="tap" href={receiptUrl} data-testid="receipt-url">
              {receiptUrl}
            </a>
          </p>
        </Section>
      )}
    </>
  );
}

function ResultsView({ r }: { r: Results }) {
  const chart = useMemo(
    () => ({
      labels: r.months.map((m) => monthLabel(m.month)),
      // NPS only: the number of answers per month is in the table below (a bar of it hid the NPS points).
      series: [
        { label: 'NPS', values: r.months.map((m) => m.nps ?? 0), color: '#1d4ed8', kind: 'line' as const },
      ],
    }),
    [r],
  );
  return (
    <>
      <ul class="kpis" aria-label="Totals of the months shown">
        <li data-testid="nps-total">
          <span class="kpi-label">NPS</span>
          <span class="kpi-value">{nps(r.total.nps)}</span>
        </li>
        <li data-testid="nps-responses">
          <span class="kpi-label">Answers</span>
          <span class="kpi-value">{r.total.responses.toLocaleString()}</span>
        </li>
        <li data-testid="nps-split">
          <span class="kpi-label">Promoters · passives · detractors</span>
          <span class="kpi-value">
            {r.total.promoters} · {r.total.passives} · {r.total.detractors}
          </span>
        </li>
      </ul>
      <p class="muted small">
        {monthLabel(r.from)} to {monthLabel(r.to)}, months in {r.timeZone}. NPS = % promoters (9-10) − %
        detractors (0-6), from −100 to +100.
      </p>
      {r.months.length > 0 && (
        <div class="charts">
          <Chart
            title="NPS by month"
            labels={chart.labels}
            series={chart.series}
            testId="chart-nps"
            labelHeading="Month"
          />
        </div>
      )}
      <Section title="By month and location" id="by-location" wide>
        <DataTable
          caption="NPS by month and location"
          testId="nps-table"
          rows={r.rows}
          rowKey={(x) => `${x.month}|${x.locationId ?? ''}`}
          pageSize={24}
          empty="No answers in these months."
          columns={[
            { key: 'month', label: 'Month', render: (x) => monthLabel(x.month), sort: (x) => x.month },
            { key: 'loc', label: 'Location', render: (x) => x.locationName, sort: (x) => x.locationName },
            {
              key: 'n',
              label: 'Answers',
              render: (x) => x.responses,
              numeric: true,
              sort: (x) => x.responses,
            },
            { key: 'p', label: 'Promoters', render: (x) => x.promoters, numeric: true },
            { key: 'pa', label: 'Passives', render: (x) => x.passives, numeric: true },
            { key: 'd', label: 'Detractors', render: (x) => x.detractors, numeric: true },
            {
              key: 'nps',
              label: 'NPS',
              render: (x) => nps(x.nps),
              numeric: true,
              sort: (x) => x.nps ?? -1000,
            },
          ]}
        />
      </Section>
    </>
  );
}
