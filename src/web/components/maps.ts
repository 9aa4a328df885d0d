// Maps drawn with d3-geo from world-atlas's Natural Earth shapes (1:110m), served by devfin itself:
// the shapes file is fetched once, only by pages with a map. Every shape and point is a link, so
// the map works with the keyboard; the page shows the same figures as a table beside it.

import { type GeoPermissibleObjects, type GeoProjection, geoConicEqualArea, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlasUrl from 'world-atlas/countries-110m.json?url';
import { numericOf } from '../countries.js';
import { displayCurrency } from '../currency.js';
import { h } from '../dom.js';
import { moneyFull } from '../format.js';
import { countryName, numberLocale, t } from '../i18n.js';

type Country = Feature<Geometry, { name: string }>;

let atlas: Promise<Country[]> | null = null;

export function countryShapes(): Promise<Country[]> {
  atlas ??= fetch(atlasUrl)
    .then((r) => r.json() as Promise<Topology<{ countries: GeometryCollection<{ name: string }> }>>)
    .then((topology) => (feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>).features);
  return atlas;
}

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  ...children: Node[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  for (const child of children) element.appendChild(child);
  return element;
}

function titled(text: string): SVGTitleElement {
  const title = document.createElementNS(SVG, 'title');
  title.textContent = text;
  return title;
}

/** A conic projection centred on Central Asia, fitted to `extent`. */
function projectionFor(extent: GeoPermissibleObjects, width: number, height: number): GeoProjection {
  return geoConicEqualArea()
    .parallels([30, 50])
    .rotate([-80, 0])
    .fitExtent(
      [
        [8, 8],
        [width - 8, height - 8],
      ],
      extent,
    );
}

/** Five classes from light to dark blue, each step at least as dark as the one before (contrast on white). */
const PALETTE = ['#dbe9f6', '#a6c8e6', '#6aa3d4', '#2f74b5', '#0b4a8b'];

function classesOf(values: number[]): number[] {
  const positive = values.filter((v) => v > 0).sort((a, b) => a - b);
  if (positive.length === 0) return [];
  // Equal steps on a log scale: amounts range over three orders of magnitude across the region.
  const low = Math.log10(positive[0] as number);
  const high = Math.log10(positive[positive.length - 1] as number);
  const step = (high - low) / PALETTE.length || 1;
  return PALETTE.slice(1).map((_, i) => 10 ** (low + step * (i + 1)));
}

function colourOf(value: number, thresholds: number[]): string {
  if (!(value > 0)) return '#f2f2f2';
  const index = thresholds.findIndex((limit) => value < limit);
  return PALETTE[index === -1 ? PALETTE.length - 1 : index] as string;
}

/** The member countries (ISO2) coloured by `values` (ISO2 → USD), each a link to its country page. */
export async function regionMap(memberCodes: readonly string[], values: Map<string, number>): Promise<HTMLElement> {
  const shapes = await countryShapes();
  const drawn = memberCodes.flatMap((iso2) => {
    const numeric = numericOf(iso2);
    const shape = numeric ? shapes.find((s) => String(s.id) === numeric) : undefined;
    return shape ? [{ iso2, shape }] : [];
  });
  const members = new Set(drawn.map((d) => d.shape));
  const width = 900;
  const height = 520;
  const projection = projectionFor({ type: 'FeatureCollection', features: [...members] } as FeatureCollection, width, height);
  const path = geoPath(projection);
  const thresholds = classesOf([...values.values()]);
  const neighbours = shapes.filter((s) => !members.has(s)).map((s) => svg('path', { d: path(s) ?? '', class: 'neighbour' }));
  const countries = drawn.map(({ iso2, shape }) => {
    const value = values.get(iso2) ?? 0;
    const name = countryName(iso2);
    const [x, y] = path.centroid(shape);
    const label = `${name}: ${value > 0 ? moneyFull(value) : t('noData')}`;
    return svg(
      'a',
      { href: `/country/${iso2}`, 'aria-label': label, 'data-country': iso2 },
      titled(label),
      svg('path', { d: path(shape) ?? '', fill: colourOf(value, thresholds), class: 'member' }),
      svg('text', { x: x ?? 0, y: y ?? 0, class: 'map-label', 'text-anchor': 'middle' }, document.createTextNode(iso2)),
    );
  });
  const map = svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': t('mapTitle'), class: 'map' },
    ...neighbours,
    ...countries,
  );
  return h('figure', { class: 'map-figure' }, map, legend(thresholds));
}

function legend(thresholds: number[]): HTMLElement {
  const short = (n: number) => new Intl.NumberFormat(numberLocale(), { notation: 'compact', maximumFractionDigits: 1 }).format(n);
  const bounds = [0, ...thresholds];
  return h(
    'figcaption',
    { class: 'legend' },
    h('span', {}, `${t('mapLegend', { currency: displayCurrency() })}: `),
    h('span', { class: 'swatch', style: 'background:#f2f2f2' }),
    h('span', {}, t('noData')),
    ...PALETTE.flatMap((colour, i) => [
      h('span', { class: 'swatch', style: `background:${colour}` }),
      h(
        'span',
        {},
        thresholds.length ? (i < thresholds.length ? `< ${short(thresholds[i] as number)}` : `≥ ${short(bounds[i] as number)}`) : '',
      ),
    ]),
  );
}

export interface MapPoint {
  lat: number;
  lon: number;
  label: string;
  href: string;
}

/** Points (project locations) over a country's shape, or over the region when no country is given. */
export async function pointMap(points: MapPoint[], country: string | null, description: string): Promise<HTMLElement> {
  const shapes = await countryShapes();
  const numeric = country ? numericOf(country) : undefined;
  const own = shapes.find((s) => String(s.id) === numeric) ?? null;
  const width = 900;
  const height = 460;
  const pointsCollection = {
    type: 'FeatureCollection',
    features: points.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })),
  } as FeatureCollection;
  const projection = projectionFor(own ?? pointsCollection, width, height);
  const path = geoPath(projection);
  const land = shapes.map((s) => svg('path', { d: path(s) ?? '', class: s === own ? 'member plain' : 'neighbour' }));
  const dots = points.flatMap((p) => {
    const at = projection([p.lon, p.lat]);
    if (!at) return [];
    return [
      svg('a', { href: p.href, 'aria-label': p.label }, titled(p.label), svg('circle', { cx: at[0], cy: at[1], r: 6, class: 'point' })),
    ];
  });
  return h(
    'figure',
    { class: 'map-figure' },
    svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': description, class: 'map' }, ...land, ...dots),
  );
}
