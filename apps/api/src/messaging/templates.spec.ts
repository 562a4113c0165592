import {
  defaultTemplate,
  formatAmount,
  MESSAGE_TYPES,
  renderTemplate,
  RenderContext,
  unknownVariables,
} from './templates';

const ctx: RenderContext = {
  language: 'en',
  currency: 'EUR',
  timeZone: 'Europe/Berlin',
  shopName: 'Café Anna',
  firstName: 'Mia',
  lastName: 'Meyer',
  unsubscribeUrl: null,
};

describe('templates', () => {
  it('ships a valid default for every type in English and German', () => {
    for (const type of MESSAGE_TYPES)
      for (const lang of ['en', 'de']) {
        const t = defaultTemplate(type, lang);
        expect({ type, lang, unknown: unknownVariables(t) }).toEqual({ type, lang, unknown: [] });
        expect(t.subject.length).toBeGreaterThan(0);
      }
    expect(defaultTemplate('welcome', 'de-AT').subject).toBe('Willkommen bei {{shopName}}');
    expect(defaultTemplate('welcome', 'fr').subject).toBe('Welcome to {{shopName}}');
  });

  it('fills variables, formatted in the language, currency and time zone of the business', () => {
    const t = { subject: '{{points}} for {{memberName}}', text: '{{amount}} by {{expiryDate}}', html: '' };
    const en = renderTemplate(t, ctx, { points: 12500, amount: 1240, expiryDate: '2026-04-30' });
    expect(en.subject).toBe('12,500 for Mia Meyer');
    expect(en.text).toBe('€12.40 by April 30, 2026');
    const de = renderTemplate(
      t,
      { ...ctx, language: 'de' },
      { points: 12500, amount: 1240, expiryDate: '2026-04-30' },
    );
    expect(de.subject).toBe('12.500 for Mia Meyer');
    expect(de.text).toBe('12,40\u00a0€ by 30. April 2026');
    // An instant is shown as its date in the business zone (23:30 UTC is already 1 May in Berlin).
    expect(renderTemplate(t, ctx, { expiryDate: '2026-04-30T23:30:00Z' }).text).toBe(' by May 1, 2026');
    expect(formatAmount(500, 'JPY', 'en')).toBe('¥500');
  });

  it('words the tier-at-risk goal in the program’s own measure (spend, visits, points), in English and German', () => {
    const risk = (
      lang: string,
      goal?: { metric: 'spend' | 'visits' | 'points'; missing: number },
      amount?: number,
    ) =>
      renderTemplate(
        defaultTemplate('tier_at_risk', lang),
        { ...ctx, language: lang },
        {
          tier: 'Gold',
          expiryDate: '2027-03-31',
          goal,
          amount,
        },
      ).text;
    expect(risk('en', { metric: 'spend', missing: 4200 })).toContain('spend €42.00 more at');
    expect(risk('en', undefined, 4200)).toContain('spend €42.00 more at'); // amount alone: the spend phrase
    expect(risk('en', { metric: 'visits', missing: 3 })).toContain('visit 3 more times at');
    expect(risk('en', { metric: 'visits', missing: 1 })).toContain('visit 1 more time at');
    expect(risk('en', { metric: 'points', missing: 1200 })).toContain('earn 1,200 more points at');
    expect(risk('en', { metric: 'points', missing: 1200 })).toContain('to keep Gold.');
    expect(risk('de', { metric: 'visits', missing: 3 })).toContain('mit 3 weiteren Besuchen bei');
    expect(risk('de', { metric: 'visits', missing: 1 })).toContain('mit 1 weiteren Besuch bei');
    expect(risk('de', { metric: 'points', missing: 1200 })).toContain('mit 1.200 weiteren Punkten bei');
    expect(risk('de', { metric: 'spend', missing: 4200 })).toContain(
      'mit 42,00\u00a0€ weiteren Einkäufen bei',
    );
  });

  it('escapes variables in HTML but not in text', () => {
    const t = { subject: 'Hi {{firstName}}', text: 'Hi {{firstName}}', html: '<p>Hi {{firstName}}</p>' };
    const r = renderTemplate(t, { ...ctx, firstName: '<script>alert("x")</script>' }, {});
    expect(r.html).toBe('<p>Hi &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>');
    expect(r.text).toBe('Hi <script>alert("x")</script>');
  });

  it('keeps a subject on one line', () => {
    const r = renderTemplate({ subject: 'A {{reward}}', text: '', html: '' }, ctx, { reward: 'x\r\nBcc: y' });
    expect(r.subject).toBe('A x Bcc: y');
  });

  it('adds an unsubscribe footer to marketing unless the template places the link', () => {
    const url = 'https://shop.example/api/unsubscribe/tok';
    const r = renderTemplate(
      defaultTemplate('win_back', 'en'),
      { ...ctx, unsubscribeUrl: url },
      { points: 40 },
    );
    expect(r.text).toContain(`Unsubscribe: ${url}`);
    expect(r.html).toContain(`<a href="${url}">Unsubscribe</a>`);
    const own = renderTemplate(
      { subject: 's', text: 'stop: {{unsubscribeUrl}}', html: '<a href="{{unsubscribeUrl}}">x</a>' },
      { ...ctx, unsubscribeUrl: url },
      {},
    );
    expect(own.text).toBe(`stop: ${url}`);
    expect(own.html).toBe(`<a href="${url}">x</a>`);
  });

  it('names unknown variables', () => {
    expect(unknownVariables({ subject: '{{ firstName }} {{nope}}', text: '{{bad}}', html: '' })).toEqual([
      'bad',
      'nope',
    ]);
  });
});
