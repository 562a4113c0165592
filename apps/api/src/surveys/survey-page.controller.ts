import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DomainError } from '@regulars/core';
import { Public } from '../auth/decorators';
import { LoginThrottlerGuard } from '../auth/login-throttler.guard';
import { statusOf } from '../common/error.filter';
import { MessagingService } from '../messaging/messaging.service';
import { escapeHtml } from '../messaging/templates';
import { SurveysService } from './surveys.service';
import type { InvitationContext } from './surveys.repository';

type Words = typeof EN;
const EN = {
  title: 'Your opinion',
  question: (shop: string) => `How likely are you to recommend ${shop} to a friend or colleague?`,
  low: '0 = not at all likely',
  high: '10 = extremely likely',
  comment: 'Anything you would like to tell us? (optional)',
  send: 'Send my answer',
  hello: (name: string) => `Hello ${name},`,
  thanks: 'Thank you!',
  thanksText: (shop: string) => `Your answer helps ${shop} get better.`,
  already: 'You have already answered this survey. Thank you!',
  yourAnswer: (score: number) => `Your answer: ${score} of 10.`,
  receipt: 'Receipt code',
  receiptHint: 'The 8 characters printed on your receipt, for example 4F2A9C1B',
  notFound: 'This survey link is not valid. Please check the link in your e-mail.',
  pickScore: 'Please choose a number from 0 to 10.',
  receiptNotFound: 'We cannot find this receipt code. Please check it (a receipt can be used for 30 days).',
  receiptUsed: 'This receipt, or you, answered our survey recently. Thank you!',
};
const DE: Words = {
  title: 'Ihre Meinung',
  question: (shop) => `Wie wahrscheinlich ist es, dass Sie ${shop} einem Freund oder Kollegen empfehlen?`,
  low: '0 = sehr unwahrscheinlich',
  high: '10 = sehr wahrscheinlich',
  comment: 'Möchten Sie uns noch etwas sagen? (freiwillig)',
  send: 'Antwort senden',
  hello: (name) => `Hallo ${name},`,
  thanks: 'Vielen Dank!',
  thanksText: (shop) => `Ihre Antwort hilft ${shop}, besser zu werden.`,
  already: 'Sie haben diese Umfrage bereits beantwortet. Vielen Dank!',
  yourAnswer: (score) => `Ihre Antwort: ${score} von 10.`,
  receipt: 'Code auf dem Kassenbon',
  receiptHint: 'Die 8 Zeichen auf Ihrem Kassenbon, zum Beispiel 4F2A9C1B',
  notFound: 'Dieser Umfrage-Link ist ungültig. Bitte prüfen Sie den Link in Ihrer E-Mail.',
  pickScore: 'Bitte wählen Sie eine Zahl von 0 bis 10.',
  receiptNotFound: 'Diesen Code finden wir nicht. Bitte prüfen Sie ihn (ein Kassenbon gilt 30 Tage).',
  receiptUsed: 'Mit diesem Kassenbon oder von Ihnen wurde unsere Umfrage kürzlich beantwortet. Vielen Dank!',
};
const words = (language: string) => (language.toLowerCase().startsWith('de') ? DE : EN);

const CSS = `
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f5f2;color:#1d1d1b;line-height:1.5}
main{max-width:36rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
.shop{font-weight:600;color:#4a4a46;margin:0}
.card{background:#fff;border:1px solid #d9d6cf;border-radius:12px;padding:1.25rem}
fieldset{border:0;margin:0;padding:0}
legend{font-size:1.15rem;font-weight:600;margin-bottom:.75rem;padding:0}
.scale{display:grid;grid-template-columns:repeat(6,1fr);gap:.5rem}
@media (min-width:34rem){.scale{grid-template-columns:repeat(11,1fr)}}
.scale label{position:relative;display:block}
.scale input{position:absolute;opacity:0;width:100%;height:100%;margin:0;cursor:pointer}
.scale span{display:flex;align-items:center;justify-content:center;min-height:48px;border:2px solid #6b6860;border-radius:8px;font-size:1.1rem;font-weight:600;background:#fff}
.scale input:checked+span{background:#1f4e8c;border-color:#1f4e8c;color:#fff}
.scale input:focus-visible+span{outline:3px solid #b35c00;outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:1rem;font-size:.9rem;color:#4a4a46;margin:.5rem 0 1.25rem}
label.field{display:block;font-weight:600;margin:1rem 0 .35rem}
textarea,input[type=text]{width:100%;font:inherit;padding:.65rem;border:2px solid #6b6860;border-radius:8px;min-height:48px}
textarea{min-height:6rem}
.hint{font-size:.9rem;color:#4a4a46;margin:.25rem 0 0}
button{margin-top:1.25rem;width:100%;min-height:48px;font:inherit;font-weight:600;font-size:1.05rem;border:0;border-radius:8px;background:#1f4e8c;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.error{background:#fdecea;border:1px solid #b3261e;color:#8c1d18;border-radius:8px;padding:.75rem;margin-bottom:1rem}
`;

function page(lang: string, title: string, body: string): string {
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head><body><main>${body}</main></body></html>`;
}

function scoreForm(
  w: Words,
  shop: string,
  action: string,
  opts: { error?: string; receipt?: string; comment?: string; score?: string; withReceipt: boolean },
): string {
  const radios = Array.from(
    { length: 11 },
    (_, i) =>
      `<label><input type="radio" name="score" value="${i}" required${opts.score === String(i) ? ' checked' : ''} aria-label="${i}"><span aria-hidden="true">${i}</span></label>`,
  ).join('');
  const receipt = opts.withReceipt
    ? `<label class="field" for="receiptCode">${escapeHtml(w.receipt)}</label>
<input type="text" id="receiptCode" name="receiptCode" required maxlength="9" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="receiptHint" value="${escapeHtml(opts.receipt ?? '')}">
<p class="hint" id="receiptHint">${escapeHtml(w.receiptHint)}</p>`
    : '';
  return `${opts.error ? `<div class="error" role="alert">${escapeHtml(opts.error)}</div>` : ''}
<form method="post" action="${escapeHtml(action)}" class="card">
${receipt}
<fieldset${opts.withReceipt ? ' style="margin-top:1rem"' : ''}><legend id="q">${escapeHtml(w.question(shop))}</legend>
<div class="scale" role="radiogroup" aria-labelledby="q">${radios}</div>
<div class="ends" aria-hidden="true"><span>${escapeHtml(w.low)}</span><span>${escapeHtml(w.high)}</span></div>
</fieldset>
<label class="field" for="comment">${escapeHtml(w.comment)}</label>
<textarea id="comment" name="comment" maxlength="1000">${escapeHtml(opts.comment ?? '')}</textarea>
<button type="submit">${escapeHtml(w.send)}</button>
</form>`;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * The public survey pages (phone-first, server-rendered, no script needed):
 * /survey/:token from the e-mail link and /survey/at/:slug for a receipt code.
 * GET only shows; POST (an HTML form) answers, once. Errors come back as the
 * page with the message and the status of the one error vocabulary.
 */
@ApiExcludeController()
@Controller('survey')
export class SurveyPageController {
  constructor(
    private readonly surveys: SurveysService,
    private readonly messaging: MessagingService,
  ) {}

  private async words(businessId: string) {
    const { language } = await this.messaging.settings(businessId);
    return { w: words(language), lang: language };
  }

  private send(reply: FastifyReply, status: number, html: string) {
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(html);
  }

  private done(reply: FastifyReply, w: Words, lang: string, c: InvitationContext, fresh: boolean) {
    return this.send(
      reply,
      200,
      page(
        lang,
        w.thanks,
        `<p class="shop">${escapeHtml(c.shopName)}</p><h1>${escapeHtml(fresh ? w.thanks : w.already)}</h1>
<div class="card"><p>${escapeHtml(w.yourAnswer(c.score ?? 0))}</p><p>${escapeHtml(w.thanksText(c.shopName))}</p></div>`,
      ),
    );
  }

  private failure(e: unknown): { status: number; message: string } {
    if (!(e instanceof DomainError)) throw e;
    return { status: statusOf(e.code), message: e.message };
  }

  @Get('at/:slug')
  @Public()
  async receiptPage(@Param('slug') slug: string, @Res() reply: FastifyReply) {
    let shop;
    try {
      shop = await this.surveys.shop(slug);
    } catch (e) {
      const f = this.failure(e);
      return this.send(
        reply,
        f.status,
        page('en', 'Not found', `<h1>Not found</h1><p>${escapeHtml(f.message)}</p>`),
      );
    }
    const { w, lang } = await this.words(shop.id);
    return this.send(
      reply,
      200,
      page(
        lang,
        w.title,
        `<p class="shop">${escapeHtml(shop.name)}</p><h1>${escapeHtml(w.title)}</h1>
${scoreForm(w, shop.name, `/survey/at/${slug}`, { withReceipt: true })}`,
      ),
    );
  }

  @Post('at/:slug')
  @Public()
  @UseGuards(LoginThrottlerGuard)
  @HttpCode(200)
  async receiptAnswer(@Param('slug') slug: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    const f = (body ?? {}) as Record<string, unknown>;
    let shop;
    try {
      shop = await this.surveys.shop(slug);
    } catch (e) {
      const x = this.failure(e);
      return this.send(
        reply,
        x.status,
        page('en', 'Not found', `<h1>Not found</h1><p>${escapeHtml(x.message)}</p>`),
      );
    }
    const { w, lang } = await this.words(shop.id);
    try {
      const c = await this.surveys.answerByReceipt(slug, f.receiptCode, f.score, f.comment);
      return this.done(reply, w, lang, c, true);
    } catch (e) {
      const x = this.failure(e);
      const message =
        x.status === 400 && /score/.test(x.message)
          ? w.pickScore
          : x.status === 404
            ? w.receiptNotFound
            : x.status === 409
              ? w.receiptUsed
              : x.message;
      return this.send(
        reply,
        x.status,
        page(
          lang,
          w.title,
          `<p class="shop">${escapeHtml(shop.name)}</p><h1>${escapeHtml(w.title)}</h1>
${scoreForm(w, shop.name, `/survey/at/${slug}`, { withReceipt: true, error: message, receipt: str(f.receiptCode), comment: str(f.comment), score: str(f.score) })}`,
        ),
      );
    }
  }

  @Get(':token')
  @Public()
  async surveyPage(@Param('token') token: string, @Res() reply: FastifyReply) {
    let c: InvitationContext;
    try {
      c = await this.surveys.byToken(token);
    } catch (e) {
      const x = this.failure(e);
      return this.send(
        reply,
        x.status,
        page(
          'en',
          'Survey',
          `<h1>Survey</h1><div class="error" role="alert">${escapeHtml(EN.notFound)}</div>`,
        ),
      );
    }
    const { w, lang } = await this.words(c.businessId);
    if (c.answeredAt) return this.done(reply, w, lang, c, false);
    return this.send(
      reply,
      200,
      page(
        lang,
        w.title,
        `<p class="shop">${escapeHtml(c.shopName)}</p><h1>${escapeHtml(w.hello(c.firstName))}</h1>
${scoreForm(w, c.shopName, `/survey/${token}`, { withReceipt: false })}`,
      ),
    );
  }

  @Post(':token')
  @Public()
  @HttpCode(200)
  async surveyAnswer(@Param('token') token: string, @Body() body: unknown, @Res() reply: FastifyReply) {
    const f = (body ?? {}) as Record<string, unknown>;
    let c: InvitationContext;
    try {
      c = await this.surveys.byToken(token);
    } catch (e) {
      const x = this.failure(e);
      return this.send(
        reply,
        x.status,
        page(
          'en',
          'Survey',
          `<h1>Survey</h1><div class="error" role="alert">${escapeHtml(EN.notFound)}</div>`,
        ),
      );
    }
    const { w, lang } = await this.words(c.businessId);
    if (c.answeredAt)
      return this.send(
        reply,
        409,
        page(lang, w.title, `<p class="shop">${escapeHtml(c.shopName)}</p><h1>${escapeHtml(w.already)}</h1>`),
      );
    try {
      return this.done(reply, w, lang, await this.surveys.answerByToken(token, f.score, f.comment), true);
    } catch (e) {
      const x = this.failure(e);
      if (x.status === 409)
        return this.send(
          reply,
          409,
          page(
            lang,
            w.title,
            `<p class="shop">${escapeHtml(c.shopName)}</p><h1>${escapeHtml(w.already)}</h1>`,
          ),
        );
      return this.send(
        reply,
        x.status,
        page(
          lang,
          w.title,
          `<p class="shop">${escapeHtml(c.shopName)}</p><h1>${escapeHtml(w.hello(c.firstName))}</h1>
${scoreForm(w, c.shopName, `/survey/${token}`, { withReceipt: false, error: x.status === 400 && /score/.test(x.message) ? w.pickScore : x.message, comment: str(f.comment), score: str(f.score) })}`,
        ),
      );
    }
  }
}
