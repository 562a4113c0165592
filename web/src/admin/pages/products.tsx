import { useState } from 'preact/hooks';
import { describeError } from '../../api';
import { formatMoney, parseMoney } from '../../ui';
import { call, client, fieldErrors, type Schemas } from '../api';
import { CheckField, DataTable, Field, Money, Notice, PageHead, Section, useLoad } from '../components';
import { currency } from '../state';

type Product = Schemas['ProductView'];

const EMPTY = { sku: '', name: '', category: '', price: '', active: true };

/**
 * Products: the list the counter's quick items, the stamp cards' qualifying items and
 * the rules' multipliers and exclusions are chosen from (so nobody types a category twice).
 */
export function Products() {
  const list = useLoad(() => call(client.GET('/api/products')), []);
  const [editing, setEditing] = useState<Product | null>(null);
  const [f, setF] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const cur = currency();
  const categories = [
    ...new Set((list.data?.items ?? []).map((p) => p.category).filter((c): c is string => !!c)),
  ].sort();

  function edit(p: Product | null) {
    setEditing(p);
    setF(
      p
        ? {
            sku: p.sku,
            name: p.name,
            category: p.category ?? '',
            price: formatMoney(p.price, cur).replace(/[^\d.,]/g, ''),
            active: p.active,
          }
        : EMPTY,
    );
    setErrors({});
  }

  async function submit(e: Event) {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const price = parseMoney(f.price, cur);
    if (!/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/.test(f.sku.trim()))
      errs.sku =
        'Enter a code of letters, digits and . _ - / (the till sends it with each sale), e.g. FLAT-WHITE.';
    if (!f.name.trim()) errs.name = 'Enter the name shown at the counter.';
    if (price === null) errs.price = `Enter the price in ${cur}, e.g. 3.80.`;
    if (Object.keys(errs).length) return setErrors(errs);
    setErrors({});
    setNote(null);
    const body = {
      sku: f.sku.trim(),
      name: f.name.trim(),
      category: f.category.trim() || null,
      price: price!,
      active: f.active,
    };
    try {
      if (editing)
        await call(client.PATCH('/api/products/{id}', { params: { path: { id: editing.id } }, body }));
      else await call(client.POST('/api/products', { body }));
      setNote({ kind: 'ok', text: editing ? `${body.name} saved.` : `${body.name} added.` });
      edit(null);
      list.reload();
    } catch (err) {
      setErrors(fieldErrors(err));
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  async function setActive(p: Product, active: boolean) {
    setNote(null);
    try {
      await call(client.PATCH('/api/products/{id}', { params: { path: { id: p.id } }, body: { active } }));
      setNote({
        kind: 'ok',
        text: active ? `${p.name} is on sale again.` : `${p.name} is no longer on sale; past sales keep it.`,
      });
      list.reload();
    } catch (err) {
      setNote({ kind: 'error', text: describeError(err) });
    }
  }

  return (
    <>
      <PageHead title="Products" />
      {note && (
        <Notice kind={note.kind} testId="products-note">
          {note.text}
        </Notice>
      )}
      <Section title="Product list" id="products" wide>
        {list.error ? <Notice kind="error">{describeError(list.error)}</Notice> : null}
        {list.data && (
          <DataTable
            caption="Products"
            testId="products-table"
            rows={list.data.items}
            rowKey={(p) => p.id}
            pageSize={20}
            empty="No products yet. Add what you sell below."
            columns={[
              { key: 'name', label: 'Name', render: (p) => p.name, sort: (p) => p.name.toLowerCase() },
              { key: 'sku', label: 'SKU', render: (p) => <code>{p.sku}</code>, sort: (p) => p.sku },
              {
                key: 'category',
                label: 'Category',
                render: (p) => p.category ?? '—',
                sort: (p) => p.category ?? '',
              },
              {
                key: 'price',
                label: 'Price',
                numeric: true,
                render: (p) => <Money minor={p.price} currency={cur} />,
                sort: (p) => p.price,
              },
              {
                key: 'active',
                label: 'On sale',
                render: (p) => (p.active ? 'Yes' : 'No'),
                sort: (p) => (p.active ? 1 : 0),
              },
              {
                key: 'actions',
                label: 'Actions',
                render: (p) => (
                  <div class="row-actions">
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Edit ${p.name}`}
                      onClick={() => edit(p)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`${p.active ? 'Deactivate' : 'Reactivate'} ${p.name}`}
                      onClick={() => void setActive(p, !p.active)}
                    >
                      {p.active ? 'Deactivate' : 'Reactivate'}
                    </button>
                  </div>
                ),
              },
            ]}
          />
        )}
      </Section>
      <Section title={editing ? `Edit ${editing.name}` : 'Add a product'} id="product-form">
        <form onSubmit={submit} noValidate data-testid="product-form">
          <Field
            label="Name"
            name="name"
            required
            maxLength={120}
            value={f.name}
            onValue={(v) => setF({ ...f, name: v })}
            error={errors.name}
          />
          <Field
            label="SKU"
            name="sku"
            required
            maxLength={64}
            hint="The code the till sends with each sale."
            value={f.sku}
            onValue={(v) => setF({ ...f, sku: v })}
            error={errors.sku}
          />
          <CategoryField
            value={f.category}
            categories={categories}
            onValue={(v) => setF({ ...f, category: v })}
            error={errors.category}
          />
          <Field
            label={`Price (${cur})`}
            name="price"
            required
            inputMode="decimal"
            value={f.price}
            onValue={(v) => setF({ ...f, price: v })}
            error={errors.price}
          />
          <CheckField
            label="On sale"
            name="active"
            checked={f.active}
            onValue={(v) => setF({ ...f, active: v })}
          />
          <div class="actions">
            <button class="primary" type="submit">
              {editing ? 'Save' : 'Add product'}
            </button>
            {editing && (
              <button type="button" class="secondary" onClick={() => edit(null)}>
                Cancel
              </button>
            )}
          </div>
        </form>
      </Section>
    </>
  );
}

/** A category: one of those already in use (a list to pick from) or a new one. */
function CategoryField(props: {
  value: string;
  categories: string[];
  onValue: (v: string) => void;
  error?: string;
}) {
  return (
    <>
      <Field
        label="Category"
        name="category"
        maxLength={64}
        hint={
          props.categories.length
            ? `Pick one in use (${props.categories.join(', ')}) or name a new one; rules and stamp cards choose by category.`
            : 'Rules and stamp cards choose by category, e.g. coffee.'
        }
        value={props.value}
        onValue={props.onValue}
        error={props.error}
      />
      {props.categories.length > 0 && (
        <div class="chips" role="group" aria-label="Categories in use">
          {props.categories.map((c) => (
            <button
              type="button"
              key={c}
              class={c === props.value ? 'chip on' : 'chip'}
              aria-pressed={c === props.value}
              onClick={() => props.onValue(c)}
            >
              {c}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
