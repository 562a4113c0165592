import { useState } from 'preact/hooks';
import { ApiError, describeError } from '../../api';
import { formatDate, formatDateTime, formatMoney } from '../../ui';
import { call, client, fieldErrors, newKey, type Schemas } from '../api';
import { CheckField, DataTable, Field, Notice, SelectField, useLoad } from '../components';
import { currency, timeZone, zonedMidnight } from '../state';
import { clubStatusText } from './club';

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

/** Set a tier by hand: a floor with a reason and an end date (owners and managers; audited). */
export function ManualTier(props: { memberId: string; onDone: () => void }) {
  const programs = useLoad(() => call(client.GET('/api/tiers/program')), []);
  const [f, setF] = useState({ tierId: '', reason: '', until: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const tiers = (
    (programs.data?.current?.program as { tiers?: { id: string; name: string }[] } | undefined)?.tiers ?? []
  ).slice(1);
  if (!programs.data?.current || tiers.length === 0) return null;
  const tierId = f.tierId || tiers[0]!.id;

  async function submit(e: Event) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (f.reason.trim().length < 3) errs.reason = 'Say why (at least 3 characters), e.g. “Status match”.';
    if (!f.until) errs.until = 'Choose the last day it holds.';
    setErrors(errs);
    setNote(null);
    if (Object.keys(errs).length) return;
    // Holds through the chosen day where the shop is: it ends at the next local midnight.
    const next = new Date(`${f.until}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const until = new Date(zonedMidnight(next.toISOString().slice(0, 10), timeZone()));
    try {
      await call(
        client.POST('/api/members/{id}/tier/manual', {
          params: { path: { id: props.memberId } },
          body: { tierId, reason: f.reason.trim(), until: until.toISOString() },
        }),
      );
      const name = tiers.find((t) => t.id === tierId)?.name ?? tierId;
      setNote({ kind: 'ok', text: `At least ${name} until ${formatDate(`${f.until}T12:00:00`)}.` });
      setF({ tierId: '', reason: '', until: '' });
      props.onDone();
    } catch (err) {
      setErrors(fieldErrors(err));
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  return (
    <form onSubmit={submit} noValidate data-testid="manual-tier">
      <h3>Set a tier by hand</h3>
      <p class="hint">A floor, never a ceiling: if the member earns more, they get more.</p>
      {note && <Notice kind={note.kind}>{note.text}</Notice>}
      <SelectField
        label="At least"
        name="manualTier"
        value={tierId}
        onValue={(v) => setF({ ...f, tierId: v })}
        error={errors.tierId}
        options={tiers.map((t) => ({ value: t.id, label: t.name }))}
      />
      <Field
        label="Reason"
        name="manualReason"
        required
        maxLength={200}
        value={f.reason}
        onValue={(v) => setF({ ...f, reason: v })}
        error={errors.reason}
      />
      <Field
        label="Holds through"
        name="manualUntil"
        type="date"
        required
        value={f.until}
        onValue={(v) => setF({ ...f, until: v })}
        error={errors.until}
      />
      <div class="actions">
        <button class="primary" type="submit">
          Set tier
        </button>
      </div>
    </form>
  );
}

/** The member's club membership, with the action their club allows (opt-in, fee, invitation, end). */
export function MemberClub(props: { memberId: string; onDone: () => void }) {
  const id = props.memberId;
  const club = useLoad(() => call(client.GET('/api/club')), []);
  const m = useLoad(() => call(client.GET('/api/members/{id}/club', { params: { path: { id } } })), [id]);
  const [agreed, setAgreed] = useState(false);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [invite, setInvite] = useState<Schemas['ClubInvitationView'] | null>(null);
  if (club.data && !club.data.club) return <p data-testid="club-none">This business has no club.</p>;
  if (m.error) return <Notice kind="error">{describeError(m.error)}</Notice>;
  if (!m.data || !club.data) return <p class="muted">Loading…</p>;
  const v = m.data;
  const def = club.data.club as { access: { kind: string; fee?: number } };
  const cur = currency();

  async function act(what: () => Promise<unknown>, ok: string) {
    setNote(null);
    try {
      await what();
      setNote({ kind: 'ok', text: ok });
      m.reload();
      props.onDone();
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }
  const path = { params: { path: { id } } };
  return (
    <div data-testid="member-club">
      {note && <Notice kind={note.kind}>{note.text}</Notice>}
      <dl class="facts">
        <div>
          <dt>{v.clubName}</dt>
          <dd data-testid="club-status">{clubStatusText(v.status)}</dd>
        </div>
        {v.since && (
          <div>
            <dt>Since</dt>
            <dd>{formatDate(v.since)}</dd>
          </div>
        )}
        {v.lastDay && (
          <div>
            <dt>Paid until</dt>
            <dd data-testid="club-until">{formatDate(`${v.lastDay}T12:00:00Z`)}</dd>
          </div>
        )}
        {v.consent && (
          <div>
            <dt>Consent</dt>
            <dd>
              “{v.consent.wording}” ({v.consent.source}, {formatDateTime(v.consent.at)})
            </dd>
          </div>
        )}
      </dl>
      {def.access.kind === 'open' && !v.active && club.data.consentWording && (
        <div>
          <p>Read this to the member: “{club.data.consentWording}”</p>
          <CheckField
            label="The member agreed to this wording"
            name="clubAgreed"
            checked={agreed}
            onValue={setAgreed}
          />
          <button
            type="button"
            class="primary"
            disabled={!agreed}
            onClick={() =>
              act(
                () =>
                  call(
                    client.POST('/api/members/{id}/club/opt-in', {
                      ...path,
                      body: { consentWording: club.data!.consentWording!, source: 'console' },
                    }),
                  ),
                'Joined the club.',
              )
            }
          >
            Record opt-in
          </button>
        </div>
      )}
      {def.access.kind === 'paid' && (
        <button
          type="button"
          class="primary"
          onClick={() =>
            act(
              () =>
                call(
                  client.POST('/api/members/{id}/club/payments', {
                    ...path,
                    body: { transactionId: newKey('club-fee') },
                  }),
                ),
              v.active ? 'Renewed: the term is extended.' : 'Fee taken: the membership runs.',
            )
          }
        >
          {v.active ? 'Renew' : 'Take the fee'} ({formatMoney(def.access.fee ?? 0, cur)})
        </button>
      )}
      {def.access.kind === 'invitation' && !v.active && (
        <button
          type="button"
          class="primary"
          onClick={() =>
            act(async () => {
              setInvite(await call(client.POST('/api/members/{id}/club/invitations', path)));
            }, 'Invitation created.')
          }
        >
          Create invitation
        </button>
      )}
      {invite && (
        <p data-testid="club-invite">
          Code <strong>{invite.code}</strong>, valid until {formatDateTime(invite.expiresAt)}. Link:{' '}
          <code>{`${location.origin}${invite.link}`}</code>
        </p>
      )}
      {v.active && (
        <button
          type="button"
          class="secondary"
          onClick={() =>
            act(() => call(client.POST('/api/members/{id}/club/cancel', path)), 'Membership ended.')
          }
        >
          End membership
        </button>
      )}
    </div>
  );
}
