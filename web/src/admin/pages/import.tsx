import { useState } from 'preact/hooks';
import { describeError } from '../../api';
import { call, client, type Schemas } from '../api';
import { CheckField, DataTable, Field, Notice, PageHead, Section, useLoad } from '../components';
import { session } from '../session';

type Report = Schemas['ImportReportView'];

const FIELD_LABEL: Record<string, string> = { row: 'the row' };

const count = (n: number, noun: string) => `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`;

/** Sends the file to POST /api/imports/purchases (a CSV body, not JSON, so not through the JSON client). */
async function upload(text: string, q: Record<string, string>): Promise<Report> {
  const res = await fetch(`/api/imports/purchases?${new URLSearchParams(q).toString()}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${session.value?.token ?? ''}`,
      'content-type': 'text/csv',
      accept: 'application/json',
    },
    body: text,
  });
  const body = (await res.json().catch(() => null)) as
    | (Report & {
        error?: { message?: string; details?: { fields?: { field: string; problems: string[] }[] } };
      })
    | null;
  if (!res.ok) {
    const fields = body?.error?.details?.fields
      ?.map((f) => `${f.field}: ${f.problems.join(', ')}`)
      .join('; ');
    throw new Error(
      `${body?.error?.message ?? `The import was refused (${res.status}).`}${fields ? ` (${fields})` : ''}`,
    );
  }
  return body as Report;
}

/** History import: choose the old till's CSV, check it (every bad row by line), then import it. */
export function Import() {
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [mapping, setMapping] = useState('');
  const [award, setAward] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [checked, setChecked] = useState<Report | null>(null);
  const [done, setDone] = useState<Report | null>(null);
  const runs = useLoad(() => call(client.GET('/api/imports')), [done]);

  const query = (dryRun: boolean) => ({
    dryRun: String(dryRun),
    ...(award ? { awardPoints: 'true' } : {}),
    ...(file ? { source: file.name.slice(0, 200) } : {}),
    ...(mapping.trim() ? { mapping: mapping.trim() } : {}),
  });
  const run = async (dryRun: boolean) => {
    if (!file) {
      setError('Choose a CSV file first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await upload(file.text, query(dryRun));
      if (dryRun) {
        setChecked(r);
        setDone(null);
      } else {
        setDone(r);
        setChecked(null);
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const report = done ?? checked;
  return (
    <>
      <PageHead title="Import history">Years of sales from the old till feed the reports</PageHead>
      <Section title="The file" id="file">
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void run(true);
          }}
        >
          <div class="field">
            <label for="import-file">CSV file from the old till</label>
            <input
              id="import-file"
              type="file"
              accept=".csv,text/csv"
              onChange={async (e) => {
                const f = (e.target as HTMLInputElement).files?.[0];
                setChecked(null);
                setDone(null);
                setError(null);
                setFile(f ? { name: f.name, text: await f.text() } : null);
              }}
            />
          </div>
          <Field
            label="Column mapping (optional)"
            name="mapping"
            value={mapping}
            onValue={setMapping}
            maxLength={1000}
            hint="Needed columns: purchase_id, customer_id, date, amount; optional: customer_name, customer_email, sku, category. Name yours as field=Header when they differ, e.g. purchase_id=Receipt,amount=Total."
          />
          <CheckField
            label="Give members the points these purchases would have earned (by the rules in force at the time; expired points are left out)"
            name="awardPoints"
            checked={award}
            onValue={setAward}
          />
          <div class="actions">
            <button type="submit" disabled={busy || !file}>
              Check the file
            </button>
            <button
              type="button"
              disabled={busy || !checked || checked.purchasesImported === 0}
              onClick={() => void run(false)}
            >
              Import{' '}
              {checked
                ? `${checked.purchasesImported.toLocaleString()} purchase${checked.purchasesImported === 1 ? '' : 's'}`
                : ''}
            </button>
          </div>
          {error && (
            <Notice kind="error">
              <span data-testid="import-error">{error}</span>
            </Notice>
          )}
        </form>
      </Section>
      {report && (
        <Section title={done ? 'Imported' : 'Check result (nothing written yet)'} id="report" wide>
          <ul class="kpis" aria-label="Import result" data-testid="import-report">
            <li>
              <span class="kpi-label">Rows read</span>
              <span class="kpi-value">{report.rowsRead.toLocaleString()}</span>
            </li>
            <li>
              <span class="kpi-label">{done ? 'Purchases imported' : 'Purchases to import'}</span>
              <span class="kpi-value" data-testid="import-new">
                {report.purchasesImported.toLocaleString()}
              </span>
            </li>
            <li>
              <span class="kpi-label">Already imported</span>
              <span class="kpi-value">{report.purchasesExisting.toLocaleString()}</span>
            </li>
            <li>
              <span class="kpi-label">Rows refused</span>
              <span class="kpi-value" data-testid="import-rejected">
                {report.rowsRejected.toLocaleString()}
              </span>
            </li>
          </ul>
          {done && (
            <p role="status" data-testid="import-done">
              {done.state === 'completed'
                ? `Done: ${count(done.purchasesImported, 'purchase')} and ${count(done.customersCreated, 'customer')} imported` +
                  (award
                    ? `; ${count(done.pointsAwarded, 'point')} awarded for ${count(done.purchasesAwarded, 'purchase')}.`
                    : '.')
                : `The import stopped: ${done.error ?? done.state}. Run it again with the same file to resume.`}
            </p>
          )}
          <DataTable
            caption="Refused rows, by line of the file"
            testId="bad-rows"
            rows={report.badRows}
            rowKey={(r) => `${r.line}-${r.field}-${r.problem}`}
            pageSize={50}
            empty="Every row is fine."
            columns={[
              { key: 'line', label: 'Line', render: (r) => r.line, numeric: true, sort: (r) => r.line },
              { key: 'field', label: 'Column', render: (r) => FIELD_LABEL[r.field] ?? r.field },
              { key: 'problem', label: 'Problem', render: (r) => r.problem },
            ]}
          />
          {report.badRowsTruncated && <p class="muted">More refused rows than listed.</p>}
        </Section>
      )}
      <Section title="Earlier imports" id="runs" wide>
        {runs.error ? (
          <Notice kind="error">{describeError(runs.error)}</Notice>
        ) : (
          <DataTable
            caption="Import runs, newest first"
            testId="import-runs"
            rows={runs.data?.items ?? []}
            rowKey={(r) => r.id}
            empty="Nothing imported yet."
            columns={[
              { key: 'source', label: 'File', render: (r) => r.source },
              { key: 'state', label: 'State', render: (r) => r.state },
              {
                key: 'new',
                label: 'Purchases',
                render: (r) => r.purchasesImported.toLocaleString(),
                numeric: true,
              },
              {
                key: 'bad',
                label: 'Refused rows',
                render: (r) => r.rowsRejected.toLocaleString(),
                numeric: true,
              },
              {
                key: 'when',
                label: 'Started',
                render: (r) =>
                  new Date(r.startedAt).toLocaleString(undefined, {
                    dateStyle: 'medium',
                    timeStyle: 'short',
                  }),
              },
            ]}
          />
        )}
      </Section>
    </>
  );
}
