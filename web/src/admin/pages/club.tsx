import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../api';
import { currencyDigits, formatDate, formatDateTime, formatMoney, parseMoney } from '../../ui';
import { call, client, fieldErrors, type Schemas } from '../api';
import { CheckField, DataTable, Field, Notice, PageHead, Section, SelectField, useLoad } from '../components';
import { href } from '../router';
import { currency } from '../state';

type Access = 'open' | 'paid' | 'invitation';

interface ClubDef {
  id: string;
  name: string;
  access: { kind: Access; fee?: number; termMonths?: number; inviteValidDays?: number };
  benefits: {
    multiplierBp: number;
    rewardIds: string[];
    reachBonusPoints: number;
    birthdayBonusPoints: number;
  };
}

const STATUS: Record<string, string> = {
  active: 'Member',
  invited: 'Invited',
  lapsed: 'Lapsed (not renewed)',
  left: 'Left',
  refused: 'Refused the invitation',
  cancelled: 'Membership ended',
  none: 'Not a member',
};

export const clubStatusText = (s: string) => STATUS[s] ?? s;

/** The members-only club: how members get in, its benefits, and who is in it. */
export function Club() {
  const cur = currency();
  const settings = useLoad(() => call(client.GET('/api/club')), []);
  const members = useLoad(() => call(client.GET('/api/club/members')).catch(() => ({ items: [] })), []);
  const rewards = useLoad(() => call(client.GET('/api/rewards')), []);
  const [f, setF] = useState({
    name: '',
    access: 'open' as Access,
    fee: '',
    termMonths: '12',
    inviteValidDays: '30',
    consentWording: '',
    membershipSku: 'CLUB-MEMBERSHIP',
    multiplier: '1',
    joinBonus: '0',
    birthdayBonus: '0',
    rewardIds: [] as string[],
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    const c = settings.data?.club as ClubDef | null | undefined;
    if (!c) return;
    const digits = currencyDigits(cur);
    setF({
      name: c.name,
      access: c.access.kind,
      fee: c.access.fee !== undefined ? (c.access.fee / 10 ** digits).toFixed(digits) : '',
      termMonths: String(c.access.termMonths ?? 12),
      inviteValidDays: String(c.access.inviteValidDays ?? 30),
      consentWording: settings.data?.consentWording ?? '',
      membershipSku: settings.data?.membershipSku ?? 'CLUB-MEMBERSHIP',
      multiplier: String(c.benefits.multiplierBp / 10000),
      joinBonus: String(c.benefits.reachBonusPoints),
      birthdayBonus: String(c.benefits.birthdayBonusPoints),
      rewardIds: c.benefits.rewardIds,
    });
  }, [settings.data]);

  async function save(e: Event) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!f.name.trim()) errs.name = 'Enter the club’s name.';
    const fee = parseMoney(f.fee, cur);
    if (f.access === 'paid' && (fee === null || fee < 1)) errs.fee = 'Enter the annual fee, e.g. 25.00.';
    if (f.access === 'open' && f.consentWording.trim().length < 10)
      errs.consentWording = 'Write what members agree to when they join (at least 10 characters).';
    const m = Number(f.multiplier.replace(',', '.'));
    if (!Number.isFinite(m) || m < 1 || m > 10) errs.multiplier = 'Enter a factor from 1 to 10, e.g. 1.1.';
    for (const k of ['termMonths', 'inviteValidDays', 'joinBonus', 'birthdayBonus'] as const)
      if (!/^\d{1,6}$/.test(f[k].trim())) errs[k] = 'Enter a whole number.';
    setErrors(errs);
    setNote(null);
    if (Object.keys(errs).length) return setNote({ kind: 'error', text: 'Check the fields marked below.' });
    const access =
      f.access === 'paid'
        ? { kind: 'paid', fee, termMonths: Number(f.termMonths) }
        : f.access === 'invitation'
          ? { kind: 'invitation', inviteValidDays: Number(f.inviteValidDays) }
          : { kind: 'open' };
    try {
      await call(
        client.PUT('/api/club', {
          body: {
            name: f.name.trim(),
            access,
            benefits: {
              multiplierBp: Math.round(m * 10000),
              rewardIds: f.rewardIds,
              reachBonusPoints: Number(f.joinBonus),
              birthdayBonusPoints: Number(f.birthdayBonus),
            },
            ...(f.access === 'open' ? { consentWording: f.consentWording.trim() } : {}),
            ...(f.access === 'paid' ? { membershipSku: f.membershipSku.trim() } : {}),
          },
        }),
      );
      setNote({ kind: 'ok', text: `${f.name.trim()} saved.` });
      settings.reload();
      members.reload();
    } catch (err) {
      setErrors(fieldErrors(err));
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  if (settings.error) return <Notice kind="error">{describeError(settings.error)}</Notice>;
  if (!settings.data) return <p class="muted">Loading the club…</p>;
  const counts = settings.data.counts;
  const locked = (counts.active ?? 0) + (counts.invited ?? 0) + (counts.lapsed ?? 0) > 0;
  return (
    <>
      <PageHead title="Members-only club">
        <span class="badge" data-testid="club-count">
          {settings.data.club ? `${counts.active ?? 0} members` : 'No club yet'}
        </span>
      </PageHead>
      {note && (
        <Notice kind={note.kind} testId="club-note">
          {note.text}
        </Notice>
      )}
      <Section title="Club settings" id="club-settings">
        <form onSubmit={save} noValidate>
          <Field
            label="Name"
            name="name"
            required
            maxLength={80}
            value={f.name}
            onValue={(v) => setF({ ...f, name: v })}
            error={errors.name}
          />
          <SelectField
            label="How members get in"
            name="access"
            value={f.access}
            onValue={(v) => setF({ ...f, access: v as Access })}
            error={errors.access}
            options={[
              { value: 'open', label: 'Open: members opt in' },
              { value: 'paid', label: 'Paid: an annual fee at the counter' },
              { value: 'invitation', label: 'Invitation only' },
            ]}
          />
          {locked && <p class="hint">The club has members: its access kind can no longer change.</p>}
          {f.access === 'open' && (
            <Field
              label="What members agree to when they join"
              name="consentWording"
              required
              maxLength={500}
              value={f.consentWording}
              onValue={(v) => setF({ ...f, consentWording: v })}
              error={errors.consentWording}
              hint="Shown to the member and recorded with their consent."
            />
          )}
          {f.access === 'paid' && (
            <>
              <Field
                label={`Fee (${cur})`}
                name="fee"
                inputMode="decimal"
                required
                value={f.fee}
                onValue={(v) => setF({ ...f, fee: v })}
                error={errors.fee}
              />
              <Field
                label="Term (months)"
                name="termMonths"
                inputMode="numeric"
                value={f.termMonths}
                onValue={(v) => setF({ ...f, termMonths: v })}
                error={errors.termMonths}
                hint="A renewal extends from the end of the current term."
              />
              <Field
                label="SKU of the membership product at the till"
                name="membershipSku"
                maxLength={64}
                value={f.membershipSku}
                onValue={(v) => setF({ ...f, membershipSku: v })}
                error={errors.membershipSku}
              />
            </>
          )}
          {f.access === 'invitation' && (
            <Field
              label="An invitation is valid for (days)"
              name="inviteValidDays"
              inputMode="numeric"
              value={f.inviteValidDays}
              onValue={(v) => setF({ ...f, inviteValidDays: v })}
              error={errors.inviteValidDays}
            />
          )}
          <Field
            label="Points multiplier (1 = none)"
            name="multiplier"
            inputMode="decimal"
            value={f.multiplier}
            onValue={(v) => setF({ ...f, multiplier: v })}
            error={errors.multiplier}
          />
          <Field
            label="Bonus points on joining"
            name="joinBonus"
            inputMode="numeric"
            value={f.joinBonus}
            onValue={(v) => setF({ ...f, joinBonus: v })}
            error={errors.joinBonus}
          />
          <Field
            label="Birthday bonus points"
            name="birthdayBonus"
            inputMode="numeric"
            value={f.birthdayBonus}
            onValue={(v) => setF({ ...f, birthdayBonus: v })}
            error={errors.birthdayBonus}
          />
          {(rewards.data?.items.length ?? 0) > 0 && (
            <fieldset class="checks">
              <legend>Rewards only for club members</legend>
              {rewards
                .data!.items.filter((r) => r.active)
                .map((r) => (
                  <CheckField
                    key={r.id}
                    label={r.name}
                    name={`club-reward-${r.id}`}
                    checked={f.rewardIds.includes(r.id)}
                    onValue={(on) =>
                      setF({
                        ...f,
                        rewardIds: on ? [...f.rewardIds, r.id] : f.rewardIds.filter((x) => x !== r.id),
                      })
                    }
                  />
                ))}
            </fieldset>
          )}
          <div class="actions">
            <button class="primary" type="submit">
              Save club
            </button>
          </div>
        </form>
      </Section>
      <Section title="Members" id="club-members" wide>
        {settings.data.club && (settings.data.club as unknown as ClubDef).access.kind === 'paid' && (
          <p class="hint">
            The fee of {formatMoney((settings.data.club as unknown as ClubDef).access.fee ?? 0, cur)} is taken
            at the counter on the member’s page or sold at the till as {settings.data.membershipSku}.
          </p>
        )}
        <DataTable<Schemas['ClubMemberItemView']>
          caption="Club members"
          testId="club-members"
          rows={members.data?.items ?? []}
          rowKey={(m) => m.memberId}
          empty="Nobody has joined yet. Invite or enrol members from their page."
          columns={[
            {
              key: 'name',
              label: 'Member',
              render: (m) => (
                <a href={href('members', m.memberId)}>
                  {m.name} (No. {m.memberNumber})
                </a>
              ),
              sort: (m) => m.name.toLowerCase(),
            },
            {
              key: 'status',
              label: 'Status',
              render: (m) => clubStatusText(m.status),
              sort: (m) => m.status,
            },
            { key: 'since', label: 'Since', render: (m) => (m.since ? formatDate(m.since) : '—') },
            {
              key: 'until',
              label: 'Paid until',
              render: (m) => (m.lastDay ? formatDate(`${m.lastDay}T12:00:00Z`) : '—'),
            },
            {
              key: 'invite',
              label: 'Open invitation',
              render: (m) =>
                m.openInvitation
                  ? `${m.openInvitation.code} (until ${formatDateTime(m.openInvitation.expiresAt)})`
                  : '—',
            },
          ]}
        />
      </Section>
    </>
  );
}
