import { useMemo } from 'preact/hooks';
import { describeError } from '../../api';
import { formatMoney } from '../../ui';
import { call, client } from '../api';
import { Chart, DataTable, Money, Notice, PageHead, Section, useLoad } from '../components';
import { formatDay } from './at-risk';

/** "2026-01" → "Jan 2026" (the same month wherever the browser is). */
export function monthLabel(month: string): string {
  const d = new Date(`${month}-15T12:00:00Z`);
  return d.toLocaleDateString(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** Customers lost in the last 12 months: count by month (chart and numbers), the definition, the list. */
export function Lost() {
  const { data, error } = useLoad(() => call(client.GET('/api/retention/lost')), []);
  const chart = useMemo(() => {
    if (!data) return null;
    return {
      labels: data.months.map((m) => monthLabel(m.month)),
      series: [
        {
          label: 'Lost customers',
          values: data.months.map((m) => m.lost),
          color: '#c2410c',
          kind: 'bar' as const,
        },
        {
          label: 'Their monthly value',
          values: data.months.map((m) => m.monthlyValue),
          color: '#1d4ed8',
          kind: 'line' as const,
          right: true,
          format: (n: number) => formatMoney(n, data.currency),
        },
      ],
    };
  }, [data]);
  if (error)
    return (
      <>
        <PageHead title="Lost customers" />
        <Notice kind="error">{describeError(error)}</Notice>
      </>
    );
  if (!data || !chart)
    return (
      <>
        <PageHead title="Lost customers" />
        <p class="muted">Loading…</p>
      </>
    );
  const cur = data.currency;
  return (
    <>
      <PageHead title="Lost customers">As of {formatDay(data.asOf)}</PageHead>
      <ul class="kpis" aria-label="Totals of the 12 months">
        <li data-testid="lost-total">
          <span class="kpi-label">Lost in 12 months</span>
          <span class="kpi-value">{data.totals.lost.toLocaleString()}</span>
        </li>
        <li data-testid="lost-monthly">
          <span class="kpi-label">Their monthly value</span>
          <span class="kpi-value">
            <Money minor={data.totals.monthlyValue} currency={cur} />
          </span>
        </li>
        <li data-testid="lost-future">
          <span class="kpi-label">Expected value of the next 12 months</span>
          <span class="kpi-value">
            <Money minor={data.totals.futureValue} currency={cur} />
          </span>
        </li>
      </ul>
      <div class="charts">
        <Chart
          title={`Customers lost by month (their monthly value in ${cur})`}
          labels={chart.labels}
          series={chart.series}
          testId="chart-lost"
          labelHeading="Month"
        />
      </div>
      <Section title="What “lost” means" id="definition">
        <p data-testid="lost-definition">{data.definition}</p>
        {data.modelReasons.length > 0 && (
          <>
            <p>Expected values use the simple estimate because:</p>
            <ul data-testid="lost-model-reasons">
              {data.modelReasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </>
        )}
      </Section>
      <Section title="The customers" id="lost-list" wide>
        <DataTable
          caption="Lost customers, highest expected value first"
          testId="lost-table"
          rows={data.customers}
          rowKey={(c) => c.customerId}
          pageSize={20}
          empty="No customer was lost in these 12 months."
          columns={[
            { key: 'name', label: 'Customer', render: (c) => c.name, sort: (c) => c.name.toLowerCase() },
            { key: 'last', label: 'Last visit', render: (c) => formatDay(c.lastDay), sort: (c) => c.lastDay },
            { key: 'lost', label: 'Lost on', render: (c) => formatDay(c.lostOn), sort: (c) => c.lostOn },
            { key: 'visits', label: 'Visits', render: (c) => c.visits, numeric: true, sort: (c) => c.visits },
            {
              key: 'spend',
              label: 'Total spend',
              render: (c) => <Money minor={c.totalSpend} currency={cur} />,
              numeric: true,
              sort: (c) => c.totalSpend,
            },
            {
              key: 'monthly',
              label: 'Monthly value',
              render: (c) => <Money minor={c.monthlyValue} currency={cur} />,
              numeric: true,
              sort: (c) => c.monthlyValue,
            },
            {
              key: 'future',
              label: 'Expected 12 months',
              render: (c) => (
                <span title={c.arithmetic}>
                  <Money minor={c.futureValue} currency={cur} />
                </span>
              ),
              numeric: true,
              sort: (c) => c.futureValue,
            },
          ]}
        />
      </Section>
    </>
  );
}
