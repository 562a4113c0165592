/**
 * Message templates: the types, the shipped defaults (English and German),
 * the variables a template may use, and rendering. Pure: no I/O, no clock.
 * Variables are `{{name}}`; in HTML every value is escaped, so a member
 * called `<script>` stays text.
 */
export const MESSAGE_TYPES = [
  'welcome',
  'thank_you',
  'reward_unlocked',
  'points_expiring',
  'birthday',
  'tier_reached',
  'tier_at_risk',
  'rebate_within_reach',
  'win_back',
  'survey',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const TEMPLATE_VARIABLES = [
  'firstName',
  'memberName',
  'shopName',
  'points',
  'reward',
  'expiryDate',
  'tier',
  'amount',
  'goal',
  'link',
  'unsubscribeUrl',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** What a trigger passes: raw values, formatted here in the business's language, currency and zone. */
export interface MessageVariables {
  /** Points (an integer). */
  points?: number;
  /** A reward's name. */
  reward?: string;
  /** A local date YYYY-MM-DD in the business time zone, or an ISO instant. */
  expiryDate?: string;
  /** A tier's name. */
  tier?: string;
  /** Money in minor units of the business currency. */
  amount?: number;
  /**
   * What is still missing toward a goal (a tier to keep), in the tier program's own measure;
   * {{goal}} reads "spend €42.00 more" / "visit 3 more times" / "earn 120 more points". Without
   * it, {{goal}} is the spend phrase of `amount`.
   */
  goal?: { metric: 'spend' | 'visits' | 'points'; missing: number };
  /** A link for the member (a survey, the member page). */
  link?: string;
}

export interface TemplateText {
  subject: string;
  text: string;
  html: string;
}

export interface RenderContext {
  language: string;
  currency: string;
  timeZone: string;
  shopName: string;
  firstName: string;
  lastName: string | null;
  unsubscribeUrl: string | null;
}

type Defaults = Record<MessageType, TemplateText>;

const p = (s: string) => `<p>${s}</p>`;

const EN: Defaults = {
  welcome: {
    subject: 'Welcome to {{shopName}}',
    text: 'Hello {{firstName}},\n\nwelcome to the loyalty programme of {{shopName}}. Show your card at the counter and every visit counts.\n\n{{shopName}}',
    html: `${p('Hello {{firstName}},')}${p('welcome to the loyalty programme of <strong>{{shopName}}</strong>. Show your card at the counter and every visit counts.')}${p('{{shopName}}')}`,
  },
  thank_you: {
    subject: 'Thank you for your visit, {{firstName}}',
    text: 'Hello {{firstName}},\n\nthank you for your visit to {{shopName}}. You now have {{points}} points.\n\n{{shopName}}',
    html: `${p('Hello {{firstName}},')}${p('thank you for your visit to {{shopName}}. You now have <strong>{{points}}</strong> points.')}${p('{{shopName}}')}`,
  },
  reward_unlocked: {
    subject: 'A reward is waiting for you: {{reward}}',
    text: 'Hello {{firstName}},\n\nyou can now redeem {{reward}} at {{shopName}}. Just show your card.\n\n{{shopName}}',
    html: `${p('Hello {{firstName}},')}${p('you can now redeem <strong>{{reward}}</strong> at {{shopName}}. Just show your card.')}${p('{{shopName}}')}`,
  },
  points_expiring: {
    subject: 'Your points expire on {{expiryDate}}',
    text: 'Hello {{firstName}},\n\n{{points}} of your points at {{shopName}} expire on {{expiryDate}}. Redeem them before then.\n\n{{shopName}}',
    html: `${p('Hello {{firstName}},')}${p('<strong>{{points}}</strong> of your points at {{shopName}} expire on <strong>{{expiryDate}}</strong>. Redeem them before then.')}${p('{{shopName}}')}`,
  },
  birthday: {
    subject: 'Happy birthday, {{firstName}}!',
    text: 'Hello {{firstName}},\n\nhappy birthday from everyone at {{shopName}}! {{reward}}\n\n{{shopName}}',
    html: `${p('Hello {{firstName}},')}${p('happy birthday from everyone at {{shopName}}! {{reward}}')}${p('{{shopName}}')}`,
  },
  tier_reached: {
    subject: 'Welcome to {{tier}}',
    text: 'Hello {{firstName}},\n\nyou have reached {{tier}} at {{shopName}}. Enjoy your new benefits.\n\n{{shopName}}',
    html: `${p('Hello {{firstName}},')}${p('you have reached <strong>{{tier}}</strong> at {{shopName}}. Enjoy your new benefits.')}${p('{{shopName}}')}`,
  },
  tier_at_risk: {
    subject: 'Keep your {{tier}} status',
    text: 'Hello {{firstName}},\n\n{{goal}} at {{shopName}} by {{expiryDate}} to keep {{tier}}.\n\n{{shopName}}',
    html: `${p('Hello {{firstName}},')}${p('<strong>{{goal}}</strong> at {{shopName}} by {{expiryDate}} to keep <strong>{{tier}}</strong>.')}${p('{{shopName}}')}`,
  },
  rebate_within_reach: {
    subject: 'Your next rebate is within reach',
    text: 'Hello {{firstName}},\n\n{{amount}} more in purchases at {{shopName}} by {{expiryDate}} takes you to the next rebate bracket.\n\n{{shopName}}',
    html: `${p('Hello {{firstName}},')}${p('<strong>{{amount}}</strong> more in purchases at {{shopName}} by {{expiryDate}} takes you to the next rebate bracket.')}${p('{{shopName}}')}`,
  },
  win_back: {
    subject: 'We miss you at {{shopName}}',
    text: 'Hello {{firstName}},\n\nit has been a while. Your {{points}} points are waiting for you at {{shopName}}.\n\n{{shopName}}',
    html: `${p('Hello {{firstName}},')}${p('it has been a while. Your <strong>{{points}}</strong> points are waiting for you at {{shopName}}.')}${p('{{shopName}}')}`,
  },
  survey: {
    subject: 'How was your visit to {{shopName}}?',
    text: 'Hello {{firstName}},\n\none question: how likely are you to recommend {{shopName}} to a friend? {{link}}\n\n{{shopName}}',
    html: `${p('Hello {{firstName}},')}${p('one question: how likely are you to recommend {{shopName}} to a friend?')}${p('<a href="{{link}}">Answer (10 seconds)</a>')}${p('{{shopName}}')}`,
  },
};

const DE: Defaults = {
  welcome: {
    subject: 'Willkommen bei {{shopName}}',
    text: 'Hallo {{firstName}},\n\nwillkommen im Treueprogramm von {{shopName}}. Zeigen Sie Ihre Karte an der Kasse, und jeder Besuch zählt.\n\n{{shopName}}',
    html: `${p('Hallo {{firstName}},')}${p('willkommen im Treueprogramm von <strong>{{shopName}}</strong>. Zeigen Sie Ihre Karte an der Kasse, und jeder Besuch zählt.')}${p('{{shopName}}')}`,
  },
  thank_you: {
    subject: 'Danke für Ihren Besuch, {{firstName}}',
    text: 'Hallo {{firstName}},\n\ndanke für Ihren Besuch bei {{shopName}}. Sie haben jetzt {{points}} Punkte.\n\n{{shopName}}',
    html: `${p('Hallo {{firstName}},')}${p('danke für Ihren Besuch bei {{shopName}}. Sie haben jetzt <strong>{{points}}</strong> Punkte.')}${p('{{shopName}}')}`,
  },
  reward_unlocked: {
    subject: 'Eine Prämie wartet auf Sie: {{reward}}',
    text: 'Hallo {{firstName}},\n\nSie können jetzt {{reward}} bei {{shopName}} einlösen. Zeigen Sie einfach Ihre Karte.\n\n{{shopName}}',
    html: `${p('Hallo {{firstName}},')}${p('Sie können jetzt <strong>{{reward}}</strong> bei {{shopName}} einlösen. Zeigen Sie einfach Ihre Karte.')}${p('{{shopName}}')}`,
  },
  points_expiring: {
    subject: 'Ihre Punkte verfallen am {{expiryDate}}',
    text: 'Hallo {{firstName}},\n\n{{points}} Ihrer Punkte bei {{shopName}} verfallen am {{expiryDate}}. Lösen Sie sie vorher ein.\n\n{{shopName}}',
    html: `${p('Hallo {{firstName}},')}${p('<strong>{{points}}</strong> Ihrer Punkte bei {{shopName}} verfallen am <strong>{{expiryDate}}</strong>. Lösen Sie sie vorher ein.')}${p('{{shopName}}')}`,
  },
  birthday: {
    subject: 'Alles Gute zum Geburtstag, {{firstName}}!',
    text: 'Hallo {{firstName}},\n\nalles Gute zum Geburtstag von allen bei {{shopName}}! {{reward}}\n\n{{shopName}}',
    html: `${p('Hallo {{firstName}},')}${p('alles Gute zum Geburtstag von allen bei {{shopName}}! {{reward}}')}${p('{{shopName}}')}`,
  },
  tier_reached: {
    subject: 'Willkommen in {{tier}}',
    text: 'Hallo {{firstName}},\n\nSie haben {{tier}} bei {{shopName}} erreicht. Viel Freude mit Ihren neuen Vorteilen.\n\n{{shopName}}',
    html: `${p('Hallo {{firstName}},')}${p('Sie haben <strong>{{tier}}</strong> bei {{shopName}} erreicht. Viel Freude mit Ihren neuen Vorteilen.')}${p('{{shopName}}')}`,
  },
  tier_at_risk: {
    subject: 'Behalten Sie Ihren Status {{tier}}',
    text: 'Hallo {{firstName}},\n\nmit {{goal}} bei {{shopName}} bis {{expiryDate}} behalten Sie {{tier}}.\n\n{{shopName}}',
    html: `${p('Hallo {{firstName}},')}${p('mit <strong>{{goal}}</strong> bei {{shopName}} bis {{expiryDate}} behalten Sie <strong>{{tier}}</strong>.')}${p('{{shopName}}')}`,
  },
  rebate_within_reach: {
    subject: 'Ihr nächster Bonus ist in Reichweite',
    text: 'Hallo {{firstName}},\n\nmit {{amount}} weiteren Einkäufen bei {{shopName}} bis {{expiryDate}} erreichen Sie die nächste Bonusstufe.\n\n{{shopName}}',
    html: `${p('Hallo {{firstName}},')}${p('mit <strong>{{amount}}</strong> weiteren Einkäufen bei {{shopName}} bis {{expiryDate}} erreichen Sie die nächste Bonusstufe.')}${p('{{shopName}}')}`,
  },
  win_back: {
    subject: 'Wir vermissen Sie bei {{shopName}}',
    text: 'Hallo {{firstName}},\n\nes ist eine Weile her. Ihre {{points}} Punkte warten bei {{shopName}} auf Sie.\n\n{{shopName}}',
    html: `${p('Hallo {{firstName}},')}${p('es ist eine Weile her. Ihre <strong>{{points}}</strong> Punkte warten bei {{shopName}} auf Sie.')}${p('{{shopName}}')}`,
  },
  survey: {
    subject: 'Wie war Ihr Besuch bei {{shopName}}?',
    text: 'Hallo {{firstName}},\n\neine Frage: Wie wahrscheinlich ist es, dass Sie {{shopName}} weiterempfehlen? {{link}}\n\n{{shopName}}',
    html: `${p('Hallo {{firstName}},')}${p('eine Frage: Wie wahrscheinlich ist es, dass Sie {{shopName}} weiterempfehlen?')}${p('<a href="{{link}}">Antworten (10 Sekunden)</a>')}${p('{{shopName}}')}`,
  },
};

const UNSUBSCRIBE: Record<string, { text: string; html: string }> = {
  en: {
    text: 'You receive this because you agreed to news from {{shopName}}. Unsubscribe: {{unsubscribeUrl}}',
    html: '<p style="font-size:12px;color:#666">You receive this because you agreed to news from {{shopName}}. <a href="{{unsubscribeUrl}}">Unsubscribe</a></p>',
  },
  de: {
    text: 'Sie erhalten diese Nachricht, weil Sie Neuigkeiten von {{shopName}} zugestimmt haben. Abmelden: {{unsubscribeUrl}}',
    html: '<p style="font-size:12px;color:#666">Sie erhalten diese Nachricht, weil Sie Neuigkeiten von {{shopName}} zugestimmt haben. <a href="{{unsubscribeUrl}}">Abmelden</a></p>',
  },
};

function baseLanguage(language: string): string {
  return language.toLowerCase().split('-')[0];
}

/** The shipped default of a type in a language (English where no translation exists). */
export function defaultTemplate(type: MessageType, language: string): TemplateText {
  return (baseLanguage(language) === 'de' ? DE : EN)[type];
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The unknown variable names a template uses (empty when it is valid). */
export function unknownVariables(t: TemplateText): string[] {
  const known = new Set<string>(TEMPLATE_VARIABLES);
  const bad = new Set<string>();
  for (const s of [t.subject, t.text, t.html])
    for (const m of s.matchAll(PLACEHOLDER)) if (!known.has(m[1])) bad.add(m[1]);
  return [...bad].sort();
}

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Money in minor units, in the business's language and currency ("12,40 €"). */
export function formatAmount(minor: number, currency: string, language: string): string {
  const f = new Intl.NumberFormat(language, { style: 'currency', currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
}

/** A local date (YYYY-MM-DD) as is, or an instant as its date in the business zone, in the business's language. */
export function formatDate(value: string, language: string, timeZone: string): string {
  const local = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (local) {
    const d = new Date(Date.UTC(Number(local[1]), Number(local[2]) - 1, Number(local[3])));
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(d);
  }
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(new Date(ms));
}

/** {{goal}}: the missing progress as a phrase that fits the default tier-at-risk sentence. */
function goalText(ctx: RenderContext, goal: MessageVariables['goal']): string {
  if (!goal) return '';
  const de = ctx.language.startsWith('de');
  const n = new Intl.NumberFormat(ctx.language).format(goal.missing);
  if (goal.metric === 'spend') {
    const money = formatAmount(goal.missing, ctx.currency, ctx.language);
    return de ? `${money} weiteren Einkäufen` : `spend ${money} more`;
  }
  if (goal.metric === 'visits')
    return de
      ? `${n} ${goal.missing === 1 ? 'weiteren Besuch' : 'weiteren Besuchen'}`
      : `visit ${n} more ${goal.missing === 1 ? 'time' : 'times'}`;
  return de ? `${n} weiteren Punkten` : `earn ${n} more points`;
}

/** Every variable's display text. */
export function variableValues(ctx: RenderContext, v: MessageVariables): Record<TemplateVariable, string> {
  return {
    firstName: ctx.firstName,
    memberName: [ctx.firstName, ctx.lastName].filter(Boolean).join(' '),
    shopName: ctx.shopName,
    points: v.points === undefined ? '' : new Intl.NumberFormat(ctx.language).format(v.points),
    reward: v.reward ?? '',
    expiryDate: v.expiryDate === undefined ? '' : formatDate(v.expiryDate, ctx.language, ctx.timeZone),
    tier: v.tier ?? '',
    amount: v.amount === undefined ? '' : formatAmount(v.amount, ctx.currency, ctx.language),
    goal: goalText(
      ctx,
      v.goal ?? (v.amount === undefined ? undefined : { metric: 'spend', missing: v.amount }),
    ),
    link: v.link ?? '',
    unsubscribeUrl: ctx.unsubscribeUrl ?? '',
  };
}

function fill(s: string, values: Record<string, string>, escape: boolean): string {
  return s.replace(PLACEHOLDER, (_m, name: string) => {
    const v = values[name] ?? '';
    return escape ? escapeHtml(v) : v;
  });
}

/**
 * Renders a template. With an unsubscribe URL (marketing e-mail), a footer
 * with the link is added unless the template already places it.
 */
export function renderTemplate(t: TemplateText, ctx: RenderContext, v: MessageVariables): TemplateText {
  const values = variableValues(ctx, v);
  let { text, html } = t;
  if (ctx.unsubscribeUrl) {
    const footer = UNSUBSCRIBE[baseLanguage(ctx.language)] ?? UNSUBSCRIBE.en;
    if (!/\{\{\s*unsubscribeUrl\s*\}\}/.test(text)) text = `${text}\n\n--\n${footer.text}`;
    if (!/\{\{\s*unsubscribeUrl\s*\}\}/.test(html)) html = `${html}${footer.html}`;
  }
  return {
    subject: fill(t.subject, values, false).replace(/[\r\n]+/g, ' '),
    text: fill(text, values, false),
    html: fill(html, values, true),
  };
}
