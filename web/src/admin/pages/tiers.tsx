import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../api';
import { currencyDigits, formatDateTime, parseMoney } from '../../ui';
import { call, client, fieldErrors, type Schemas } from '../api';
import { CheckField, DataTable, Field, Notice, PageHead, Section, SelectField, useLoad } from '../components';
import { href } from '../router';
import { currency, timeZone, zonedMidnight } from '../state';

type Basis = 'points' | 'spend' | 'visits';

interface TierDraft {
  id: string;
  name: string;
  reach: string;
  keep: string;
  multiplier: string;
  reachBonus: string;
  birthdayBonus: string;
  rewardIds: string[];
  /** Published in an earlier version: it can be renamed and changed, not removed. */
  existing: boolean;
}

interface Draft {
  basis: Basis;
  window: 'calendar_year' | 'rolling_months' | 'anniversary';
  months: string;
  holdPeriods: string;
  downgrade: 'one_step' | 'recompute';
  graceDays: string;
  returnsCanDowngrade: boolean;
  skus: string;
  categories: string;
  tiers: TierDraft[];
  effectiveFrom: string;
}

interface Program {
  basis: Basis;
  window: { kind: Draft['window']; months?: number };
  exclusions: { skus: string[]; categories: string[] };
  holdPeriods: number;
  downgrade: Draft['downgrade'];
  graceDays: number;
  returnsCanDowngrade: boolean;
  tiers: {
    id: string;
    name: string;
    reach: number;
    keep: number;
    benefits: {
      multiplierBp: number;
      rewardIds: string[];
      reachBonusPoints: number;
      birthdayBonusPoints: number;
    };
  }[];
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'tier';

/** A threshold as the owner types it: money for spend, whole numbers for points and visits. */
function thresholdText(v: number, basis: Basis, cur: string): string {
  if (basis !== 'spend') return String(v);
  const digits = currencyDigits(cur);
  return (v / 10 ** digits).toFixed(digits);
}

function parseThreshold(text: string, basis: Basis, cur: string): number | null {
  if (basis === 'spend') return parseMoney(text, cur);
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null;
}

function toDraft(p: Program | null, cur: string): Draft {
  const base: Program = p ?? {
    basis: 'spend',
    window: { kind: 'calendar_year' },
    exclusions: { skus: [], categories: [] },
    holdPeriods: 1,
    downgrade: 'one_step',
    graceDays: 0,
    returnsCanDowngrade: false,
    tiers: [
      {
        id: 'member',
        name: 'Member',
        reach: 0,
        keep: 0,
        benefits: { multiplierBp: 10000, rewardIds: [], reachBonusPoints: 0, birthdayBonusPoints: 0 },
      },
    ],
  };
  return {
    basis: base.basis,
    window: base.window.kind,
    months: String(base.window.months ?? 12),
    holdPeriods: String(base.holdPeriods),
    downgrade: base.downgrade,
    graceDays: String(base.graceDays),
    returnsCanDowngrade: base.returnsCanDowngrade,
    skus: base.exclusions.skus.join(', '),
    categories: base.exclusions.categories.join(', '),
    effectiveFrom: '',
    tiers: base.tiers.map((t) => ({
      id: t.id,
      name: t.name,
      reach: thresholdText(t.reach, base.basis, cur),
      keep: thresholdText(t.keep, base.basis, cur),
      multiplier: (t.benefits.multiplierBp / 10000).toString(),
      reachBonus: String(t.benefits.reachBonusPoints),
      birthdayBonus: String(t.benefits.birthdayBonusPoints),
      rewardIds: t.benefits.rewardIds,
      existing: p !== null,
    })),
  };
}

/** The draft as the API's program, or the fields in error. */
function toProgram(d: Draft, cur: string): { program?: Program; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const int = (v: string, key: string, min = 0) => {
    if (!/^\d{1,9}$/.test(v.trim()) || Number(v) < min)
      errors[key] = `Enter a whole number of at least ${min}.`;
    return Number(v);
  };
  const tiers = d.tiers.map((t, i) => {
    if (!t.name.trim()) errors[`tiers.${i}.name`] = 'Enter the tier’s name.';
    const reach = i === 0 ? 0 : parseThreshold(t.reach, d.basis, cur);
    const keep = i === 0 ? 0 : parseThreshold(t.keep, d.basis, cur);
    if (reach === null)
      errors[`tiers.${i}.reach`] =
        d.basis === 'spend' ? 'Enter an amount, e.g. 100.00.' : 'Enter a whole number.';
    if (keep === null)
      errors[`tiers.${i}.keep`] =
        d.basis === 'spend' ? 'Enter an amount, e.g. 80.00.' : 'Enter a whole number.';
    const m = Number(t.multiplier.replace(',', '.'));
    if (!Number.isFinite(m) || m < 1 || m > 10)
      errors[`tiers.${i}.multiplier`] = 'Enter a factor from 1 to 10, e.g. 1.25.';
    return {
      id: t.id,
      name: t.name.trim(),
      reach: reach ?? 0,
      keep: keep ?? 0,
      benefits: {
        multiplierBp: Math.round(m * 10000),
        rewardIds: t.rewardIds,
        reachBonusPoints: int(t.reachBonus, `tiers.${i}.reachBonus`),
        birthdayBonusPoints: int(t.birthdayBonus, `tiers.${i}.birthdayBonus`),
      },
    };
  });
  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const program: Program = {
    basis: d.basis,
    window:
      d.window === 'rolling_months'
        ? { kind: d.window, months: int(d.months, 'months', 1) }
        : { kind: d.window },
    exclusions: { skus: list(d.skus), categories: list(d.categories) },
    holdPeriods: int(d.holdPeriods, 'holdPeriods', 1),
    downgrade: d.downgrade,
    graceDays: int(d.graceDays, 'graceDays'),
    returnsCanDowngrade: d.returnsCanDowngrade,
    tiers,
  };
  return Object.keys(errors).length ? { errors } : { program, errors };
}

/** Tier program: edit the tiers and rules, preview who moves, publish a new version from a date. */
export function Tiers() {
  const cur = currency();
  const programs = useLoad(() => call(client.GET('/api/tiers/program')), []);
  const rewards = useLoad(() => call(client.GET('/api/rewards')), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [preview, setPreview] = useState<Schemas['TierPreviewView'] | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (programs.data && !draft)
      setDraft(toDraft((programs.data.versions[0]?.program as unknown as Program | undefined) ?? null, cur));
  }, [programs.data]);

  if (programs.error) return <Notice kind="error">{describeError(programs.error)}</Notice>;
  if (!programs.data || !draft) return <p class="muted">Loading the tier program…</p>;
  const d = draft;
  const set = (patch: Partial<Draft>) => {
    setDraft({ ...d, ...patch });
    setPreview(null);
  };
  const setTier = (i: number, patch: Partial<TierDraft>) =>
    set({ tiers: d.tiers.map((t, j) => (j === i ? { ...t, ...patch } : t)) });
  const unit = d.basis === 'spend' ? cur : d.basis === 'points' ? 'points' : 'visits';
  const names = new Map(d.tiers.map((t) => [t.id, t.name]));

  function build() {
    const r = toProgram(d, cur);
    setErrors(r.errors);
    if (!r.program) setNote({ kind: 'error', text: 'Check the fields marked below.' });
    return r.program;
  }

  async function runPreview() {
    const program = build();
    if (!program) return;
    setBusy(true);
    setNote(null);
    try {
      setPreview(
        await call(
          client.POST('/api/tiers/preview', {
            body: { program: program as unknown as Record<string, unknown>, limit: 50 },
          }),
        ),
      );
    } catch (e) {
      setErrors(fieldErrors(e));
      setNote({ kind: 'error', text: describeError(e) });
    } finally {
      setBusy(false);
    }
  }

  async function publish(e: Event) {
    e.preventDefault();
    const program = build();
    if (!program) return;
    setBusy(true);
    setNote(null);
    try {
      const from = d.effectiveFrom ? zonedMidnight(d.effectiveFrom, timeZone()) : undefined;
      const v = await call(
        client.PUT('/api/tiers/program', {
          body: {
            program: program as unknown as Record<string, unknown>,
            ...(from ? { effectiveFrom: from } : {}),
          },
        }),
      );
      setNote({
        kind: 'ok',
        text: `Version ${v.version} published, in force from ${formatDateTime(v.effectiveFrom)}.`,
      });
      setDraft({ ...d, effectiveFrom: '', tiers: d.tiers.map((t) => ({ ...t, existing: true })) });
      programs.reload();
    } catch (err) {
      setErrors(fieldErrors(err));
      setNote({ kind: 'error', text: describeError(err) });
    } finally {
      setBusy(false);
    }
  }

  const current = programs.data.current;
  return (
    <>
      <PageHead title="Tiers">
        <span class="badge" data-testid="tier-version">
          {current ? `Version ${current.version} in force` : 'No tier program yet'}
        </span>
      </PageHead>
      {note && (
        <Notice kind={note.kind} testId="tiers-note">
          {note.text}
        </Notice>
      )}
      <form onSubmit={publish} noValidate>
        <Section title="How members qualify" id="qualify">
          <SelectField
            label="Qualifies on"
            name="basis"
            value={d.basis}
            onValue={(v) => set({ basis: v as Basis })}
            options={[
              { value: 'spend', label: 'Net spend (purchases minus returns)' },
              { value: 'points', label: 'Points earned (never the balance)' },
              { value: 'visits', label: 'Visits (purchases)' },
            ]}
          />
          <SelectField
            label="Counting window"
            name="window"
            value={d.window}
            onValue={(v) => set({ window: v as Draft['window'] })}
            options={[
              { value: 'calendar_year', label: 'Calendar year' },
              { value: 'rolling_months', label: 'Rolling months' },
              { value: 'anniversary', label: 'Membership year (from the join date)' },
            ]}
          />
          {d.window === 'rolling_months' && (
            <Field
              label="Months in the window"
              name="months"
              inputMode="numeric"
              value={d.months}
              onValue={(v) => set({ months: v })}
              error={errors.months}
            />
          )}
          <Field
            label="A tier reached holds for this many following periods"
            name="holdPeriods"
            inputMode="numeric"
            value={d.holdPeriods}
            onValue={(v) => set({ holdPeriods: v })}
            error={errors.holdPeriods}
          />
          <SelectField
            label="At the review, a member who missed the keep threshold"
            name="downgrade"
            value={d.downgrade}
            onValue={(v) => set({ downgrade: v as Draft['downgrade'] })}
            options={[
              { value: 'one_step', label: 'Drops one tier' },
              { value: 'recompute', label: 'Gets the highest tier whose keep threshold was met' },
            ]}
          />
          <Field
            label="Grace days before the review"
            name="graceDays"
            inputMode="numeric"
            value={d.graceDays}
            onValue={(v) => set({ graceDays: v })}
            error={errors.graceDays}
          />
          <CheckField
            label="A return can take away a tier reached this period"
            name="returnsCanDowngrade"
            checked={d.returnsCanDowngrade}
            onValue={(v) => set({ returnsCanDowngrade: v })}
          />
          <Field
            label="Products that never qualify (SKUs, comma-separated)"
            name="skus"
            value={d.skus}
            onValue={(v) => set({ skus: v })}
            hint="For example gift cards and deposits."
          />
          <Field
            label="Categories that never qualify (comma-separated)"
            name="categories"
            value={d.categories}
            onValue={(v) => set({ categories: v })}
          />
        </Section>
        <Section title="Tiers, lowest first" id="tier-list" wide>
          {d.tiers.map((t, i) => (
            <fieldset class="tier-edit" key={i} data-testid={`tier-${i}`}>
              <legend>
                {i === 0 ? 'Base tier (everyone)' : `Tier ${i + 1}`}
                {t.name ? `: ${t.name}` : ''}
              </legend>
              <Field
                label="Name"
                name={`tier-${i}-name`}
                required
                maxLength={80}
                value={t.name}
                onValue={(v) => setTier(i, { name: v, ...(t.existing || i === 0 ? {} : { id: slug(v) }) })}
                error={errors[`tiers.${i}.name`]}
              />
              {i > 0 && (
                <>
                  <Field
                    label={`To reach (${unit})`}
                    name={`tier-${i}-reach`}
                    inputMode="decimal"
                    value={t.reach}
                    onValue={(v) => setTier(i, { reach: v })}
                    error={errors[`tiers.${i}.reach`]}
                  />
                  <Field
                    label={`To keep (${unit})`}
                    name={`tier-${i}-keep`}
                    inputMode="decimal"
                    value={t.keep}
                    onValue={(v) => setTier(i, { keep: v })}
                    error={errors[`tiers.${i}.keep`]}
                  />
                </>
              )}
              <Field
                label="Points multiplier (1 = none)"
                name={`tier-${i}-multiplier`}
                inputMode="decimal"
                value={t.multiplier}
                onValue={(v) => setTier(i, { multiplier: v })}
                error={errors[`tiers.${i}.multiplier`]}
              />
              <Field
                label="Bonus points on reaching it"
                name={`tier-${i}-reachBonus`}
                inputMode="numeric"
                value={t.reachBonus}
                onValue={(v) => setTier(i, { reachBonus: v })}
                error={errors[`tiers.${i}.reachBonus`]}
              />
              <Field
                label="Birthday bonus points"
                name={`tier-${i}-birthdayBonus`}
                inputMode="numeric"
                value={t.birthdayBonus}
                onValue={(v) => setTier(i, { birthdayBonus: v })}
                error={errors[`tiers.${i}.birthdayBonus`]}
              />
              {(rewards.data?.items.length ?? 0) > 0 && (
                <fieldset class="checks">
                  <legend>Rewards only for this tier and above</legend>
                  {rewards
                    .data!.items.filter((r) => r.active)
                    .map((r) => (
                      <CheckField
                        key={r.id}
                        label={r.name}
                        name={`tier-${i}-reward-${r.id}`}
                        checked={t.rewardIds.includes(r.id)}
                        onValue={(on) =>
                          setTier(i, {
                            rewardIds: on ? [...t.rewardIds, r.id] : t.rewardIds.filter((x) => x !== r.id),
                          })
                        }
                      />
                    ))}
                </fieldset>
              )}
              {!t.existing && i > 0 && (
                <button
                  type="button"
                  class="secondary"
                  onClick={() => set({ tiers: d.tiers.filter((_, j) => j !== i) })}
                >
                  Remove {t.name || 'this tier'}
                </button>
              )}
            </fieldset>
          ))}
          <button
            type="button"
            class="secondary"
            onClick={() =>
              set({
                tiers: [
                  ...d.tiers,
                  {
                    id: `tier-${d.tiers.length + 1}`,
                    name: '',
                    reach: '',
                    keep: '',
                    multiplier: '1',
                    reachBonus: '0',
                    birthdayBonus: '0',
                    rewardIds: [],
                    existing: false,
                  },
                ],
              })
            }
          >
            Add a tier
          </button>
          <p class="hint">Published tiers can be renamed and changed but not removed or reordered.</p>
        </Section>
        <Section title="Preview and publish" id="publish" wide>
          <Field
            label="In force from (empty: now)"
            name="effectiveFrom"
            type="date"
            value={d.effectiveFrom}
            onValue={(v) => set({ effectiveFrom: v })}
            error={errors.effectiveFrom}
            hint={`From midnight (${timeZone()}) of that day; never in the past: a new version starts now or later.`}
          />
          <div class="actions">
            <button type="button" class="secondary" disabled={busy} onClick={runPreview}>
              Preview who moves
            </button>
            <button type="submit" class="primary" disabled={busy}>
              Publish new version
            </button>
          </div>
          {preview && <PreviewTable preview={preview} names={names} />}
        </Section>
      </form>
      <Section title="Versions" id="versions" wide>
        <DataTable
          caption="Tier program versions"
          testId="tier-versions"
          rows={programs.data.versions}
          rowKey={(v) => String(v.version)}
          empty="No version published yet."
          columns={[
            { key: 'version', label: 'Version', numeric: true, render: (v) => String(v.version) },
            { key: 'from', label: 'In force from', render: (v) => formatDateTime(v.effectiveFrom) },
            { key: 'created', label: 'Published', render: (v) => formatDateTime(v.createdAt) },
            {
              key: 'tiers',
              label: 'Tiers',
              render: (v) =>
                ((v.program as { tiers?: { name: string }[] }).tiers ?? []).map((t) => t.name).join(' → '),
            },
          ]}
        />
      </Section>
    </>
  );
}

function PreviewTable(props: { preview: Schemas['TierPreviewView']; names: Map<string, string> }) {
  const p = props.preview;
  const name = (id: string | null) => (id === null ? '—' : (props.names.get(id) ?? id));
  // In the draft's tier order (lowest first), then any tier only the current program has.
  const ids = [...new Set([...props.names.keys(), ...Object.keys(p.current), ...Object.keys(p.proposed)])];
  return (
    <div data-testid="tier-preview">
      <p role="status">
        {p.up} would move up, {p.down} down, {p.unchanged} unchanged. Nothing is saved until you publish.
      </p>
      <DataTable
        caption="Members per tier"
        rows={ids.map((id) => ({ id, now: p.current[id] ?? 0, proposed: p.proposed[id] ?? 0 }))}
        rowKey={(r) => r.id}
        columns={[
          { key: 'tier', label: 'Tier', render: (r) => name(r.id) },
          { key: 'now', label: 'Now', numeric: true, render: (r) => String(r.now) },
          { key: 'proposed', label: 'With this draft', numeric: true, render: (r) => String(r.proposed) },
        ]}
      />
      <DataTable
        caption="Who would move"
        testId="tier-movers"
        rows={p.moves}
        rowKey={(m) => m.memberId}
        empty="Nobody would change tier."
        columns={[
          {
            key: 'member',
            label: 'Member',
            render: (m) => (
              <a href={href('members', m.memberId)}>
                {m.name} (No. {m.memberNumber})
              </a>
            ),
          },
          { key: 'from', label: 'From', render: (m) => name(m.from) },
          { key: 'to', label: 'To', render: (m) => name(m.to) },
          { key: 'dir', label: 'Direction', render: (m) => (m.direction === 'up' ? 'Up' : 'Down') },
        ]}
      />
    </div>
  );
}
