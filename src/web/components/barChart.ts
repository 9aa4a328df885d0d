// Bar charts with Observable Plot. Every bar is a link to the projects behind it (Plot's href
// channel), and every chart comes with its figures as a table for those who cannot see it.
import * as Plot from '@observablehq/plot';
import { h } from '../dom.js';
import { moneyFull, moneyShort } from '../format.js';

export interface Bar {
  label: string;
  value: number;
  href: string | null;
}

const BAR_COLOUR = '#1d5b94';

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function width(): number {
  const main = document.getElementById('main');
  return Math.max(320, Math.min(960, (main?.clientWidth ?? 960) - 32));
}

/**
 * Years along the bottom, every year of `years` (those without a bar too, so a gap is seen as one):
 * a label every fifth year keeps thirty years readable.
 */
export function yearChart(bars: Bar[], description: string, years: string[] = []): Element {
  const domain = years.length > 0 ? years : bars.map((b) => b.label);
  const every = domain.length > 12 ? 5 : 1;
  return Plot.plot({
    ariaLabel: description,
    width: width(),
    height: 260,
    marginLeft: 70,
    x: { label: null, type: 'band', domain, tickFormat: (d: string) => (Number(d) % every === 0 ? d : '') },
    y: { label: null, grid: true, tickFormat: moneyShort },
    marks: [
      Plot.barY(bars, {
        x: 'label',
        y: 'value',
        fill: BAR_COLOUR,
        href: (b: Bar) => b.href ?? undefined,
        title: (b: Bar) => `${b.label}: ${moneyFull(b.value)}`,
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** Named groups (sectors, financiers, countries) as horizontal bars, the largest first. */
export function rankChart(bars: Bar[], description: string): Element {
  const w = width();
  const labelWidth = Math.min(280, Math.round(w * 0.4));
  return Plot.plot({
    ariaLabel: description,
    width: w,
    height: 30 + bars.length * 24,
    marginLeft: labelWidth,
    x: { label: null, grid: true, tickFormat: moneyShort },
    y: { label: null, domain: bars.map((b) => b.label), tickFormat: (d: string) => truncate(d, Math.floor(labelWidth / 6.5)) },
    marks: [
      Plot.barX(bars, {
        y: 'label',
        x: 'value',
        fill: BAR_COLOUR,
        href: (b: Bar) => b.href ?? undefined,
        title: (b: Bar) => `${b.label}: ${moneyFull(b.value)}`,
      }),
      Plot.ruleX([0]),
    ],
  });
}

export function chartFigure(chart: Element): HTMLElement {
  return h('figure', { class: 'chart' }, chart);
}
