import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../api';
import { benefitText, formatMoney, formatPoints, parseMoney } from '../../ui';
import { call, client, fieldErrors, type Schemas } from '../api';
import { CheckField, DataTable, Field, Notice, PageHead, Section, SelectField, useLoad } from '../components';
import { normalise } from '../program';
import { currency } from '../state';
import { session } from '../session';

type Reward = Schemas['RewardView'];

const POLICIES = [
  { value: 'clamp', label: 'Take back the points that are left (never below zero)' },
  { value: 'allow_negative', label: 'Take back all the points (the balance may go below zero)' },
  { value: 'refuse', label: 'Refuse the return at the counter' },
];

/**
 * Rewards (what points or a full stamp card buy: a free item from the product list, an
 * amount or a percentage off) and the return policy.
 */
export function Rewards() {
  const rewards = useLoad(() => call(client.GET('/api/rewards')), []);
  const rules = useLoad(() => call(client.GET('/api/rules')), []);
  const products = useLoad(
    () => call(client.GET('/api/products', { params: { query: { active: 'true' } } })),
    [],
  );
  const cur = currency();
  const cards = rules.data ? normalise(rules.data.current.ruleSet).stampCards : [];
  const items = products.data?.items ?? [];
  const blank = {
    name: '',
    costKind: 'points',
    points: '100',
    cardId: '',
    benefit: 'free_item',
    sku: '',
    amount: '',
    percent: '10',
    maxAmount: '',
  };
  const [f, setF] = useState(blank);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    if (!f.cardId && cards[0]) setF((x) => ({ ...x, cardId: cards[0].id }));
    if (!f.sku && items[0]) setF((x) => ({ ...x, sku: items[0].sku }));
  }, [cards.length, items.length]);

  const cardName = (id: string) => cards.find((c) => c.id === id)?.name ?? id;
  const costText = (r: Reward) => {
    const c = r.cost as { kind: string; points?: number; cardId?: string };
    return c.kind === 'points' ? formatPoints(c.points ?? 0) : `a full ${cardName(c.cardId ?? '')}`;
  };

  async function add(e: Event) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!f.name.trim()) errs.name = 'Name the reward as members will see it, e.g. "Free flat white".';
    const points = Number(f.points);
    if (f.costKind === 'points' && !(Number.isInteger(points) && points >= 1))
      errs.points = 'Enter a whole number of points, 1 or more.';
    if (f.costKind === 'stamp_card' && !f.cardId)
      errs.cardId = 'Add a stamp card on the Reward program page and publish it first.';
    let benefit: Record<string, unknown> | null = null;
    if (f.benefit === 'free_item') {
      const p = items.find((x) => x.sku === f.sku);
      if (!p) errs.sku = 'Choose the product it gives; add it on the Products page first.';
      else benefit = { kind: 'free_item', sku: p.sku, description: p.name, maxValue: p.price };
    } else if (f.benefit === 'amount_off') {
      const a = parseMoney(f.amount, cur);
      if (a === null || a < 1) errs.amount = `Enter the amount off in ${cur}, e.g. 2.50.`;
      else benefit = { kind: 'amount_off', amount: a };
    } else {
      const pct = Number(f.percent.replace(',', '.'));
      const max = f.maxAmount.trim() ? parseMoney(f.maxAmount, cur) : null;
      if (!(pct > 0 && pct <= 100)) errs.percent = 'Enter a percentage between 0 and 100, e.g. 10.';
      if (f.maxAmount.trim() && (max === null || max < 1))
        errs.maxAmount = `Enter an amount in ${cur}, or leave it empty.`;
      if (!errs.percent && !errs.maxAmount)
        benefit = {
          kind: 'percent_off',
          basisPoints: Math.round(pct * 100),
          maxAmount: max,
          rounding: 'floor',
        };
    }
    setErrors(errs);
    if (Object.keys(errs).length || !benefit) return;
    setNote(null);
    try {
      const r = await call(
        client.POST('/api/rewards', {
          body: {
            name: f.name.trim(),
            cost:
              f.costKind === 'points' ? { kind: 'points', points } : { kind: 'stamp_card', cardId: f.cardId },
            benefit,
            active: true,
          },
        }),
      );
      setNote({ kind: 'ok', text: `${r.name} added: members can use it at the counter now.` });
      setF({ ...blank, cardId: f.cardId, sku: f.sku });
      rewards.reload();
    } catch (err) {
      setErrors(fieldErrors(err));
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  async function setActive(r: Reward, active: boolean) {
    setNote(null);
    try {
      await call(client.PATCH('/api/rewards/{id}', { params: { path: { id: r.id } }, body: { active } }));
      setNote({
        kind: 'ok',
        text: active ? `${r.name} is offered again.` : `${r.name} is no longer offered.`,
      });
      rewards.reload();
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  return (
    <>
      <PageHead title="Rewards" />
      {note && (
        <Notice kind={note.kind} testId="rewards-note">
          {note.text}
        </Notice>
      )}
      <Section title="Rewards members can choose" id="reward-list" wide>
        {rewards.error ? <Notice kind="error">{describeError(rewards.error)}</Notice> : null}
        {rewards.data && (
          <DataTable
            caption="Rewards"
            testId="rewards-table"
            rows={rewards.data.items}
            rowKey={(r) => r.id}
            empty="No rewards yet."
            columns={[
              { key: 'name', label: 'Reward', render: (r) => r.name, sort: (r) => r.name.toLowerCase() },
              { key: 'cost', label: 'Costs', render: costText },
              { key: 'benefit', label: 'Gives', render: (r) => benefitText(r.benefit, cur) },
              { key: 'active', label: 'Offered', render: (r) => (r.active ? 'Yes' : 'No') },
              {
                key: 'actions',
                label: 'Actions',
                render: (r) => (
                  <button
                    type="button"
                    class="secondary"
                    aria-label={`${r.active ? 'Stop offering' : 'Offer again'} ${r.name}`}
                    onClick={() => void setActive(r, !r.active)}
                  >
                    {r.active ? 'Stop offering' : 'Offer again'}
                  </button>
                ),
              },
            ]}
          />
        )}
      </Section>
      <Section title="Add a reward" id="reward-form">
        <form onSubmit={add} noValidate data-testid="reward-form">
          <Field
            label="Name"
            name="rewardName"
            maxLength={100}
            value={f.name}
            onValue={(v) => setF({ ...f, name: v })}
            error={errors.name}
          />
          <SelectField
            label="Costs"
            name="costKind"
            value={f.costKind}
            options={[
              { value: 'points', label: 'Points' },
              { value: 'stamp_card', label: 'A full stamp card' },
            ]}
            onValue={(v) => setF({ ...f, costKind: v })}
          />
          {f.costKind === 'points' ? (
            <Field
              label="Points"
              name="costPoints"
              inputMode="numeric"
              value={f.points}
              onValue={(v) => setF({ ...f, points: v })}
              error={errors.points}
            />
          ) : cards.length ? (
            <SelectField
              label="Stamp card"
              name="cardId"
              value={f.cardId}
              options={cards.map((c) => ({ value: c.id, label: `${c.name} (${c.cardSize} stamps)` }))}
              onValue={(v) => setF({ ...f, cardId: v })}
              error={errors.cardId}
            />
          ) : (
            <Notice kind="info">
              There is no stamp card in force yet: add one on the <a href="#/program">Reward program</a> page
              and publish it.
            </Notice>
          )}
          <SelectField
            label="Gives"
            name="benefitKind"
            value={f.benefit}
            options={[
              { value: 'free_item', label: 'A free product' },
              { value: 'amount_off', label: 'An amount off' },
              { value: 'percent_off', label: 'A percentage off' },
            ]}
            onValue={(v) => setF({ ...f, benefit: v })}
          />
          {f.benefit === 'free_item' &&
            (items.length ? (
              <SelectField
                label="Product"
                name="sku"
                value={f.sku}
                options={items.map((p) => ({
                  value: p.sku,
                  label: `${p.name} (${formatMoney(p.price, cur)})`,
                }))}
                onValue={(v) => setF({ ...f, sku: v })}
                error={errors.sku}
              />
            ) : (
              <Notice kind="info">
                Add products on the <a href="#/products">Products</a> page first.
              </Notice>
            ))}
          {f.benefit === 'amount_off' && (
            <Field
              label={`Amount off (${cur})`}
              name="amount"
              inputMode="decimal"
              value={f.amount}
              onValue={(v) => setF({ ...f, amount: v })}
              error={errors.amount}
            />
          )}
          {f.benefit === 'percent_off' && (
            <>
              <Field
                label="Percent off"
                name="percent"
                inputMode="decimal"
                value={f.percent}
                onValue={(v) => setF({ ...f, percent: v })}
                error={errors.percent}
              />
              <Field
                label={`At most (${cur})`}
                name="maxAmount"
                inputMode="decimal"
                hint="Empty = no limit."
                value={f.maxAmount}
                onValue={(v) => setF({ ...f, maxAmount: v })}
                error={errors.maxAmount}
              />
            </>
          )}
          <div class="actions">
            <button type="submit" class="primary">
              Add reward
            </button>
          </div>
        </form>
      </Section>
      <ReturnPolicy />
    </>
  );
}

/** What a return does to points and rewards (GET/PATCH /api/program; changing it is for the owner). */
function ReturnPolicy() {
  const program = useLoad(() => call(client.GET('/api/program')), []);
  const [f, setF] = useState<{ reversalPolicy: string; restoreRewardsOnReturn: boolean } | null>(null);
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const owner = session.value?.staff.role === 'owner';
  useEffect(() => {
    if (program.data) setF({ ...program.data });
  }, [program.data]);
  async function save(e: Event) {
    e.preventDefault();
    if (!f) return;
    try {
      await call(
        client.PATCH('/api/program', {
          body: {
            reversalPolicy: f.reversalPolicy as Schemas['ProgramView']['reversalPolicy'],
            restoreRewardsOnReturn: f.restoreRewardsOnReturn,
          },
        }),
      );
      setNote({ kind: 'ok', text: 'The return policy is saved; it applies to the next return.' });
      program.reload();
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }
  return (
    <Section title="Returns" id="returns">
      {program.error ? <Notice kind="error">{describeError(program.error)}</Notice> : null}
      {note && (
        <Notice kind={note.kind} testId="returns-note">
          {note.text}
        </Notice>
      )}
      {f && (
        <form onSubmit={save} noValidate>
          <SelectField
            label="When the points of a returned purchase were already spent"
            name="reversalPolicy"
            value={f.reversalPolicy}
            options={POLICIES}
            onValue={(v) => setF({ ...f, reversalPolicy: v })}
          />
          <CheckField
            label="Give back rewards used on a purchase that is fully returned"
            name="restoreRewards"
            checked={f.restoreRewardsOnReturn}
            onValue={(v) => setF({ ...f, restoreRewardsOnReturn: v })}
          />
          {owner ? (
            <div class="actions">
              <button type="submit" class="primary">
                Save return policy
              </button>
            </div>
          ) : (
            <p class="hint">Only the owner can change the return policy.</p>
          )}
        </form>
      )}
    </Section>
  );
}
