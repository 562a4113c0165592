/**
 * The console's building blocks: a page frame, form fields (label, hint, error next to
 * the field), a sortable paginated table, charts (uPlot, with the numbers as a table),
 * money (always with its currency) and notices. A new page is a component built from these
 * plus one entry in the navigation (nav.ts).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { formatMoney } from '../ui';

export function PageHead(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="page-head">
      <h1 tabIndex={-1} data-page-title>
        {props.title}
      </h1>
      {props.children && <div class="page-actions">{props.children}</div>}
    </div>
  );
}

export function Section(props: { title: string; children: ComponentChildren; id?: string; wide?: boolean }) {
  return (
    <section
      class={props.wide ? 'panel wide' : 'panel'}
      aria-labelledby={props.id ? `${props.id}-h` : undefined}
    >
      <h2 id={props.id ? `${props.id}-h` : undefined}>{props.title}</h2>
      {props.children}
    </section>
  );
}

interface FieldBase {
  label: string;
  name: string;
  error?: string | null;
  hint?: string;
  required?: boolean;
}

interface InputProps extends FieldBase {
  value: string;
  onValue: (v: string) => void;
  type?: 'text' | 'email' | 'password' | 'search' | 'tel' | 'date' | 'number' | 'time';
  autoComplete?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'email' | 'tel' | 'search';
  maxLength?: number;
}

/** A labelled input; its error sits right under it and is announced (aria-describedby, aria-invalid). */
export function Field({ label, name, error, hint, required, value, onValue, ...rest }: InputProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>
        {label}
        {required ? <span class="req"> (required)</span> : null}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <input
        type={(rest.type ?? 'text') as 'text'}
        autoComplete={rest.autoComplete}
        inputMode={rest.inputMode}
        maxLength={rest.maxLength}
        id={id}
        name={name}
        value={value}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
      />
      {error && (
        <p class="field-error" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function SelectField(
  props: FieldBase & {
    value: string;
    onValue: (v: string) => void;
    options: { value: string; label: string }[];
  },
) {
  const id = useId();
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-err` : undefined}
        onChange={(e) => props.onValue((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error && (
        <p class="field-error" id={`${id}-err`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

export function CheckField(props: {
  label: string;
  name: string;
  checked: boolean;
  onValue: (v: boolean) => void;
}) {
  const id = useId();
  return (
    <div class="field check">
      <input
        id={id}
        type="checkbox"
        name={props.name}
        checked={props.checked}
        onChange={(e) => props.onValue((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{props.label}</label>
    </div>
  );
}

/** A message about the last action: polite status, or an alert for errors. */
export function Notice(props: {
  kind: 'ok' | 'error' | 'info';
  children: ComponentChildren;
  testId?: string;
}) {
  return (
    <div
      class={`notice ${props.kind}`}
      role={props.kind === 'error' ? 'alert' : 'status'}
      data-testid={props.testId}
    >
      {props.children}
    </div>
  );
}

export function Money(props: { minor: number; currency: string }) {
  return <span class="money">{formatMoney(props.minor, props.currency)}</span>;
}

export interface Column<T> {
  key: string;
  label: string;
  render: (row: T) => ComponentChildren;
  /** Sort value; columns without one are not sortable. */
  sort?: (row: T) => string | number;
  numeric?: boolean;
}

/** A table with sortable columns (header buttons, aria-sort) and pages of pageSize rows. */
export function DataTable<T>(props: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  pageSize?: number;
  empty?: string;
  testId?: string;
  initialSort?: { key: string; dir: 'ascending' | 'descending' };
}) {
  const [sort, setSort] = useState(props.initialSort ?? null);
  const [page, setPage] = useState(0);
  const size = props.pageSize ?? 10;
  const sorted = useMemo(() => {
    const col = props.columns.find((c) => c.key === sort?.key);
    if (!col?.sort || !sort) return props.rows;
    const f = col.sort;
    const sign = sort.dir === 'ascending' ? 1 : -1;
    return [...props.rows].sort((a, b) => {
      const x = f(a);
      const y = f(b);
      return (
        (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * sign
      );
    });
  }, [props.rows, props.columns, sort]);
  const pages = Math.max(1, Math.ceil(sorted.length / size));
  const current = Math.min(page, pages - 1);
  const visible = sorted.slice(current * size, current * size + size);
  const toggle = (key: string) => {
    setSort((s) =>
      s?.key === key
        ? { key, dir: s.dir === 'ascending' ? 'descending' : 'ascending' }
        : { key, dir: 'ascending' },
    );
    setPage(0);
  };
  return (
    <div class="table-wrap stack" data-testid={props.testId}>
      <table>
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                class={c.numeric ? 'num' : undefined}
                aria-sort={sort?.key === c.key ? sort.dir : c.sort ? 'none' : undefined}
              >
                {c.sort ? (
                  <button type="button" class="sort" onClick={() => toggle(c.key)}>
                    {c.label}
                    <span aria-hidden="true" class="sort-mark">
                      {sort?.key === c.key ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
                    </span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {visible.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} class="empty">
                {props.empty ?? 'Nothing here yet.'}
              </td>
            </tr>
          ) : (
            visible.map((row) => (
              <tr key={props.rowKey(row)}>
                {props.columns.map((c) => (
                  <td key={c.key} class={c.numeric ? 'num' : undefined} data-label={c.label}>
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
      {pages > 1 && (
        <nav class="pager" aria-label={`${props.caption}: pages`}>
          <button
            type="button"
            class="secondary"
            disabled={current === 0}
            onClick={() => setPage(current - 1)}
          >
            Previous
          </button>
          <span>
            Page {current + 1} of {pages}
          </span>
          <button
            type="button"
            class="secondary"
            disabled={current >= pages - 1}
            onClick={() => setPage(current + 1)}
          >
            Next
          </button>
        </nav>
      )}
    </div>
  );
}

export interface Series {
  label: string;
  values: number[];
  color: string;
  kind: 'bar' | 'line';
  /** Right-hand axis (e.g. money beside counts). */
  right?: boolean;
  format?: (n: number) => string;
}

/**
 * A chart of weekly series (uPlot on a canvas), with the same numbers as a table
 * below it for screen readers and for anyone who wants the figures. data-series holds
 * exactly what was drawn.
 */
export function Chart(props: {
  title: string;
  labels: string[];
  series: Series[];
  testId: string;
  /** Heading of the label column of the numbers table (default "Week of"). */
  labelHeading?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = props.labels.map((_, i) => i);
    const width = () => Math.max(240, el.clientWidth);
    const hasRight = props.series.some((s) => s.right);
    const ink = '#1f2937';
    const grid = { stroke: '#e5e7eb', width: 1 };
    const step = () => Math.max(1, Math.ceil(xs.length / Math.max(1, Math.floor(width() / 70))));
    const opts: uPlot.Options = {
      width: width(),
      height: 220,
      scales: {
        x: { time: false, range: [-0.6, xs.length - 0.4] },
        // From 0 up, or down to a negative minimum (an NPS below zero) when there is one.
        y: { range: (_u, min, max) => [min < 0 ? min * 1.1 : 0, max > 0 ? max * 1.1 : 1] },
        r: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      },
      legend: { show: true, live: false },
      cursor: { show: true, drag: { x: false, y: false } },
      series: [
        { label: 'Week' },
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.kind === 'line' ? 2.5 : 0,
          fill: s.kind === 'bar' ? s.color : undefined,
          scale: s.right ? 'r' : 'y',
          points: { show: s.kind === 'line', size: 6, fill: s.color },
          paths: s.kind === 'bar' ? uPlot.paths.bars!({ size: [0.6, 48] }) : undefined,
          value: (_u: uPlot, v: number | null) => (v === null ? '' : (s.format ?? String)(v)),
        })),
      ],
      axes: [
        {
          stroke: ink,
          grid: { show: false },
          // Label the latest week always, then every step-th one back.
          splits: () => xs.filter((i) => (xs.length - 1 - i) % step() === 0),
          values: (_u, splits) => splits.map((i) => props.labels[i] ?? ''),
        },
        // Counts: whole-number ticks only.
        {
          stroke: ink,
          grid,
          scale: 'y',
          size: 56,
          incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 1e5, 1e6],
        },
        ...(hasRight
          ? [
              {
                stroke: ink,
                grid: { show: false },
                scale: 'r',
                side: 1 as const,
                size: 72,
                values: (_u: uPlot, splits: number[]) =>
                  splits.map((v) => (props.series.find((s) => s.right)?.format ?? String)(v)),
              },
            ]
          : []),
      ],
    };
    const plot = new uPlot(opts, [xs, ...props.series.map((s) => s.values)], el);
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height: 220 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [props.labels, props.series]);
  const drawn = JSON.stringify(
    Object.fromEntries([['labels', props.labels], ...props.series.map((s) => [s.label, s.values])]),
  );
  return (
    <figure class="chart" data-testid={props.testId} data-series={drawn} aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`}>{props.title}</figcaption>
      <div ref={box} class="chart-canvas" aria-hidden="true" />
      <details>
        <summary>Numbers</summary>
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{props.title}</caption>
            <thead>
              <tr>
                <th scope="col">{props.labelHeading ?? 'Week of'}</th>
                {props.series.map((s) => (
                  <th scope="col" class="num" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.labels.map((l, i) => (
                <tr key={l}>
                  <th scope="row">{l}</th>
                  {props.series.map((s) => (
                    <td class="num" key={s.label}>
                      {(s.format ?? ((n: number) => n.toLocaleString()))(s.values[i])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

/** Ranked horizontal bars in HTML (top rewards): readable on a phone, no canvas needed. */
export function BarList(props: {
  title: string;
  items: { label: string; value: number }[];
  empty: string;
  testId: string;
}) {
  const max = Math.max(1, ...props.items.map((i) => i.value));
  return (
    <figure class="chart" data-testid={props.testId}>
      <figcaption>{props.title}</figcaption>
      {props.items.length === 0 ? (
        <p class="muted">{props.empty}</p>
      ) : (
        <ol class="bars">
          {props.items.map((i) => (
            <li key={i.label}>
              <span class="bar-label">{i.label}</span>
              <span class="bar-track" aria-hidden="true">
                <span class="bar-fill" style={{ width: `${(100 * i.value) / max}%` }} />
              </span>
              <span class="bar-value">{i.value.toLocaleString()}</span>
            </li>
          ))}
        </ol>
      )}
    </figure>
  );
}

/** Loads data for a page: { data, error, reload }. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data: T | null; error: unknown }>({ data: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: null }),
      (error: unknown) => live && setState({ data: null, error }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

/** A list read page by page from the API (keyset cursors): the first page, then `more()` appends the next. */
export function usePaged<T>(
  load: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>,
  deps: unknown[],
) {
  const [state, setState] = useState<{
    items: T[] | null;
    next: string | null;
    error: unknown;
    busy: boolean;
  }>({
    items: null,
    next: null,
    error: null,
    busy: false,
  });
  useEffect(() => {
    let live = true;
    load().then(
      (p) => live && setState({ items: p.items, next: p.nextCursor, error: null, busy: false }),
      (error: unknown) => live && setState({ items: null, next: null, error, busy: false }),
    );
    return () => {
      live = false;
    };
  }, deps);
  const more = async () => {
    if (!state.next || state.busy) return;
    setState((s) => ({ ...s, busy: true }));
    try {
      const p = await load(state.next);
      setState((s) => ({
        items: [...(s.items ?? []), ...p.items],
        next: p.nextCursor,
        error: null,
        busy: false,
      }));
    } catch (error) {
      setState((s) => ({ ...s, error, busy: false }));
    }
  };
  return { ...state, more };
}

/** "Show older …" under a paged list, while the server has more. */
export function MoreButton(props: { label: string; next: string | null; busy: boolean; onMore: () => void }) {
  if (!props.next) return null;
  return (
    <button type="button" class="secondary more" disabled={props.busy} onClick={props.onMore}>
      {props.busy ? 'Loading…' : props.label}
    </button>
  );
}
