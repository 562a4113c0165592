import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../api';
import { memberName } from '../../ui';
import { call, client, fieldErrors, type Schemas } from '../api';
import { CheckField, Field, Notice, PageHead, Section, SelectField, useLoad } from '../components';
import { href } from '../router';

type Template = Schemas['TemplateView'];
type MessageType = Template['type'];

/** What each message is and what sends it (the trigger), in the owner's words. */
export const TYPE_LABELS: Record<MessageType, { label: string; trigger: string }> = {
  welcome: { label: 'Welcome', trigger: 'When someone joins the program' },
  thank_you: { label: 'Thank you', trigger: 'After a purchase, at most once a day' },
  reward_unlocked: {
    label: 'Reward unlocked',
    trigger: 'When a card is full or enough points are collected',
  },
  points_expiring: { label: 'Points expiring', trigger: 'Before points expire (service message)' },
  birthday: { label: 'Birthday', trigger: "On the member's birthday" },
  tier_reached: { label: 'Tier reached', trigger: 'When a member reaches a tier' },
  tier_at_risk: { label: 'Tier at risk', trigger: 'When a member may lose their tier' },
  rebate_within_reach: { label: 'Rebate within reach', trigger: 'When the next rebate bracket is close' },
  win_back: { label: 'Win-back', trigger: 'To customers the retention analysis flags as at risk' },
  survey: { label: 'Satisfaction survey', trigger: 'After a purchase, at most once per 90 days' },
};

const LANGUAGES: Record<string, string> = { en: 'English', de: 'German' };

/**
 * Message templates per type: turn each trigger on or off, edit the subject and the
 * text and HTML bodies with {{variables}}, and preview the message with a real
 * member's data (nothing is sent or saved by a preview).
 */
export function MessageTemplates() {
  const list = useLoad(() => call(client.GET('/api/messages/templates')), []);
  const settings = useLoad(() => call(client.GET('/api/messages/settings')), []);
  const [type, setType] = useState<MessageType>('welcome');
  const [items, setItems] = useState<Template[] | null>(null);
  useEffect(() => {
    if (list.data) setItems(list.data.items);
  }, [list.data]);

  if (list.error)
    return (
      <>
        <PageHead title="Message templates" />
        <Notice kind="error">{describeError(list.error)}</Notice>
      </>
    );
  if (!items || !list.data)
    return (
      <>
        <PageHead title="Message templates" />
        <p class="muted">Loading…</p>
      </>
    );
  const current = items.find((t) => t.type === type) ?? items[0]!;
  const lang = settings.data?.language ?? 'en';
  return (
    <>
      <PageHead title="Message templates" />
      <p data-testid="template-language">
        Messages are written in <strong>{LANGUAGES[lang.split('-')[0]!] ?? lang}</strong> ({lang}). Change the
        language, quiet hours and weekly limit in <a href={href('message-settings')}>Message settings</a>.
      </p>
      <Section title="Triggers" id="triggers" wide>
        <div class="table-wrap">
          <table data-testid="triggers-table">
            <caption class="sr-only">Message types, what sends them and whether they are on</caption>
            <thead>
              <tr>
                <th scope="col">Message and when it is sent</th>
                <th scope="col">On</th>
                <th scope="col">Template</th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.type} aria-current={t.type === type ? 'true' : undefined}>
                  <th scope="row" data-label="Message">
                    {TYPE_LABELS[t.type].label}
                    <span class="trigger-when">{TYPE_LABELS[t.type].trigger}</span>
                  </th>
                  <td data-label="On">{t.enabled ? 'On' : 'Off'}</td>
                  <td data-label="Template">
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Edit ${TYPE_LABELS[t.type].label}`}
                      onClick={() => {
                        setType(t.type);
                        document.getElementById('editor-h')?.scrollIntoView();
                      }}
                    >
                      Edit{t.custom ? '' : ' (default)'}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      <Editor
        key={current.type}
        template={current}
        variables={list.data.variables}
        onSaved={(t) => setItems(items.map((x) => (x.type === t.type ? t : x)))}
      />
    </>
  );
}

function Editor(props: { template: Template; variables: string[]; onSaved: (t: Template) => void }) {
  const t = props.template;
  const [enabled, setEnabled] = useState(t.enabled);
  const [subject, setSubject] = useState(t.subject);
  const [text, setText] = useState(t.text);
  const [html, setHtml] = useState(t.html);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [note, setNote] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const label = TYPE_LABELS[t.type].label;

  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setNote(null);
    setErrors({});
    try {
      const saved = await call(
        client.PATCH('/api/messages/templates/{type}', {
          params: { path: { type: t.type } },
          body: { enabled, subject, text, html },
        }),
      );
      props.onSaved(saved);
      setNote({ kind: 'ok', text: `${label} saved.` });
    } catch (err) {
      setErrors(fieldErrors(err));
      setNote({ kind: 'error', text: describeError(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title={`Edit: ${label}`} id="editor" wide>
      <form onSubmit={(e) => void save(e)} aria-label={`Template ${label}`}>
        <CheckField
          label={`Send “${label}” messages`}
          name="enabled"
          checked={enabled}
          onValue={setEnabled}
        />
        <p class="hint" id="vars-hint" data-testid="variables">
          Variables: {props.variables.map((v) => `{{${v}}}`).join(', ')}
        </p>
        <Field label="Subject" name="subject" value={subject} onValue={setSubject} maxLength={200} required />
        <TextArea label="Text" name="text" value={text} onValue={setText} rows={7} error={errors.template} />
        <TextArea label="HTML" name="html" value={html} onValue={setHtml} rows={6} />
        {note && (
          <Notice kind={note.kind} testId="template-note">
            {note.text}
          </Notice>
        )}
        <div class="actions">
          <button type="submit" disabled={busy}>
            Save template
          </button>
        </div>
      </form>
      <Preview type={t.type} label={label} />
    </Section>
  );
}

export function TextArea(props: {
  label: string;
  name: string;
  value: string;
  onValue: (v: string) => void;
  rows?: number;
  error?: string;
  hint?: string;
}) {
  const id = `ta-${props.name}`;
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        value={props.value}
        class="textarea"
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={
          [props.hint ? `${id}-hint` : '', props.error ? `${id}-err` : ''].filter(Boolean).join(' ') ||
          undefined
        }
        onInput={(e) => props.onValue((e.currentTarget as HTMLTextAreaElement).value)}
      />
      {props.error && (
        <p class="field-error" id={`${id}-err`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** Sample values for what only the trigger knows (the points come from the member's balance). */
const SAMPLE = {
  reward: 'A free coffee',
  tier: 'Gold',
  amount: 2500,
  expiryDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
  link: `${location.origin}/me`,
};

/** Preview with a member found by name; the saved template is rendered with their data. */
function Preview(props: { type: MessageType; label: string }) {
  const [q, setQ] = useState('');
  const [members, setMembers] = useState<Schemas['MemberView'][]>([]);
  const [memberId, setMemberId] = useState('');
  const [result, setResult] = useState<Schemas['PreviewView'] | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function find(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      const page = await call(
        client.GET('/api/members', { params: { query: { q: q.trim() || undefined, limit: 20 } } }),
      );
      setMembers(page.items);
      setMemberId(page.items[0]?.id ?? '');
    } catch (err) {
      setError(err);
    }
  }

  async function preview(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      setResult(
        await call(
          client.POST('/api/messages/templates/{type}/preview', {
            params: { path: { type: props.type } },
            body: {
              memberId,
              marketing: props.type !== 'welcome' && props.type !== 'points_expiring',
              variables: SAMPLE,
            },
          }),
        ),
      );
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div class="preview" aria-label="Preview" role="region">
      <h3>Preview with a member’s data</h3>
      <form class="search-row" onSubmit={(e) => void find(e)}>
        <Field
          label="Find a member"
          name="preview-q"
          type="search"
          value={q}
          onValue={setQ}
          maxLength={100}
        />
        <div class="actions">
          <button type="submit" class="secondary">
            Find
          </button>
        </div>
      </form>
      {members.length > 0 && (
        <form onSubmit={(e) => void preview(e)}>
          <SelectField
            label="Member"
            name="preview-member"
            value={memberId}
            onValue={setMemberId}
            options={members.map((m) => ({ value: m.id, label: `${memberName(m)} (${m.memberNumber})` }))}
          />
          <div class="actions">
            <button type="submit">Preview {props.label}</button>
          </div>
        </form>
      )}
      {error ? <Notice kind="error">{describeError(error)}</Notice> : null}
      {result && (
        <div class="mail-preview" data-testid="preview">
          <p>
            <strong>To:</strong> {result.to ?? 'no e-mail address'}
          </p>
          <p>
            <strong>Subject:</strong> <span data-testid="preview-subject">{result.subject}</span>
          </p>
          <pre class="mail-text" data-testid="preview-text">
            {result.text}
          </pre>
          <iframe title="HTML version" sandbox="" srcdoc={result.html} class="mail-html" />
        </div>
      )}
    </div>
  );
}
