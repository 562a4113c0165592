import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../api';
import { benefitText, costText, formatDate, formatDateTime, memberName } from '../../ui';
import { call, client, fieldErrors, newKey, type Schemas } from '../api';
import {
  CheckField,
  DataTable,
  Field,
  Money,
  MoreButton,
  Notice,
  PageHead,
  Section,
  useLoad,
  usePaged,
} from '../components';
import { href } from '../router';
import { ManualTier, MemberClub, MemberTier } from './member-tier';
import { ConsentLog } from './member-consents';
import { currency } from '../state';

type Member = Schemas['MemberView'];

/** One member: profile, card, balances, stamps, manual adjustment, tier, history, purchases, adjustments. */
export function MemberPage(props: { id: string }) {
  const id = props.id;
  const member = useLoad(() => call(client.GET('/api/members/{id}', { params: { path: { id } } })), [id]);
  const loyalty = useLoad(
    () => call(client.GET('/api/members/{id}/loyalty', { params: { path: { id } } })),
    [id],
  );
  const [version, setVersion] = useState(0);
  const refresh = () => {
    loyalty.reload();
    setVersion((v) => v + 1);
  };

  if (member.error) return <Notice kind="error">{describeError(member.error)}</Notice>;
  if (!member.data) return <p class="muted">Loading the member…</p>;
  const m = member.data;
  return (
    <>
      <p class="crumbs">
        <a href={href('members')}>Members</a> › {m.memberNumber}
      </p>
      <PageHead title={memberName(m)}>
        <span class="badge">No. {m.memberNumber}</span>
      </PageHead>
      <div class="grid-2">
        <Section title="Points and stamps" id="balances">
          {loyalty.error ? <Notice kind="error">{describeError(loyalty.error)}</Notice> : null}
          {loyalty.data && <Balances data={loyalty.data} />}
        </Section>
        <Section title="Adjust points" id="adjust">
          <Adjust memberId={id} onDone={refresh} />
        </Section>
        <Section title="Profile" id="profile">
          <Profile member={m} onSaved={() => member.reload()} />
        </Section>
        <Section title="Card" id="card">
          <Card memberId={id} member={m} />
        </Section>
      </div>
      <Section title="Tier" id="tier" wide>
        <MemberTier memberId={id} version={version} />
        <ManualTier memberId={id} onDone={refresh} />
      </Section>
      <Section title="Club" id="club" wide>
        <MemberClub memberId={id} onDone={refresh} />
      </Section>
      <Section title="History" id="history" wide>
        <History memberId={id} version={version} />
      </Section>
      <Section title="Purchases" id="purchases" wide>
        <Purchases memberId={id} />
      </Section>
      <Section title="Manual adjustments" id="adjustments" wide>
        <Adjustments memberId={id} version={version} />
      </Section>
      <ConsentLog memberId={id} />
    </>
  );
}

function Balances({ data }: { data: Schemas['MemberLoyaltyView'] }) {
  return (
    <>
      <dl class="facts">
        <div>
          <dt>Available</dt>
          <dd data-testid="points-available">{data.points.available.toLocaleString()} points</dd>
        </div>
        <div>
          <dt>Pending</dt>
          <dd>{data.points.pending.toLocaleString()} points</dd>
        </div>
        <div>
          <dt>Expiring within 30 days</dt>
          <dd>
            {data.points.expiringSoon.length === 0
              ? 'none'
              : data.points.expiringSoon.map((x) => `${x.amount} on ${formatDate(x.expiresAt)}`).join(', ')}
          </dd>
        </div>
      </dl>
      {data.stampCards.map((c) => (
        <div class="stamps" key={c.cardId}>
          <p>
            <strong>{c.name}</strong>: {c.progress} of {c.size} stamps
            {c.completedCards
              ? `, ${c.completedCards} full card${c.completedCards === 1 ? '' : 's'} to redeem`
              : ''}
          </p>
          <div
            class="stamp-row"
            role="img"
            aria-label={`${c.progress} of ${c.size} stamps`}
            data-testid={`stamps-${c.cardId}`}
          >
            {Array.from({ length: c.size }, (_, i) => (
              <span key={i} class={i < c.progress ? 'stamp filled' : 'stamp'} />
            ))}
          </div>
        </div>
      ))}
      {data.rewardsAvailable.length > 0 && (
        <>
          <h3>Rewards available now</h3>
          <ul class="plain">
            {data.rewardsAvailable.map((r) => (
              <li key={r.id}>
                {r.name}: {benefitText(r.benefit, currency())} for {costText(r.cost, data.stampCards)}
                {r.times > 1 ? ` (×${r.times})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function Adjust(props: { memberId: string; onDone: () => void }) {
  const [direction, setDirection] = useState<'add' | 'remove'>('add');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [key, setKey] = useState(() => newKey('adj'));
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    const n = Number(amount);
    if (!/^\d{1,7}$/.test(amount.trim()) || n <= 0 || n > 1_000_000)
      problems.amount = 'Enter a whole number of points from 1 to 1,000,000.';
    if (reason.trim().length < 3) problems.reason = 'Say why (at least 3 characters): the member sees it.';
    setErrors(problems);
    setResult(null);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      const signed = direction === 'add' ? n : -n;
      const r = await call(
        client.POST('/api/members/{id}/adjustments', {
          params: { path: { id: props.memberId } },
          body: { amount: signed, reason: reason.trim(), idempotencyKey: key },
        }),
      );
      setResult({
        kind: 'ok',
        text: `${signed > 0 ? 'Added' : 'Took away'} ${Math.abs(r.amount)} points. Balance now ${r.balanceAfter}.`,
      });
      setAmount('');
      setReason('');
      setKey(newKey('adj'));
      props.onDone();
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      // A refusal leaves the key unused: a corrected retry may use it again; a network error retries safely.
      setResult({
        kind: 'error',
        text:
          (err as { code?: string }).code === 'INSUFFICIENT_BALANCE'
            ? 'The member does not have that many points. Nothing was taken away.'
            : describeError(err),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate data-testid="adjust-form">
      <fieldset class="choice">
        <legend>Direction</legend>
        <label>
          <input
            type="radio"
            name="direction"
            checked={direction === 'add'}
            onChange={() => setDirection('add')}
          />
          Add points
        </label>
        <label>
          <input
            type="radio"
            name="direction"
            checked={direction === 'remove'}
            onChange={() => setDirection('remove')}
          />
          Take points away
        </label>
      </fieldset>
      <Field
        label="Points"
        name="amount"
        inputMode="numeric"
        required
        value={amount}
        onValue={setAmount}
        error={errors.amount}
      />
      <Field
        label="Reason"
        name="reason"
        required
        hint="Shown in the member's history."
        maxLength={200}
        value={reason}
        onValue={setReason}
        error={errors.reason}
      />
      <button class="primary" type="submit" disabled={busy}>
        {direction === 'add' ? 'Add points' : 'Take points away'}
      </button>
      {result && (
        <Notice kind={result.kind} testId="adjust-result">
          {result.text}
        </Notice>
      )}
    </form>
  );
}

function Profile(props: { member: Member; onSaved: () => void }) {
  const m = props.member;
  const [f, setF] = useState({
    firstName: m.firstName,
    lastName: m.lastName ?? '',
    email: m.email ?? '',
    phone: m.phone ?? '',
    birthday: m.birthday ?? '',
    marketingConsent: m.marketingConsent,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const set = (k: keyof typeof f) => (v: string | boolean) => setF({ ...f, [k]: v });

  async function save(e: Event) {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!f.firstName.trim()) problems.firstName = 'Enter a first name.';
    if (f.email && !/^\S+@\S+\.\S+$/.test(f.email)) problems.email = 'This is not an email address.';
    if (f.phone && !/^\+?[0-9 ()./-]{6,24}$/.test(f.phone))
      problems.phone = 'A phone number has 6 to 15 digits, optionally with +, spaces or dashes.';
    setErrors(problems);
    setNote(null);
    if (Object.keys(problems).length) return;
    const body: Schemas['UpdateMemberDto'] = {
      firstName: f.firstName.trim(),
      marketingConsent: f.marketingConsent,
    };
    if (f.lastName.trim()) body.lastName = f.lastName.trim();
    if (f.email.trim()) body.email = f.email.trim();
    if (f.phone.trim()) body.phone = f.phone.trim();
    if (f.birthday) body.birthday = f.birthday;
    try {
      await call(client.PATCH('/api/members/{id}', { params: { path: { id: m.id } }, body }));
      setNote({ kind: 'ok', text: 'Profile saved.' });
      props.onSaved();
    } catch (err) {
      setErrors(fieldErrors(err));
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  return (
    <form onSubmit={save} noValidate>
      <div class="two">
        <Field
          label="First name"
          name="firstName"
          required
          value={f.firstName}
          onValue={set('firstName')}
          error={errors.firstName}
        />
        <Field
          label="Last name"
          name="lastName"
          value={f.lastName}
          onValue={set('lastName')}
          error={errors.lastName}
        />
      </div>
      <Field
        label="Email"
        name="email"
        type="email"
        value={f.email}
        onValue={set('email')}
        error={errors.email}
      />
      <div class="two">
        <Field
          label="Phone"
          name="phone"
          type="tel"
          value={f.phone}
          onValue={set('phone')}
          error={errors.phone}
        />
        <Field
          label="Birthday"
          name="birthday"
          type="date"
          value={f.birthday}
          onValue={set('birthday')}
          error={errors.birthday}
        />
      </div>
      <CheckField
        label="Agrees to marketing messages"
        name="marketingConsent"
        checked={f.marketingConsent}
        onValue={set('marketingConsent')}
      />
      <p class="muted small">
        Joined {formatDate(m.createdAt)} {m.source === 'join' ? 'through the join link' : 'at the counter'}.
      </p>
      <button class="primary" type="submit">
        Save profile
      </button>
      {note && <Notice kind={note.kind}>{note.text}</Notice>}
    </form>
  );
}

function Card(props: { memberId: string; member: Member }) {
  const cards = useLoad(
    () => call(client.GET('/api/members/{id}/cards', { params: { path: { id: props.memberId } } })),
    [props.memberId],
  );
  const [reason, setReason] = useState('');
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const active = cards.data?.items.find((c) => c.status === 'active') ?? null;

  useEffect(() => {
    // The QR comes with the staff token, so it is fetched and shown from a blob URL.
    if (!active) return setQr(null);
    let url: string | null = null;
    void call(
      client.GET('/api/members/{id}/card.svg', { params: { path: { id: props.memberId } }, parseAs: 'blob' }),
    ).then(
      (blob) => {
        url = URL.createObjectURL(blob as unknown as Blob);
        setQr(url);
      },
      () => setQr(null),
    );
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [active?.id, props.memberId]);

  async function act(kind: 'revoke' | 'reissue') {
    setNote(null);
    try {
      const body = reason.trim() ? { reason: reason.trim() } : {};
      if (kind === 'revoke')
        await call(
          client.POST('/api/members/{id}/card/revoke', { params: { path: { id: props.memberId } }, body }),
        );
      else
        await call(
          client.POST('/api/members/{id}/card/reissue', { params: { path: { id: props.memberId } }, body }),
        );
      setNote({
        kind: 'ok',
        text:
          kind === 'revoke'
            ? 'Card revoked: scans of it are refused.'
            : 'New card issued; the old one no longer works.',
      });
      setReason('');
      cards.reload();
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  return (
    <div class="card-box">
      {cards.error ? <Notice kind="error">{describeError(cards.error)}</Notice> : null}
      {active ? (
        <p data-testid="card-status">Active card issued {formatDateTime(active.issuedAt)}.</p>
      ) : (
        <p data-testid="card-status">No active card. Issue a new one.</p>
      )}
      {qr && (
        <div class="print-card">
          <p class="print-only">
            <strong>{memberName(props.member)}</strong> · No. {props.member.memberNumber}
          </p>
          <img src={qr} alt={`Member card QR code of ${memberName(props.member)}`} width={160} height={160} />
        </div>
      )}
      <Field
        label="Reason (lost, stolen, …)"
        name="cardReason"
        maxLength={200}
        value={reason}
        onValue={setReason}
      />
      <div class="actions">
        {active && (
          <button type="button" class="secondary" onClick={() => void act('revoke')}>
            Revoke card
          </button>
        )}
        <button type="button" class="secondary" onClick={() => void act('reissue')}>
          Issue new card
        </button>
        {active && (
          <button type="button" class="secondary" onClick={() => window.print()}>
            Print card
          </button>
        )}
      </div>
      {note && <Notice kind={note.kind}>{note.text}</Notice>}
      {cards.data && cards.data.items.length > 1 && (
        <details>
          <summary>Earlier cards ({cards.data.items.length - 1})</summary>
          <ul class="plain">
            {cards.data.items
              .filter((c) => c.status !== 'active')
              .map((c) => (
                <li key={c.id}>
                  Issued {formatDate(c.issuedAt)}, revoked {c.revokedAt ? formatDate(c.revokedAt) : ''}
                  {c.revokedReason ? ` (${c.revokedReason})` : ''}
                </li>
              ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function unitLabel(unit: string): string {
  return unit === 'points' ? 'points' : unit.startsWith('stamps:') ? `stamps (${unit.slice(7)})` : unit;
}

function History(props: { memberId: string; version: number }) {
  const h = usePaged(
    (cursor) =>
      call(
        client.GET('/api/members/{id}/history', {
          params: { path: { id: props.memberId }, query: { cursor } },
        }),
      ),
    [props.memberId, props.version],
  );
  if (h.error && !h.items) return <Notice kind="error">{describeError(h.error)}</Notice>;
  if (!h.items) return <p class="muted">Loading…</p>;
  return (
    <>
      <DataTable
        caption="History"
        testId="history-table"
        pageSize={20}
        rows={h.items.map((e, i) => ({ ...e, key: `${e.at}-${i}` }))}
        rowKey={(e) => e.key}
        empty="No points or stamps yet."
        columns={[
          { key: 'at', label: 'When', render: (e) => formatDateTime(e.at), sort: (e) => e.at },
          { key: 'reason', label: 'Reason', render: (e) => e.reason ?? e.kind },
          {
            key: 'amount',
            label: 'Change',
            numeric: true,
            render: (e) =>
              `${e.amount > 0 ? '+' : '−'}${Math.abs(e.amount)} ${unitLabel(e.unit)}${e.bucket === 'pending' ? ' (pending)' : ''}`,
            sort: (e) => e.amount,
          },
          {
            key: 'after',
            label: 'Balance after',
            numeric: true,
            render: (e) => (e.balanceAfter ?? '—').toString(),
          },
        ]}
      />
      <MoreButton label="Load older entries" next={h.next} busy={h.busy} onMore={() => void h.more()} />
      {h.error ? <Notice kind="error">{describeError(h.error)}</Notice> : null}
    </>
  );
}

function Purchases(props: { memberId: string }) {
  const p = usePaged(
    (cursor) =>
      call(
        client.GET('/api/members/{id}/purchases', {
          params: { path: { id: props.memberId }, query: { cursor } },
        }),
      ),
    [props.memberId],
  );
  if (p.error && !p.items) return <Notice kind="error">{describeError(p.error)}</Notice>;
  if (!p.items) return <p class="muted">Loading…</p>;
  return (
    <>
      <DataTable
        caption="Purchases"
        testId="purchases-table"
        rows={p.items}
        rowKey={(x) => x.id}
        empty="No purchases yet."
        pageSize={5}
        columns={[
          {
            key: 'at',
            label: 'When',
            render: (x) => formatDateTime(x.occurredAt),
            sort: (x) => x.occurredAt,
          },
          { key: 'txn', label: 'Receipt', render: (x) => x.transactionId },
          {
            key: 'lines',
            label: 'Items',
            render: (x) =>
              x.lines.length === 0 ? (
                'amount only'
              ) : (
                <ul class="plain lines">
                  {x.lines.map((l) => (
                    <li key={l.lineId}>
                      {l.quantity} × {l.sku ?? 'item'}
                      {l.category ? ` (${l.category})` : ''} at{' '}
                      <Money minor={l.unitPrice} currency={currency()} />
                      {l.returnedQuantity ? `, ${l.returnedQuantity} returned` : ''}
                    </li>
                  ))}
                </ul>
              ),
          },
          {
            key: 'total',
            label: 'Total',
            numeric: true,
            render: (x) => <Money minor={x.total} currency={currency()} />,
            sort: (x) => x.total,
          },
        ]}
      />
      <MoreButton label="Load older purchases" next={p.next} busy={p.busy} onMore={() => void p.more()} />
      {p.error ? <Notice kind="error">{describeError(p.error)}</Notice> : null}
    </>
  );
}

function Adjustments(props: { memberId: string; version: number }) {
  const a = useLoad(
    () => call(client.GET('/api/members/{id}/adjustments', { params: { path: { id: props.memberId } } })),
    [props.memberId, props.version],
  );
  if (a.error) return <Notice kind="error">{describeError(a.error)}</Notice>;
  if (!a.data) return <p class="muted">Loading…</p>;
  return (
    <DataTable
      caption="Manual adjustments"
      testId="adjustments-table"
      rows={a.data.items}
      rowKey={(x) => x.id}
      empty="No manual adjustments."
      columns={[
        { key: 'at', label: 'When', render: (x) => formatDateTime(x.createdAt), sort: (x) => x.createdAt },
        { key: 'who', label: 'By', render: (x) => x.staffName, sort: (x) => x.staffName },
        { key: 'why', label: 'Reason', render: (x) => x.reason },
        {
          key: 'amount',
          label: 'Points',
          numeric: true,
          render: (x) => `${x.amount > 0 ? '+' : '−'}${Math.abs(x.amount)}`,
          sort: (x) => x.amount,
        },
      ]}
    />
  );
}
