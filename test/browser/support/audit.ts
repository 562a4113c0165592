/// <reference lib="dom" />
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, SCREENSHOTS } from './browser';

export interface AuditProblem {
  kind: 'label' | 'target' | 'contrast';
  what: string;
}

/**
 * Checks the visible page: every input and select has a label, every control
 * (button, link, select, input, summary; the label of a checkbox or radio) is
 * at least 44 px tall (buttons also 44 px wide), and every piece of text has a
 * contrast of at least 4.5:1 against the background it is drawn on (WCAG
 * relative luminance). Returns the problems found, each named.
 */
export function audit(page: Page): Promise<AuditProblem[]> {
  return page.evaluate(() => {
    const problems: { kind: 'label' | 'target' | 'contrast'; what: string }[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      const s = getComputedStyle(el);
      return s.visibility !== 'hidden' && s.display !== 'none' && r.right > 0 && r.bottom > 0;
    };
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.getAttribute('name') ? `[name=${el.getAttribute('name')}]` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;

    // Labels.
    for (const el of Array.from(document.querySelectorAll('input, select, textarea'))) {
      if (!visible(el)) continue;
      const f = el as HTMLInputElement;
      if (f.type === 'hidden') continue;
      if (!(f.labels && f.labels.length > 0) && !f.getAttribute('aria-label'))
        problems.push({ kind: 'label', what: name(el) });
    }

    // Tap targets.
    for (const el of Array.from(document.querySelectorAll('button, a[href], select, input, summary'))) {
      if (!visible(el) || el.closest('.u-legend')) continue;
      let box = el.getBoundingClientRect();
      const input = el as HTMLInputElement;
      if (el.tagName === 'INPUT' && (input.type === 'checkbox' || input.type === 'radio')) {
        const label = input.labels?.[0] ?? input.closest('label');
        if (!label) continue;
        box = label.getBoundingClientRect();
      }
      const minWidth = el.tagName === 'BUTTON' ? 44 : 1;
      if (box.height < 43.5 || box.width < minWidth)
        problems.push({
          kind: 'target',
          what: `${name(el)} ${Math.round(box.width)}×${Math.round(box.height)}`,
        });
    }

    // Contrast of text.
    const parse = (c: string): [number, number, number, number] | null => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const p = m[1]
        .split(/[ ,/]+/)
        .filter(Boolean)
        .map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const lum = ([r, g, b]: number[]) => {
      const ch = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
    };
    const background = (el: Element | null): number[] => {
      // Composite the backgrounds from the element up to the page (white at the bottom).
      const layers: number[][] = [];
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c[3] > 0) {
          layers.push(c);
          if (c[3] >= 1) break;
        }
      }
      let out = [255, 255, 255];
      for (const c of layers.reverse()) out = out.map((v, i) => v * (1 - c[3]) + c[i] * c[3]);
      return out;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !(n.textContent ?? '').trim()) continue;
      seen.add(el);
      if (!visible(el) || el.closest('.sr-only, .skip, option')) continue;
      const s = getComputedStyle(el);
      const fg = parse(s.color);
      if (!fg) continue;
      const bg = background(el);
      const a = fg[3];
      const blended = [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a));
      const l1 = lum(blended);
      const l2 = lum(bg);
      let ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      // A disabled control's text is exempt from the contrast requirement (WCAG 1.4.3).
      if ((el.closest('button') as HTMLButtonElement | null)?.disabled) continue;
      const opacity = Number(s.opacity);
      if (opacity < 1) ratio = 1 + (ratio - 1) * opacity;
      if (ratio < 4.5)
        problems.push({
          kind: 'contrast',
          what: `${name(el)} ${ratio.toFixed(2)}:1 (${s.color} on rgb(${bg.map(Math.round).join(',')}))`,
        });
    }
    return problems;
  });
}

/**
 * Audits the page at each size (labels, contrast, tap targets: audit() above, and no sideways
 * scrolling of the page itself), then saves a full-page screenshot `<prefix><name>-<size>.png`
 * to look at. Leaves the page at desktop size.
 */
export async function checkAndShoot(
  page: Page,
  name: string,
  opts: { sizes?: { width: number; height: number }[]; prefix?: string } = {},
): Promise<void> {
  const { sizes = [PHONE, DESKTOP], prefix = 'admin-' } = opts;
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.waitForTimeout(250);
    const label = size === PHONE ? 'phone' : size === DESKTOP ? 'desktop' : 'tablet';
    expect({ page: `${name} (${label})`, problems: await audit(page) }).toEqual({
      page: `${name} (${label})`,
      problems: [],
    });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect({ page: `${name} (${label})`, overflow: overflow <= 1 }).toEqual({
      page: `${name} (${label})`,
      overflow: true,
    });
    await page.screenshot({ path: join(SCREENSHOTS, `${prefix}${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}
