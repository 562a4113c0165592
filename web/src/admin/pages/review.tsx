import { useMemo, useState } from 'preact/hooks';
import { describeError } from '../../api';
import { formatMoney } from '../../ui';
import { call, client, type Schemas } from '../api';
import { Chart, DataTable, Money, Notice, PageHead, Section, SelectField, useLoad } from '../components';
import { formatDay } from './at-risk';
import { monthLabel } from './lost';
import { session } from '../session';

type Review = Schemas['ReviewView'];

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Downloads one of the CSV reports with the session's token (a plain link would carry none). */
export function CsvButton(props: {
  path: string;
  query?: Record<string, string>;
  label: string;
  file: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const qs = props.query ? `?${new URLSearchParams(props.query).toString()}` : '';
      const res = await fetch(`${props.path}${qs}`, {
        headers: { authorization: `Bearer ${session.value?.token ?? ''}`, accept: 'text/csv' },
      });
      if (!res.ok) throw new Error(`The download failed (${res.status}).`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = props.file;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="csv-button">
      <button type="button" class="secondary" onClick={() => void download()} disabled={busy}>
        {props.label}
      </button>
      {error && <span role="alert">{error}</span>}
    </span>
  );
}

/** Month options: this month and the 23 before it. */
function recentMonths(today: string): string[] {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  return Array.from({ length: 24 }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    return d.toISOString().slice(0, 7);
  });
}

/** One alert's evidence in words a person can check. */
export function alertText(kind: string, e: Record<string, unknown>, currency: string): string {
  if (kind === 'aov-falling') {
    const months = e.months as { month: string; orders: number; averageOrderValue: number }[];
    return (
      months
        .map(
          (m) =>
            `${monthLabel(m.month)} ${formatMoney(Math.round(m.averageOrderValue), currency)} (${m.orders} orders)`,
        )
        .join(' → ') + `: down ${pct(e.drop as number)}`
    );
  }
  if (kind === 'drying-up') {
    if (e.reason === 'overdue')
      return `Usually every ${e.medianGapDays} days; last visit ${formatDay(e.lastVisit as string)}, ${e.daysSinceLast} days ago (overdue after ${e.overdueAfterDays}); ${e.visits} visits since ${formatDay(e.firstVisit as string)}`;
    return `Visits slowing: recent gaps ${(e.recentGapDays as number[]).join(', ')} days (mean ${(e.recentMeanGapDays as number).toFixed(1)}) against a usual ${e.medianGapDays}; last visit ${formatDay(e.lastVisit as string)}`;
  }
  return `Stopped buying ${e.category}: bought it on ${(e.categoryDaysPerBucket as number[]).join(', ')} days per period from ${formatDay(e.baselineFrom as string)} to ${formatDay(e.baselineTo as string)}, last on ${formatDay(e.lastCategoryPurchase as string)} (${e.daysSinceCategory} days ago) while still visiting ${e.recentVisits} times since ${formatDay(e.recentFrom as string)} (${(e.recentCategories as string[]).join(', ') || 'other things'})`;
}

const KIND_LABEL: Record<string, string> = {
  'aov-falling': 'Average order value falling',
  'drying-up': 'A regular’s visits drying up',
  'category-dropped': 'Stopped buying a product range',
};

const COHORT_COLORS = ['#1d4ed8', '#047857', '#b45309', '#7c3aed', '#be123c', '#0f766e'];

/** The monthly review: trend alerts with their evidence, 80/20, value segments, cohort curves, and why people left. */
export function Review() {
  const [month, setMonth] = useState<string | null>(null);
  const { data, error } = useLoad(
    () => call(client.GET('/api/retention/review', { params: { query: month ? { month } : {} } })),
    [month],
  );
  const why = useLoad(() => call(client.GET('/api/retention/why')), []);
  const cohortChart = useMemo(() => {
    if (!data) return null;
    const cohorts = data.cohorts.filter((c) => c.size > 0).slice(-6);
    const len = Math.min(13, Math.max(0, ...cohorts.map((c) => c.rates.length)));
    return {
      labels: Array.from({ length: len }, (_, i) => `Month ${i}`),
      series: cohorts.map((c, i) => ({
        label: `${monthLabel(c.cohort)} (${c.size})`,
        values: Array.from({ length: len }, (_, k) =>
          k < c.rates.length ? Math.round(c.rates[k] * 1000) / 10 : 0,
        ),
        color: COHORT_COLORS[i % COHORT_COLORS.length],
        kind: 'line' as const,
        format: (n: number) => `${n} %`,
      })),
    };
  }, [data]);
  if (error)
    return (
      <>
        <PageHead title="Monthly review" />
        <Notice kind="error">{describeError(error)}</Notice>
      </>
    );
  if (!data || !cohortChart)
    return (
      <>
        <PageHead title="Monthly review" />
        <p class="muted">Loading…</p>
      </>
    );
  const cur = data.currency;
  const alerts = [
    ...data.alerts.aovFallingBusiness.map((a) => ({ ...a, name: 'The whole business' })),
    ...data.alerts.aovFallingCustomers,
    ...data.alerts.dryingUp,
    ...data.alerts.categoryDropped,
  ].map((a, i) => ({
    key: `${a.kind}-${a.customerId ?? 'all'}-${i}`,
    kind: a.kind,
    who: a.name ?? a.customerId ?? '',
    text: alertText(a.kind, a.evidence as unknown as Record<string, unknown>, cur),
  }));
  return (
    <>
      <PageHead title="Monthly review">
        {monthLabel(data.month)}, as of {formatDay(data.asOf)}
      </PageHead>
      <SelectField
        label="Month"
        name="month"
        value={data.month}
        onValue={setMonth}
        options={recentMonths(data.asOf).map((m) => ({ value: m, label: monthLabel(m) }))}
      />
      <ul class="kpis" aria-label="The month at a glance">
        <li data-testid="review-alerts">
          <span class="kpi-label">Alerts</span>
          <span class="kpi-value">{alerts.length.toLocaleString()}</span>
        </li>
        <li data-testid="review-share">
          <span class="kpi-label">Revenue from the top 20 % of customers</span>
          <span class="kpi-value">{pct(data.concentration.share)}</span>
        </li>
        <li data-testid="review-customers">
          <span class="kpi-label">Customers in the last 12 months</span>
          <span class="kpi-value">{data.concentration.customers.toLocaleString()}</span>
        </li>
      </ul>
      <Section title="Alerts of the month" id="alerts" wide>
        <DataTable
          caption="Worrying trends, with the evidence that triggered each"
          testId="alerts-table"
          rows={alerts}
          rowKey={(a) => a.key}
          pageSize={20}
          empty="No worrying trend this month."
          columns={[
            { key: 'kind', label: 'Trend', render: (a) => KIND_LABEL[a.kind] ?? a.kind, sort: (a) => a.kind },
            { key: 'who', label: 'Who', render: (a) => a.who, sort: (a) => a.who.toLowerCase() },
            { key: 'evidence', label: 'Evidence', render: (a) => a.text },
          ]}
        />
        <p class="actions">
          <CsvButton
            path="/api/retention/review/alerts.csv"
            query={{ month: data.month }}
            label="Alerts as CSV"
            file={`alerts-${data.month}.csv`}
          />
        </p>
      </Section>
      <Section title="Who brings the revenue (80/20 and value segments)" id="segments">
        <p data-testid="concentration">
          The top {data.concentration.topCustomers.toLocaleString()} of{' '}
          {data.concentration.customers.toLocaleString()} customers brought{' '}
          <Money minor={data.concentration.topValue} currency={cur} /> of{' '}
          <Money minor={data.concentration.totalValue} currency={cur} /> ({pct(data.concentration.share)}) in
          the 12 months to {formatDay(data.asOf)}.
        </p>
        <DataTable
          caption="Customers by lifetime value"
          testId="segments-table"
          rows={data.segments}
          rowKey={(s) => s.name}
          empty="No customer has bought yet."
          columns={[
            { key: 'name', label: 'Segment', render: (s) => s.name },
            {
              key: 'customers',
              label: 'Customers',
              render: (s) => s.customers.toLocaleString(),
              numeric: true,
            },
            {
              key: 'value',
              label: 'Lifetime value',
              render: (s) => <Money minor={s.totalValue} currency={cur} />,
              numeric: true,
            },
            { key: 'share', label: 'Share', render: (s) => pct(s.valueShare), numeric: true },
          ]}
        />
        <p class="actions">
          <CsvButton
            path="/api/retention/review/segments.csv"
            query={{ month: data.month }}
            label="Segments as CSV"
            file={`segments-${data.month}.csv`}
          />
        </p>
      </Section>
      <Section title="Cohorts: who is still coming, by the month they joined" id="cohorts" wide>
        <div class="charts">
          <Chart
            title="Share of each cohort buying in each month since joining (%), the last 6 cohorts"
            labels={cohortChart.labels}
            series={cohortChart.series}
            testId="chart-cohorts"
            labelHeading="Since joining"
          />
        </div>
        <p class="actions">
          <CsvButton
            path="/api/retention/review/cohorts.csv"
            query={{ month: data.month }}
            label="Cohorts as CSV"
            file={`cohorts-${data.month}.csv`}
          />
        </p>
      </Section>
      <Section title="Why customers left" id="why">
        {why.error ? (
          <Notice kind="error">{describeError(why.error)}</Notice>
        ) : !why.data ? (
          <p class="muted">Loading…</p>
        ) : (
          <>
            <p data-testid="why-summary">
              {why.data.called} customers called from {formatDay(why.data.from)} to {formatDay(why.data.to)},{' '}
              {why.data.reached} reached; {why.data.wonBack} won back ({pct(why.data.wonBackRate)}).
            </p>
            <DataTable
              caption="Reasons given"
              testId="why-table"
              rows={why.data.reasons}
              rowKey={(r) => r.reason}
              empty="No reason recorded yet: record calls on the Customers at risk page."
              columns={[
                { key: 'reason', label: 'Reason', render: (r) => r.reason.replace(/_/g, ' ') },
                { key: 'customers', label: 'Customers', render: (r) => r.customers, numeric: true },
                { key: 'share', label: 'Share', render: (r) => pct(r.share), numeric: true },
                { key: 'texts', label: 'In their words', render: (r) => r.texts.slice(0, 3).join(' · ') },
              ]}
            />
          </>
        )}
      </Section>
      <Section title="How these are worked out" id="definition">
        <p data-testid="review-definition">{data.definition}</p>
      </Section>
    </>
  );
}

export type { Review as ReviewData };
