import { useMemo, useState } from 'preact/hooks';
import { describeError } from '../../api';
import { formatMoney } from '../../ui';
import { call, client } from '../api';
import { BarList, Chart, Money, Notice, PageHead, SelectField, useLoad } from '../components';

const COLORS = { green: '#15803d', blue: '#1d4ed8', orange: '#c2410c', purple: '#7e22ce' };

function weekLabel(isoDate: string): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** Members, activity, purchases and revenue, points, stamp cards and rewards over the last 4 to 52 weeks (12 at first). */
export function Dashboard() {
  const [weeks, setWeeks] = useState('12');
  const { data, error } = useLoad(
    () => call(client.GET('/api/dashboard', { params: { query: { weeks: Number(weeks) } } })),
    [weeks],
  );
  const charts = useMemo(() => {
    if (!data) return null;
    const labels = data.weeks.map((w) => weekLabel(w.weekStart));
    const money = (n: number) => formatMoney(n, data.currency);
    return {
      labels,
      members: [
        {
          label: 'New members',
          values: data.weeks.map((w) => w.newMembers),
          color: COLORS.green,
          kind: 'bar' as const,
        },
        {
          label: 'Active members',
          values: data.weeks.map((w) => w.activeMembers),
          color: COLORS.blue,
          kind: 'line' as const,
        },
      ],
      sales: [
        {
          label: 'Purchases',
          values: data.weeks.map((w) => w.purchases),
          color: COLORS.green,
          kind: 'bar' as const,
        },
        {
          label: 'Revenue',
          values: data.weeks.map((w) => w.revenue),
          color: COLORS.orange,
          kind: 'line' as const,
          right: true,
          format: money,
        },
      ],
      points: [
        {
          label: 'Points issued',
          values: data.weeks.map((w) => w.pointsIssued),
          color: COLORS.blue,
          kind: 'line' as const,
        },
        {
          label: 'Points redeemed',
          values: data.weeks.map((w) => w.pointsRedeemed),
          color: COLORS.orange,
          kind: 'line' as const,
        },
      ],
      stamps: [
        {
          label: 'Stamp cards completed',
          values: data.weeks.map((w) => w.stampCardsCompleted),
          color: COLORS.purple,
          kind: 'bar' as const,
        },
      ],
    };
  }, [data]);

  const period = (
    <SelectField
      label="Period"
      name="weeks"
      value={weeks}
      onValue={setWeeks}
      options={[
        { value: '4', label: 'Last 4 weeks' },
        { value: '12', label: 'Last 12 weeks' },
        { value: '26', label: 'Last 26 weeks' },
        { value: '52', label: 'Last 52 weeks' },
      ]}
    />
  );
  if (error) return <Notice kind="error">{describeError(error)}</Notice>;
  if (!data || !charts) return <p class="muted">Loading the dashboard…</p>;
  const thisWeek = data.weeks[data.weeks.length - 1];
  return (
    <>
      <PageHead title="Dashboard">{period}</PageHead>
      <ul class="kpis" aria-label="Key figures">
        <li data-testid="kpi-members">
          <span class="kpi-label">Members</span>
          <span class="kpi-value">{data.totals.members.toLocaleString()}</span>
        </li>
        <li data-testid="kpi-active">
          <span class="kpi-label">Active (30 days)</span>
          <span class="kpi-value">{data.totals.activeMembers30d.toLocaleString()}</span>
        </li>
        <li data-testid="kpi-purchases">
          <span class="kpi-label">Purchases this week</span>
          <span class="kpi-value">{thisWeek.purchases.toLocaleString()}</span>
        </li>
        <li data-testid="kpi-revenue">
          <span class="kpi-label">Revenue this week</span>
          <span class="kpi-value">
            <Money minor={thisWeek.revenue} currency={data.currency} />
          </span>
        </li>
      </ul>
      <div class="charts">
        <Chart
          title="Members by week"
          labels={charts.labels}
          series={charts.members}
          testId="chart-members"
        />
        <Chart
          title={`Purchases and revenue (${data.currency}) by week`}
          labels={charts.labels}
          series={charts.sales}
          testId="chart-sales"
        />
        <Chart
          title="Points issued and redeemed"
          labels={charts.labels}
          series={charts.points}
          testId="chart-points"
        />
        <Chart
          title="Stamp cards completed"
          labels={charts.labels}
          series={charts.stamps}
          testId="chart-stamps"
        />
        <BarList
          title={`Top rewards (${data.weeks.length} weeks)`}
          items={data.topRewards.map((r) => ({ label: r.name, value: r.redemptions }))}
          empty="No rewards redeemed in these weeks."
          testId="chart-rewards"
        />
      </div>
      <p class="muted small">
        Weeks run Monday to Sunday in {data.timeZone}. Revenue is the total of recorded purchases, before
        returns.
      </p>
    </>
  );
}
