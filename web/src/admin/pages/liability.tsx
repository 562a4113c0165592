import { useMemo } from 'preact/hooks';
import { describeError } from '../../api';
import { call, client } from '../api';
import { Chart, DataTable, Money, Notice, PageHead, Section, useLoad } from '../components';
import { formatDay } from './at-risk';
import { monthLabel } from './lost';
import { CsvButton } from './review';

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);

/** Redemptions and the points liability: what is redeemed, what the points owed are worth, breakage, program cost. */
export function Liability() {
  const program = useLoad(() => call(client.GET('/api/retention/program')), []);
  const red = useLoad(() => call(client.GET('/api/retention/redemptions')), []);
  const chart = useMemo(() => {
    if (!red.data) return null;
    const months = [...new Set(red.data.months.map((m) => m.month))].sort();
    return {
      labels: months.map(monthLabel),
      series: [
        {
          label: 'Redemptions',
          values: months.map((mo) =>
            red.data!.months.filter((m) => m.month === mo).reduce((s, m) => s + m.redemptions, 0),
          ),
          color: '#047857',
          kind: 'bar' as const,
        },
      ],
    };
  }, [red.data]);
  const error = program.error ?? red.error;
  if (error)
    return (
      <>
        <PageHead title="Redemptions and liability" />
        <Notice kind="error">{describeError(error)}</Notice>
      </>
    );
  if (!program.data || !red.data || !chart)
    return (
      <>
        <PageHead title="Redemptions and liability" />
        <p class="muted">Loading…</p>
      </>
    );
  const p = program.data;
  const r = red.data;
  const cur = p.currency;
  return (
    <>
      <PageHead title="Redemptions and liability">As of {formatDay(p.asOf)}</PageHead>
      <ul class="kpis" aria-label="Points owed and what the program costs">
        <li data-testid="kpi-liability">
          <span class="kpi-label">Points owed ({p.outstanding.points.toLocaleString()} points)</span>
          <span class="kpi-value">
            {p.liability.value === null ? '–' : <Money minor={p.liability.value} currency={cur} />}
          </span>
        </li>
        <li data-testid="kpi-expected">
          <span class="kpi-label">Expected to be redeemed</span>
          <span class="kpi-value">
            {p.expectedRedemption.value === null ? (
              '–'
            ) : (
              <Money minor={p.expectedRedemption.value} currency={cur} />
            )}
          </span>
        </li>
        <li data-testid="kpi-breakage">
          <span class="kpi-label">Breakage (expired unused)</span>
          <span class="kpi-value">{pct(p.breakage.rate)}</span>
        </li>
        <li data-testid="kpi-cost">
          <span class="kpi-label">Program cost / member revenue</span>
          <span class="kpi-value">{pct(p.cost.costShare)}</span>
        </li>
      </ul>
      <Section title="The arithmetic" id="arithmetic">
        <dl class="facts" data-testid="liability-facts">
          <dt>Value of a point</dt>
          <dd>{p.pointValue.explanation}</dd>
          <dt>Points owed</dt>
          <dd>{p.liability.arithmetic}</dd>
          <dt>Breakage</dt>
          <dd>
            {p.breakage.expired.toLocaleString()} of {p.breakage.lapsedIssued.toLocaleString()} points whose
            expiry date has passed expired unused ({pct(p.breakage.rate)})
          </dd>
          <dt>Expected redemption</dt>
          <dd>{p.expectedRedemption.arithmetic}</dd>
          <dt>Program cost</dt>
          <dd>
            <Money minor={p.cost.money} currency={cur} /> given away in {p.cost.redemptions.toLocaleString()}{' '}
            redemptions from {formatDay(p.from)} to {formatDay(p.to)}, against{' '}
            <Money minor={p.cost.memberRevenue} currency={cur} /> spent by {p.cost.members.toLocaleString()}{' '}
            members
          </dd>
        </dl>
        <p class="actions">
          <CsvButton path="/api/retention/program.csv" label="These figures as CSV" file="program-cost.csv" />
        </p>
      </Section>
      <Section title="Redemptions per month" id="redemptions" wide>
        <div class="charts">
          <Chart
            title="Redemptions per month, last 12 months"
            labels={chart.labels}
            series={chart.series}
            testId="chart-redemptions"
            labelHeading="Month"
          />
        </div>
        <DataTable
          caption="Redemptions per month and reward"
          testId="redemptions-table"
          rows={r.months}
          rowKey={(m) => `${m.month}-${m.rewardId}`}
          pageSize={24}
          empty="Nothing was redeemed in the last 12 months."
          columns={[
            { key: 'month', label: 'Month', render: (m) => monthLabel(m.month), sort: (m) => m.month },
            { key: 'reward', label: 'Reward', render: (m) => m.rewardName, sort: (m) => m.rewardName },
            {
              key: 'n',
              label: 'Redemptions',
              render: (m) => m.redemptions,
              numeric: true,
              sort: (m) => m.redemptions,
            },
            { key: 'cost', label: 'Points or stamps', render: (m) => m.cost.toLocaleString(), numeric: true },
          ]}
        />
        <p class="actions">
          <CsvButton
            path="/api/retention/redemptions.csv"
            label="Redemptions as CSV"
            file="redemptions.csv"
          />
        </p>
      </Section>
      <Section title="Do redeemers stay?" id="redeemers">
        <DataTable
          caption="Redeemers against members who never redeemed"
          testId="groups-table"
          rows={r.groups}
          rowKey={(g) => g.group}
          empty="No member has bought yet."
          columns={[
            {
              key: 'group',
              label: 'Members',
              render: (g) => (g.group === 'redeemers' ? 'Redeemers' : 'Never redeemed'),
            },
            { key: 'n', label: 'Count', render: (g) => g.customers.toLocaleString(), numeric: true },
            {
              key: 'active',
              label: 'Bought in the last 90 days',
              render: (g) => pct(g.activeShare),
              numeric: true,
            },
            {
              key: 'freq',
              label: 'Visits a month',
              render: (g) => g.visitsPerMonth.toFixed(2),
              numeric: true,
            },
          ]}
        />
        <p data-testid="first-redemption">
          {r.firstRedemption.customers === 0
            ? 'No first redemption is 90 days old yet.'
            : `${r.firstRedemption.customers} members: ${r.firstRedemption.visitsBefore.toFixed(2)} visit days in the 90 days before their first redemption, ${r.firstRedemption.visitsAfter.toFixed(2)} in the 90 days from it.`}
        </p>
      </Section>
      <Section title="How these are worked out" id="definition">
        <p>{p.definition}</p>
        <p>{r.definition}</p>
      </Section>
    </>
  );
}
