// The article of a web page: Mozilla's Readability (the Firefox Reader View algorithm) on a
// linkedom document finds the main text; before it runs, the parts that are page furniture by
// their markup (navigation, share bars, comments, related links, captions) are removed, because
// Readability keeps a share bar or a caption that sits inside the article element.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface HtmlArticle {
  title: string | null;
  /** The article as plain text, one paragraph (or heading, or list item) per line. */
  text: string;
  /** YYYY-MM-DD from the page's metadata, when it gives one. */
  publishedOn: string | null;
}

const REMOVED_ELEMENTS = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'form',
  'button',
  'nav',
  'aside',
  'footer',
  'figcaption',
  'svg',
  'video',
  'audio',
  '[role="navigation"]',
  '[role="complementary"]',
  '[role="contentinfo"]',
  '[aria-hidden="true"]',
].join(',');

/** Words that mark furniture when a class or id name begins or ends with them ("share-bar", "post-comments"). */
const FURNITURE_WORDS = new Set(
  'share sharing social socials comment comments related newsletter subscribe breadcrumb breadcrumbs tags advert advertisement ads banner cookie cookies promo popular sidebar menu navbar footer caption credit credits byline author print rating'.split(
    ' ',
  ),
);

function marksFurniture(names: string): boolean {
  return names
    .split(/\s+/)
    .filter((name) => name !== '')
    .some((name) => {
      const parts = name.toLowerCase().split(/[-_]+/).filter(Boolean);
      return FURNITURE_WORDS.has(parts[0] ?? '') || FURNITURE_WORDS.has(parts[parts.length - 1] ?? '');
    });
}

const BLOCKS = 'p,div,section,article,header,h1,h2,h3,h4,h5,h6,li,ul,ol,blockquote,pre,table,tr,figure,dd,dt,main';

interface DomElement {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  remove(): void;
  before(...nodes: string[]): void;
  after(...nodes: string[]): void;
  querySelectorAll(selector: string): Iterable<DomElement>;
}

function paragraphText(root: DomElement): number {
  let length = 0;
  for (const p of root.querySelectorAll('p')) length += (p.textContent ?? '').length;
  return length;
}

function removeFurniture(root: DomElement): void {
  for (const element of [...root.querySelectorAll(REMOVED_ELEMENTS)]) element.remove();
  const total = paragraphText(root);
  for (const element of [...root.querySelectorAll('[class],[id]')]) {
    const tag = element.tagName.toLowerCase();
    if (tag === 'body' || tag === 'html' || tag === 'article' || tag === 'main') continue;
    if (!marksFurniture(`${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`)) continue;
    // A wrongly named wrapper of the article itself ("author-text") must not take the article with it.
    if (total > 0 && paragraphText(element) > total / 2) continue;
    element.remove();
  }
}

/** Plain text with a line per block element, spaces collapsed inside lines. */
function blockText(root: DomElement): string {
  for (const element of [...root.querySelectorAll('br')]) element.before('\n');
  for (const element of [...root.querySelectorAll(BLOCKS)]) {
    element.before('\n');
    element.after('\n');
  }
  return (root.textContent ?? '')
    .split('\n')
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

const DATE_META = [
  'meta[property="article:published_time"]',
  'meta[property="og:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="pubdate"]',
  'meta[name="publishdate"]',
  'meta[name="date"]',
  'meta[name="DC.date.issued"]',
  'meta[name="dcterms.date"]',
];

function publishedOnOf(document: DomElement): string | null {
  for (const selector of DATE_META) {
    for (const meta of document.querySelectorAll(selector)) {
      const day = isoDay(meta.getAttribute('content'));
      if (day) return day;
    }
  }
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    const day = isoDay(/"datePublished"\s*:\s*"([^"]+)"/.exec(script.textContent ?? '')?.[1] ?? null);
    if (day) return day;
  }
  for (const time of document.querySelectorAll('time[datetime]')) {
    const day = isoDay(time.getAttribute('datetime'));
    if (day) return day;
  }
  return null;
}

function isoDay(value: string | null): string | null {
  const match = value ? /^(\d{4}-\d{2}-\d{2})/.exec(value.trim()) : null;
  return match ? (match[1] as string) : null;
}

/** The article of an HTML page: title, text without furniture, publication day. */
export function articleFromHtml(html: string, url?: string): HtmlArticle {
  const { document } = parseHTML(html);
  const page = document as unknown as DomElement & { title?: string };
  const publishedOn = publishedOnOf(page);
  const metaTitle = [...page.querySelectorAll('meta[property="og:title"]')][0]?.getAttribute('content') ?? null;
  removeFurniture(page);
  if (url) {
    // Readability resolves relative links against the document's URL; linkedom has none by default.
    const base = document.createElement('base');
    base.setAttribute('href', url);
    document.head?.appendChild(base);
  }
  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { keepClasses: false }).parse();
  let text: string;
  if (article?.content) {
    const { document: content } = parseHTML(`<html><body>${article.content}</body></html>`);
    // A document's own textContent is null: read its body.
    text = blockText(content.body as unknown as DomElement);
  } else {
    const body = page.querySelectorAll('body');
    const first = [...body][0];
    text = first ? blockText(first) : '';
  }
  const heading = [...page.querySelectorAll('h1')][0]?.textContent?.replace(/\s+/g, ' ').trim() || null;
  const title = (heading || article?.title || metaTitle || page.title || '').trim() || null;
  // The headline states figures too ("AIIB financing for Uzbekistan hits $1bn"): keep it as the first line.
  if (title && !text.startsWith(title)) text = `${title}\n${text}`;
  return { title, text, publishedOn };
}
