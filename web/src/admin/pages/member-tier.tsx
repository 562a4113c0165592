import { ApiError, describeError } from '../../api';
import { formatDate, formatDateTime } from '../../ui';
import { call, client, type Schemas } from '../api';
import { DataTable, Notice, useLoad } from '../components';

type TierView = Schemas['MemberTierView'];
type HistoryRow = Schemas['TierHistoryView'];

/** Why a member's tier changed, in words (the library's transition reasons). */
const REASONS: Record<string, string> = {
  joined: 'Joined',
  reached: 'Reached the threshold',
  program_changed: 'Tier program changed',
  kept: 'Kept for another period',
  downgraded: 'Moved down at period end',
  returned: 'A return took it away',
  manual: 'Set by hand',
  manual_ended: 'Set-by-hand period ended',
};

export function reasonText(reason: string): string {
  return REASONS[reason] ?? reason;
}

/** The API's progress line as a sentence: capital first letter, full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const s = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

/** Tier names by id from every program version (newest wins), so history rows show names. */
function tierNames(programs: Schemas['TierProgramsView'] | null): Map<string, string> {
  const names = new Map<string, string>();
  for (const v of [...(programs?.versions ?? [])].reverse()) {
    const tiers = (v.program as { tiers?: { id: string; name: string }[] }).tiers ?? [];
    for (const t of tiers) names.set(t.id, t.name);
  }
  return names;
}

/** The member's tier: current tier and when it ends, progress as sentences, and the tier history. */
export function MemberTier(props: { memberId: string; version: number }) {
  const id = props.memberId;
  const tier = useLoad(
    () => call(client.GET('/api/members/{id}/tier', { params: { path: { id } } })),
    [id, props.version],
  );
  const programs = useLoad(() => call(client.GET('/api/tiers/program')), [props.version]);
  if (tier.error) {
    // The member exists (this page loaded it): a 404 here means no tier program is in force.
    if (tier.error instanceof ApiError && tier.error.status === 404)
      return <p data-testid="tier-none">This business has no tier program in force.</p>;
    return <Notice kind="error">{describeError(tier.error)}</Notice>;
  }
  if (!tier.data) return <p class="muted">Loading…</p>;
  return <TierDetails data={tier.data} names={tierNames(programs.data)} />;
}

function TierDetails({ data, names }: { data: TierView; names: Map<string, string> }) {
  const name = (id: string | null) => (id === null ? '—' : (names.get(id) ?? id));
  const rows = (data.history ?? []).map((h, i) => ({ ...h, key: `${h.at}-${i}` }));
  return (
    <>
      <dl class="facts">
        <div>
          <dt>Tier</dt>
          <dd data-testid="tier-name">{data.name}</dd>
        </div>
        <div>
          <dt>Since</dt>
          <dd>{data.since ? formatDate(data.since) : '—'}</dd>
        </div>
        <div>
          <dt>Ends (unless kept)</dt>
          <dd data-testid="tier-until">{data.until ? formatDateTime(data.until) : 'Open-ended'}</dd>
        </div>
      </dl>
      {data.progress.length > 0 && (
        <>
          <h3>Progress</h3>
          <ul class="plain" data-testid="tier-progress">
            {data.progress.map((p) => (
              <li key={`${p.kind}-${p.tierId}`}>{sentence(p.text)}</li>
            ))}
          </ul>
        </>
      )}
      <h3>Tier history</h3>
      <DataTable<HistoryRow & { key: string }>
        caption="Tier history"
        testId="tier-history-table"
        rows={rows}
        rowKey={(h) => h.key}
        empty="No tier changes yet."
        columns={[
          { key: 'at', label: 'When', render: (h) => formatDateTime(h.at), sort: (h) => h.at },
          { key: 'from', label: 'From', render: (h) => name(h.from) },
          { key: 'to', label: 'To', render: (h) => name(h.to) },
          { key: 'reason', label: 'Reason', render: (h) => reasonText(h.reason) },
          {
            key: 'version',
            label: 'Program version',
            numeric: true,
            render: (h) => String(h.programVersion),
            sort: (h) => h.programVersion,
          },
        ]}
      />
    </>
  );
}
