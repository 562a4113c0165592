import type { Page } from 'playwright-core';

/**
 * Checks the page as it is shown: every visible tap target (links, buttons,
 * inputs, summaries; a checkbox counts with its label) at least 44 × 44 px, and
 * every visible text at least 4.5:1 against its background (3:1 for large text:
 * 24 px, or 18.66 px bold). Disabled controls are exempt (WCAG 1.4.3).
 * Returns the problems found, one sentence each.
 */
export async function audit(page: Page): Promise<string[]> {
  return page.evaluate(AUDIT) as Promise<string[]>;
}

const AUDIT = `(() => {
  const problems = [];
  const name = (el) => {
    const text = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || '').trim().replace(/\\s+/g, ' ');
    return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + text.slice(0, 40) + '"';
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]')) {
    if (!visible(el) || el.disabled) continue;
    let r = el.getBoundingClientRect();
    if (el.matches('input[type=checkbox], input[type=radio]')) {
      const label = el.closest('label');
      if (label) r = label.getBoundingClientRect();
    }
    if (r.height < 43.5 || r.width < 43.5)
      problems.push('tap target ' + name(el) + ' is ' + Math.round(r.width) + ' x ' + Math.round(r.height) + ' px');
  }
  const parse = (c) => {
    const m = /rgba?\\(([^)]+)\\)/.exec(c);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const blend = (top, bottom) => {
    const a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) bg = blend(layers[i], bg);
    return bg;
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    if (!el || seen.has(el) || !visible(el) || el.closest('[disabled], [aria-hidden="true"], script, style, option')) continue;
    seen.add(el);
    const cs = getComputedStyle(el);
    const fg = parse(cs.color);
    if (!fg) continue;
    const bg = background(el);
    const shown = blend([fg[0], fg[1], fg[2], fg[3] * opacity(el)], bg);
    const l1 = lum(shown), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (Number(cs.fontWeight) >= 700 && size >= 18.66);
    if (ratio < (large ? 3 : 4.5))
      problems.push('contrast of ' + name(el) + ' is ' + ratio.toFixed(2) + ':1');
  }
  return problems;
})()`;
