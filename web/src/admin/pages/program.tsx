import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../api';
import { formatDateTime, formatMoney, parseMoney } from '../../ui';
import { call, client, fieldErrors, type Schemas } from '../api';
import { CheckField, DataTable, Field, Notice, PageHead, Section, SelectField, useLoad } from '../components';
import {
  calendar,
  matcherText,
  nextId,
  normalise,
  previewSentence,
  promotionText,
  ruleSetSummary,
  startOfDay,
  WEEKDAYS,
  type IsoWeekday,
  type LineMatcher,
  type Promotion,
  type RoundingMode,
  type RuleSet,
  type StampCard,
} from '../program';
import { business, currency } from '../state';

type Product = Schemas['ProductView'];
type Preview = Schemas['RulePreviewView'];

const ROUNDING: { value: RoundingMode; label: string }[] = [
  { value: 'floor', label: 'Round down' },
  { value: 'round_half_up', label: 'Round to the nearest' },
  { value: 'ceil', label: 'Round up' },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayLabel = (date: string, withMonth: boolean) =>
  withMonth
    ? `${Number(date.slice(8))} ${MONTHS[Number(date.slice(5, 7)) - 1]}`
    : String(Number(date.slice(8)));

/**
 * The coming four weeks: a month grid on wider screens, and on a phone a list of the
 * days with a promotion (a seven-column grid is unreadable at 390 px).
 */
function PromotionCalendar({ weeks }: { weeks: ReturnType<typeof calendar> }) {
  const days = weeks.flat();
  const busy = days.filter((d) => d.promotions.length > 0);
  return (
    <div class="promo-calendar" data-testid="promo-calendar">
      <h3 id="promo-cal-h">Promotions in the coming four weeks (draft)</h3>
      <table class="calendar" aria-labelledby="promo-cal-h">
        <thead>
          <tr>
            {WEEKDAYS.map((d) => (
              <th scope="col" key={d.day}>
                <abbr title={d.long}>{d.short}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((w, wi) => (
            <tr key={w[0].date}>
              {w.map((d, di) => (
                <td key={d.date} class={d.today ? 'today' : undefined} data-date={d.date}>
                  <span class="day">
                    {dayLabel(d.date, (wi === 0 && di === 0) || d.date.endsWith('-01'))}
                    {d.today ? <span class="sr-only"> (today)</span> : null}
                  </span>
                  {d.promotions.map((p) => (
                    <span class="promo" key={p.id}>
                      {p.name}
                    </span>
                  ))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <ul class="agenda" aria-labelledby="promo-cal-h">
        {busy.length === 0 && <li class="muted">No promotion runs in these four weeks.</li>}
        {busy.map((d) => (
          <li key={d.date}>
            <strong>
              {WEEKDAYS[d.weekday - 1].short} {dayLabel(d.date, true)}
              {d.today ? ' (today)' : ''}
            </strong>
            : {d.promotions.map((p) => p.name).join(', ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

const money = (minor: number, cur: string) => formatMoney(minor, cur).replace(/[^\d.,]/g, '');
const whole = (s: string, min: number, max: number) => {
  const t = s.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
};

/**
 * The reward program: points rule, multipliers, exclusions, promotions (with a calendar
 * of the coming weeks), stamp cards (drawn as cards), expiry and pending periods. Edits
 * make a draft; "Preview" replays the last 30 days under it (members by name), and only a
 * previewed draft can be published as the next version. The version history is below.
 */
export function Program() {
  const rules = useLoad(() => call(client.GET('/api/rules')), []);
  const products = useLoad(() => call(client.GET('/api/products')), []);
  const [draft, setDraft] = useState<RuleSet | null>(null);
  const [preview, setPreview] = useState<{ of: string; result: Preview } | null>(null);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // Bumped when the draft is discarded: the sections' own field texts start again from the rules.
  const [rev, setRev] = useState(0);
  const cur = currency();
  const tz = business.value?.timeZone ?? 'UTC';

  useEffect(() => {
    if (rules.data && !draft) setDraft(normalise(rules.data.current.ruleSet));
  }, [rules.data]);

  if (rules.error || products.error)
    return (
      <>
        <PageHead title="Reward program" />
        <Notice kind="error">{describeError(rules.error ?? products.error)}</Notice>
      </>
    );
  if (!draft || !rules.data || !products.data)
    return (
      <>
        <PageHead title="Reward program" />
        <p class="muted">Loading…</p>
      </>
    );

  const items = products.data.items;
  const productName = (sku: string) => items.find((p) => p.sku === sku)?.name ?? sku;
  const current = normalise(rules.data.current.ruleSet);
  const changed = JSON.stringify(draft) !== JSON.stringify(current);
  const previewed = preview?.of === JSON.stringify(draft);
  const update = (next: RuleSet) => {
    setDraft(next);
    setNote(null);
  };

  async function runPreview() {
    setBusy(true);
    setNote(null);
    try {
      const of = JSON.stringify(draft);
      const result = await call(
        client.POST('/api/rules/preview', {
          body: { ruleSet: draft as unknown as Record<string, unknown>, days: 30, limit: 10 },
        }),
      );
      setPreview({ of, result });
    } catch (err) {
      const f = fieldErrors(err);
      setNote({
        kind: 'error',
        text: Object.keys(f).length
          ? `The rules cannot be used yet: ${Object.entries(f)
              .slice(0, 3)
              .map(([k, v]) => `${k} ${v}`)
              .join('; ')}.`
          : describeError(err),
      });
    } finally {
      setBusy(false);
    }
  }

  async function publish() {
    setBusy(true);
    try {
      const v = await call(
        client.PUT('/api/rules', { body: { ruleSet: draft as unknown as Record<string, unknown> } }),
      );
      setNote({ kind: 'ok', text: `Version ${v.version} is published and in force now.` });
      setPreview(null);
      setDraft(null);
      rules.reload();
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageHead title="Reward program">
        <a class="button secondary" href="#/products">
          Products
        </a>
        <a class="button secondary" href="#/rewards">
          Rewards
        </a>
      </PageHead>
      <p class="muted">
        {rules.data.current.version
          ? `Version ${rules.data.current.version} is in force. Changes below make a draft: preview it, then publish it as a new version.`
          : 'Nothing is published yet: members earn nothing until you publish the first version.'}
      </p>
      {items.length === 0 && (
        <Notice kind="info">
          Add your products first (<a href="#/products">Products</a>): stamp cards, multipliers and exclusions
          are chosen from them.
        </Notice>
      )}
      <PointsSection key={`points-${rev}`} draft={draft} onChange={update} />
      <MultipliersSection draft={draft} onChange={update} products={items} productName={productName} />
      <Section title="Exclusions" id="exclusions">
        <p class="muted small">Chosen items earn no points (stamp cards are not affected).</p>
        <ItemPicker
          legend="Earn no points on"
          products={items}
          value={draft.exclusions}
          onValue={(m) => update({ ...draft, exclusions: m })}
          testId="exclusions"
        />
      </Section>
      <PromotionsSection draft={draft} onChange={update} products={items} productName={productName} tz={tz} />
      <StampCardsSection draft={draft} onChange={update} products={items} productName={productName} />
      <ExpirySection key={`expiry-${rev}`} draft={draft} onChange={update} />

      <Section title="Preview and publish" id="publish" wide>
        {note && (
          <Notice kind={note.kind} testId="program-note">
            {note.text}
          </Notice>
        )}
        {!changed && !note && <p class="muted">No changes to publish.</p>}
        {changed && (
          <p data-testid="draft-summary">
            <strong>Draft:</strong> {ruleSetSummary(draft, cur)}
          </p>
        )}
        {previewed && preview && <PreviewResult p={preview.result} />}
        <div class="actions">
          <button
            type="button"
            class="primary"
            disabled={!changed || busy}
            onClick={() => void runPreview()}
            data-testid="preview"
          >
            Preview the change
          </button>
          <button
            type="button"
            class="primary"
            disabled={!previewed || busy}
            onClick={() => void publish()}
            data-testid="publish"
          >
            Publish as version {(rules.data.versions[0]?.version ?? 0) + 1}
          </button>
          {changed && (
            <button
              type="button"
              class="secondary"
              onClick={() => {
                setDraft(current);
                setPreview(null);
                setRev((r) => r + 1);
              }}
            >
              Discard the draft
            </button>
          )}
        </div>
        {changed && !previewed && (
          <p class="hint">Preview the draft first; publishing is possible after it.</p>
        )}
      </Section>

      <Section title="Version history" id="versions" wide>
        <DataTable
          caption="Published versions"
          testId="versions-table"
          rows={rules.data.versions}
          rowKey={(v) => String(v.version)}
          empty="Nothing published yet."
          columns={[
            {
              key: 'version',
              label: 'Version',
              render: (v) => v.version,
              sort: (v) => v.version,
              numeric: true,
            },
            {
              key: 'from',
              label: 'In force from',
              render: (v) => formatDateTime(v.effectiveFrom),
              sort: (v) => v.effectiveFrom,
            },
            { key: 'by', label: 'Published by', render: (v) => v.createdByName ?? '—' },
            {
              key: 'what',
              label: 'Rules',
              render: (v) => (
                <RuleSetDetails rules={normalise(v.ruleSet)} productName={productName} version={v.version} />
              ),
            },
          ]}
        />
      </Section>
    </>
  );
}

/** A version's rules in full, under its one-line summary (the history is meant to be read). */
function RuleSetDetails(props: { rules: RuleSet; productName: (sku: string) => string; version: number }) {
  const cur = currency();
  const tz = business.value?.timeZone ?? 'UTC';
  const r = props.rules;
  return (
    <details class="version-rules" data-testid={`version-${props.version}`}>
      <summary>{ruleSetSummary(r, cur)}</summary>
      <ul>
        <li>
          Points:{' '}
          {r.points
            ? `${r.points.pointsPer} per ${formatMoney(r.points.perAmount, cur)}, ${ROUNDING.find((x) => x.value === r.points!.rounding)?.label.toLowerCase() ?? r.points.rounding}${r.points.minimumSpend ? `, from ${formatMoney(r.points.minimumSpend, cur)} spent` : ''}`
            : 'none'}
        </li>
        {r.multipliers.map((m) => (
          <li key={m.id}>
            Multiplier {m.name}: ×{m.multiplierBp / 10000} on {matcherText(m.match, props.productName)}
          </li>
        ))}
        {r.exclusions.skus.length + r.exclusions.categories.length > 0 && (
          <li>No points on {matcherText(r.exclusions, props.productName)}</li>
        )}
        {r.promotions.map((p) => (
          <li key={p.id}>
            Promotion {p.name}: {promotionText(p, cur, tz)}; on {matcherText(p.match, props.productName)}
          </li>
        ))}
        {r.stampCards.map((c) => (
          <li key={c.id}>
            Stamp card {c.name}: {c.cardSize} stamps ({c.stampsPerUnit} per item of{' '}
            {matcherText(c.match, props.productName)}) give {c.reward.description}
          </li>
        ))}
        <li>
          {r.pointsExpiry
            ? `Points expire after ${r.pointsExpiry.afterMonths} months`
            : 'Points never expire'}
          ; {r.pendingDays ? `spendable after ${r.pendingDays} days` : 'spendable at once'}
        </li>
      </ul>
    </details>
  );
}

function PreviewResult({ p }: { p: Preview }) {
  return (
    <div class="preview" data-testid="preview-result">
      <p role="status" data-testid="preview-sentence">
        {previewSentence(p)}
      </p>
      {p.changedMembers.length > 0 && (
        <DataTable
          caption="Biggest changes"
          testId="preview-members"
          rows={p.changedMembers}
          rowKey={(m) => m.memberId}
          columns={[
            {
              key: 'name',
              label: 'Member',
              render: (m) => <a href={`#/members/${m.memberId}`}>{m.memberName || m.memberNumber}</a>,
            },
            { key: 'purchases', label: 'Purchases', numeric: true, render: (m) => m.purchases },
            { key: 'now', label: 'Points now', numeric: true, render: (m) => m.currentPoints },
            { key: 'new', label: 'Points with the draft', numeric: true, render: (m) => m.proposedPoints },
            {
              key: 'delta',
              label: 'Change',
              numeric: true,
              render: (m) => (m.pointsDelta > 0 ? `+${m.pointsDelta}` : m.pointsDelta),
            },
          ]}
        />
      )}
    </div>
  );
}

interface SectionProps {
  draft: RuleSet;
  onChange: (r: RuleSet) => void;
}
interface ProductProps {
  products: Product[];
  productName: (sku: string) => string;
}

function PointsSection({ draft, onChange }: SectionProps) {
  const cur = currency();
  const p = draft.points;
  const [f, setF] = useState({
    pointsPer: String(p?.pointsPer ?? 1),
    perAmount: money(p?.perAmount ?? 100, cur),
    minimumSpend: money(p?.minimumSpend ?? 0, cur),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Apply each edit to the draft when it parses; otherwise say what is wrong next to the field.
  function set(k: keyof typeof f, v: string) {
    const next = { ...f, [k]: v };
    setF(next);
    if (!p) return;
    const pointsPer = whole(next.pointsPer, 1, 1_000_000);
    const perAmount = parseMoney(next.perAmount, cur);
    const minimumSpend = next.minimumSpend.trim() ? parseMoney(next.minimumSpend, cur) : 0;
    const errs: Record<string, string> = {};
    if (pointsPer === null) errs.pointsPer = 'Enter a whole number of points, 1 or more.';
    if (perAmount === null || perAmount < 1) errs.perAmount = `Enter an amount in ${cur}, e.g. 1.00.`;
    if (minimumSpend === null) errs.minimumSpend = `Enter an amount in ${cur}, or 0 for no minimum.`;
    setErrors(errs);
    if (!Object.keys(errs).length)
      onChange({
        ...draft,
        points: { ...p, pointsPer: pointsPer!, perAmount: perAmount!, minimumSpend: minimumSpend! },
      });
  }
  return (
    <Section title="Points" id="points">
      <CheckField
        label="Members earn points on what they spend"
        name="pointsOn"
        checked={!!p}
        onValue={(on) =>
          onChange({
            ...draft,
            points: on
              ? {
                  pointsPer: whole(f.pointsPer, 1, 1_000_000) ?? 1,
                  perAmount: parseMoney(f.perAmount, cur) || 100,
                  rounding: 'floor',
                  minimumSpend: parseMoney(f.minimumSpend, cur) ?? 0,
                }
              : null,
          })
        }
      />
      {p && (
        <div class="form-grid">
          <Field
            label="Points"
            name="pointsPer"
            inputMode="numeric"
            value={f.pointsPer}
            onValue={(v) => set('pointsPer', v)}
            error={errors.pointsPer}
          />
          <Field
            label={`For every (${cur})`}
            name="perAmount"
            inputMode="decimal"
            value={f.perAmount}
            onValue={(v) => set('perAmount', v)}
            error={errors.perAmount}
          />
          <SelectField
            label="Rounding"
            name="rounding"
            value={p.rounding}
            options={ROUNDING}
            onValue={(v) => onChange({ ...draft, points: { ...p, rounding: v as RoundingMode } })}
          />
          <Field
            label={`Minimum spend (${cur})`}
            name="minimumSpend"
            inputMode="decimal"
            hint="0 = every purchase earns."
            value={f.minimumSpend}
            onValue={(v) => set('minimumSpend', v)}
            error={errors.minimumSpend}
          />
        </div>
      )}
    </Section>
  );
}

/** Products and categories to choose from: checkboxes, never a typed category. */
function ItemPicker(props: {
  legend: string;
  products: Product[];
  value: LineMatcher;
  onValue: (m: LineMatcher) => void;
  testId: string;
  error?: string | null;
}) {
  const categories = [
    ...new Set(props.products.map((p) => p.category).filter((c): c is string => !!c)),
  ].sort();
  const toggle = (list: string[], x: string, on: boolean) =>
    on ? [...list.filter((y) => y !== x), x] : list.filter((y) => y !== x);
  // Items chosen before a product was removed from the list stay visible so they can be unticked.
  const strayCats = props.value.categories.filter((c) => !categories.includes(c));
  const straySkus = props.value.skus.filter((s) => !props.products.some((p) => p.sku === s));
  return (
    <fieldset class={props.error ? 'picker invalid' : 'picker'} data-testid={props.testId}>
      <legend>{props.legend}</legend>
      {props.error && <p class="field-error">{props.error}</p>}
      {categories.length + props.products.length === 0 && <p class="muted small">No products yet.</p>}
      {[...categories, ...strayCats].length > 0 && (
        <div class="picker-group">
          <p class="small muted">Whole categories</p>
          {[...categories, ...strayCats].map((c) => (
            <CheckField
              key={`c-${c}`}
              label={`All ${c}`}
              name={`cat-${c}`}
              checked={props.value.categories.includes(c)}
              onValue={(on) =>
                props.onValue({ ...props.value, categories: toggle(props.value.categories, c, on) })
              }
            />
          ))}
        </div>
      )}
      {props.products.length + straySkus.length > 0 && (
        <div class="picker-group">
          <p class="small muted">Single products</p>
          {props.products.map((p) => (
            <CheckField
              key={`s-${p.sku}`}
              label={`${p.name}${p.active ? '' : ' (not on sale)'}`}
              name={`sku-${p.sku}`}
              checked={props.value.skus.includes(p.sku)}
              onValue={(on) => props.onValue({ ...props.value, skus: toggle(props.value.skus, p.sku, on) })}
            />
          ))}
          {straySkus.map((s) => (
            <CheckField
              key={`s-${s}`}
              label={`${s} (not in the product list)`}
              name={`sku-${s}`}
              checked
              onValue={() => props.onValue({ ...props.value, skus: props.value.skus.filter((x) => x !== s) })}
            />
          ))}
        </div>
      )}
    </fieldset>
  );
}

const NONE: LineMatcher = { skus: [], categories: [] };
const picked = (m: LineMatcher) => m.skus.length + m.categories.length > 0;

function MultipliersSection({ draft, onChange, products, productName }: SectionProps & ProductProps) {
  const [f, setF] = useState({ name: '', times: '2', match: NONE });
  const [errors, setErrors] = useState<Record<string, string>>({});
  function add(e: Event) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!f.name.trim()) errs.name = 'Name the multiplier, e.g. "Double points on beans".';
    const times = Number(f.times.replace(',', '.'));
    if (!Number.isFinite(times) || times < 0 || times > 100)
      errs.times = 'Enter how many times the points, between 0 and 100, e.g. 2 or 1.5.';
    if (!picked(f.match)) errs.match = 'Choose the products or categories it applies to.';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    onChange({
      ...draft,
      multipliers: [
        ...draft.multipliers,
        {
          id: nextId('mult', draft.multipliers),
          name: f.name.trim(),
          match: f.match,
          multiplierBp: Math.round(times * 10000),
        },
      ],
    });
    setF({ name: '', times: '2', match: NONE });
  }
  return (
    <Section title="Multipliers" id="multipliers">
      <p class="muted small">More (or fewer) points on some items. The largest applies; they do not stack.</p>
      {draft.multipliers.length > 0 && (
        <ul class="rule-list" data-testid="multipliers">
          {draft.multipliers.map((m) => (
            <li key={m.id}>
              <span>
                <strong>{m.name}</strong>: points ×{m.multiplierBp / 10000} on{' '}
                {matcherText(m.match, productName)}
              </span>
              <button
                type="button"
                class="secondary"
                aria-label={`Remove ${m.name}`}
                onClick={() =>
                  onChange({ ...draft, multipliers: draft.multipliers.filter((x) => x.id !== m.id) })
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} noValidate>
        <h3>Add a multiplier</h3>
        <Field
          label="Name"
          name="multName"
          maxLength={100}
          value={f.name}
          onValue={(v) => setF({ ...f, name: v })}
          error={errors.name}
        />
        <Field
          label="Points ×"
          name="multTimes"
          inputMode="decimal"
          hint="2 = double points, 1.5 = half as much again, 0 = none."
          value={f.times}
          onValue={(v) => setF({ ...f, times: v })}
          error={errors.times}
        />
        <ItemPicker
          legend="Applies to"
          products={products}
          value={f.match}
          onValue={(m) => setF({ ...f, match: m })}
          testId="mult-items"
          error={errors.match}
        />
        <div class="actions">
          <button type="submit" class="secondary">
            Add multiplier to the draft
          </button>
        </div>
      </form>
    </Section>
  );
}

function PromotionsSection({
  draft,
  onChange,
  products,
  productName,
  tz,
}: SectionProps & ProductProps & { tz: string }) {
  const cur = currency();
  const blank = {
    name: '',
    from: '',
    until: '',
    weekdays: [] as IsoWeekday[],
    timeFrom: '',
    timeTo: '',
    effect: 'multiplier',
    value: '2',
    minimumSpend: '',
    match: NONE,
  };
  const [f, setF] = useState(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  function add(e: Event) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!f.name.trim()) errs.name = 'Name the promotion; members see it on their receipt, e.g. "Happy hour".';
    if (f.from && f.until && f.until < f.from) errs.until = 'The last day must be on or after the first day.';
    if (!!f.timeFrom !== !!f.timeTo) errs.timeTo = 'Give both times, or neither for the whole day.';
    else if (f.timeFrom && f.timeTo <= f.timeFrom) errs.timeTo = 'The end time must be after the start time.';
    const n = Number(f.value.replace(',', '.'));
    if (f.effect === 'multiplier' && !(n > 1 && n <= 100))
      errs.value = 'Enter how many times the points, more than 1, e.g. 2 for double points.';
    if (f.effect === 'flat' && !(Number.isInteger(n) && n >= 1 && n <= 1_000_000))
      errs.value = 'Enter a whole number of extra points, 1 or more.';
    const minimumSpend = f.minimumSpend.trim() ? parseMoney(f.minimumSpend, cur) : 0;
    if (minimumSpend === null) errs.minimumSpend = `Enter an amount in ${cur}, or leave it empty.`;
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const next = new Date(`${f.until || '2000-01-01'}T12:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const promo: Promotion = {
      id: nextId('promo', draft.promotions),
      name: f.name.trim(),
      schedule: {
        ...(f.from ? { from: startOfDay(f.from, tz) } : {}),
        ...(f.until ? { until: startOfDay(next.toISOString().slice(0, 10), tz) } : {}),
        ...(f.weekdays.length && f.weekdays.length < 7 ? { weekdays: [...f.weekdays].sort() } : {}),
        ...(f.timeFrom ? { localTime: { from: f.timeFrom, to: f.timeTo } } : {}),
      },
      ...(picked(f.match) ? { match: f.match } : {}),
      minimumSpend: minimumSpend!,
      effect:
        f.effect === 'flat'
          ? { kind: 'flat', points: n }
          : { kind: 'multiplier', multiplierBp: Math.round(n * 10000) },
    };
    onChange({ ...draft, promotions: [...draft.promotions, promo] });
    setF(blank);
  }
  const weeks = calendar(draft.promotions, new Date(), tz, 4);
  return (
    <Section title="Promotions" id="promotions" wide>
      {draft.promotions.length > 0 && (
        <ul class="rule-list" data-testid="promotions">
          {draft.promotions.map((p) => (
            <li key={p.id}>
              <span>
                <strong>{p.name}</strong>: {promotionText(p, cur, tz)}; on {matcherText(p.match, productName)}
              </span>
              <button
                type="button"
                class="secondary"
                aria-label={`Remove ${p.name}`}
                onClick={() =>
                  onChange({ ...draft, promotions: draft.promotions.filter((x) => x.id !== p.id) })
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <PromotionCalendar weeks={weeks} />
      <form onSubmit={add} noValidate>
        <h3>Add a promotion</h3>
        <div class="form-grid">
          <Field
            label="Name"
            name="promoName"
            maxLength={100}
            value={f.name}
            onValue={(v) => setF({ ...f, name: v })}
            error={errors.name}
          />
          <SelectField
            label="What members get"
            name="promoEffect"
            value={f.effect}
            options={[
              { value: 'multiplier', label: 'Points multiplied' },
              { value: 'flat', label: 'Extra points per purchase' },
            ]}
            onValue={(v) => setF({ ...f, effect: v, value: v === 'flat' ? '10' : '2' })}
          />
          <Field
            label={f.effect === 'flat' ? 'Extra points' : 'Points ×'}
            name="promoValue"
            inputMode="decimal"
            value={f.value}
            onValue={(v) => setF({ ...f, value: v })}
            error={errors.value}
          />
          <Field
            label={`Minimum spend (${cur})`}
            name="promoMinimum"
            inputMode="decimal"
            hint="Empty = any purchase."
            value={f.minimumSpend}
            onValue={(v) => setF({ ...f, minimumSpend: v })}
            error={errors.minimumSpend}
          />
          <Field
            label="First day"
            name="promoFrom"
            type="date"
            hint="Empty = from now."
            value={f.from}
            onValue={(v) => setF({ ...f, from: v })}
            error={errors.from}
          />
          <Field
            label="Last day"
            name="promoUntil"
            type="date"
            hint="Empty = no end."
            value={f.until}
            onValue={(v) => setF({ ...f, until: v })}
            error={errors.until}
          />
          <Field
            label="From (time)"
            name="promoTimeFrom"
            type="time"
            hint="Empty = all day."
            value={f.timeFrom}
            onValue={(v) => setF({ ...f, timeFrom: v })}
            error={errors.timeFrom}
          />
          <Field
            label="Until (time)"
            name="promoTimeTo"
            type="time"
            value={f.timeTo}
            onValue={(v) => setF({ ...f, timeTo: v })}
            error={errors.timeTo}
          />
        </div>
        <fieldset class="picker weekdays">
          <legend>Weekdays (none ticked = every day)</legend>
          {WEEKDAYS.map((d) => (
            <CheckField
              key={d.day}
              label={d.long}
              name={`wd-${d.day}`}
              checked={f.weekdays.includes(d.day)}
              onValue={(on) =>
                setF({ ...f, weekdays: on ? [...f.weekdays, d.day] : f.weekdays.filter((x) => x !== d.day) })
              }
            />
          ))}
        </fieldset>
        <ItemPicker
          legend="Only on (none ticked = everything that earns points)"
          products={products}
          value={f.match}
          onValue={(m) => setF({ ...f, match: m })}
          testId="promo-items"
        />
        <div class="actions">
          <button type="submit" class="secondary">
            Add promotion to the draft
          </button>
        </div>
      </form>
    </Section>
  );
}

function StampCardView({
  card,
  productName,
  onRemove,
}: {
  card: StampCard;
  productName: (s: string) => string;
  onRemove: () => void;
}) {
  const shown = Math.min(card.cardSize, 20);
  return (
    <li class="stamp-card" data-testid="stamp-card">
      <h3>{card.name}</h3>
      <div class="stamps" aria-hidden="true">
        {Array.from({ length: shown }, (_, i) => (
          <span key={i} class="stamp" />
        ))}
        {card.cardSize > shown && <span class="more-stamps">+{card.cardSize - shown}</span>}
      </div>
      <p>
        {card.cardSize} stamps fill the card: <strong>{card.reward.description}</strong>
      </p>
      <p class="small">
        {card.stampsPerUnit} stamp{card.stampsPerUnit === 1 ? '' : 's'} per item of:{' '}
        {matcherText(card.match, productName)}
      </p>
      <button type="button" class="secondary" aria-label={`Remove ${card.name}`} onClick={onRemove}>
        Remove
      </button>
    </li>
  );
}

function StampCardsSection({ draft, onChange, products, productName }: SectionProps & ProductProps) {
  const blank = { name: '', size: '10', perUnit: '1', reward: '', match: NONE };
  const [f, setF] = useState(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  function add(e: Event) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const size = whole(f.size, 1, 1000);
    const perUnit = whole(f.perUnit, 1, 100);
    if (!f.name.trim()) errs.name = 'Name the card, e.g. "Coffee card".';
    if (size === null) errs.size = 'Enter how many stamps fill the card, 1 to 1000.';
    if (perUnit === null) errs.perUnit = 'Enter stamps per item, 1 to 100.';
    if (!f.reward.trim()) errs.reward = 'Say what a full card gives, e.g. "A free coffee".';
    if (!picked(f.match)) errs.match = 'Choose the items that earn a stamp.';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const id = nextId('card', draft.stampCards);
    onChange({
      ...draft,
      stampCards: [
        ...draft.stampCards,
        {
          id,
          name: f.name.trim(),
          match: f.match,
          stampsPerUnit: perUnit!,
          cardSize: size!,
          reward: { id: `${id}-reward`, description: f.reward.trim() },
        },
      ],
    });
    setF(blank);
  }
  return (
    <Section title="Stamp cards" id="stampcards" wide>
      {draft.stampCards.length > 0 ? (
        <ul class="stamp-cards">
          {draft.stampCards.map((c) => (
            <StampCardView
              key={c.id}
              card={c}
              productName={productName}
              onRemove={() =>
                onChange({ ...draft, stampCards: draft.stampCards.filter((x) => x.id !== c.id) })
              }
            />
          ))}
        </ul>
      ) : (
        <p class="muted">No stamp cards.</p>
      )}
      <form onSubmit={add} noValidate>
        <h3>Add a stamp card</h3>
        <div class="form-grid">
          <Field
            label="Name"
            name="cardName"
            maxLength={100}
            value={f.name}
            onValue={(v) => setF({ ...f, name: v })}
            error={errors.name}
          />
          <Field
            label="Stamps to fill it"
            name="cardSize"
            inputMode="numeric"
            value={f.size}
            onValue={(v) => setF({ ...f, size: v })}
            error={errors.size}
          />
          <Field
            label="Stamps per item"
            name="cardPerUnit"
            inputMode="numeric"
            value={f.perUnit}
            onValue={(v) => setF({ ...f, perUnit: v })}
            error={errors.perUnit}
          />
          <Field
            label="A full card gives"
            name="cardReward"
            maxLength={200}
            value={f.reward}
            onValue={(v) => setF({ ...f, reward: v })}
            error={errors.reward}
          />
        </div>
        <ItemPicker
          legend="Items that earn a stamp"
          products={products}
          value={f.match}
          onValue={(m) => setF({ ...f, match: m })}
          testId="card-items"
          error={errors.match}
        />
        <div class="actions">
          <button type="submit" class="secondary">
            Add stamp card to the draft
          </button>
        </div>
      </form>
    </Section>
  );
}

function ExpirySection({ draft, onChange }: SectionProps) {
  const [f, setF] = useState({
    months: draft.pointsExpiry ? String(draft.pointsExpiry.afterMonths) : '',
    pending: String(draft.pendingDays),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  function set(next: typeof f) {
    setF(next);
    const months = next.months.trim() ? whole(next.months, 1, 600) : 0;
    const pending = whole(next.pending || '0', 0, 365);
    const errs: Record<string, string> = {};
    if (months === null)
      errs.months = 'Enter whole months (1 to 600), or leave it empty: points never expire.';
    if (pending === null) errs.pending = 'Enter whole days, 0 to 365.';
    setErrors(errs);
    if (Object.keys(errs).length) return;
    onChange({ ...draft, pointsExpiry: months ? { afterMonths: months } : null, pendingDays: pending! });
  }
  return (
    <Section title="Expiry and pending points" id="expiry">
      <Field
        label="Points expire after (months)"
        name="expiryMonths"
        inputMode="numeric"
        hint="Empty = points never expire."
        value={f.months}
        onValue={(v) => set({ ...f, months: v })}
        error={errors.months}
      />
      <Field
        label="Points can be spent after (days)"
        name="pendingDays"
        inputMode="numeric"
        hint="0 = at once; a few days leave time for returns."
        value={f.pending}
        onValue={(v) => set({ ...f, pending: v })}
        error={errors.pending}
      />
    </Section>
  );
}
