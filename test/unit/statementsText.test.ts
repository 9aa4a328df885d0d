import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStatementText, readStatementFile } from '../../src/statements/document.js';
import { extractStatement } from '../../src/statements/extract.js';
import { isPageFurniture, stripDateline } from '../../src/statements/furniture.js';
import { articleFromHtml } from '../../src/statements/htmlArticle.js';
import { contentSentences } from '../../src/statements/passages.js';
import { splitSentences } from '../../src/statements/sentences.js';

const notKnown = () => false;

describe('plain-text statements', () => {
  it('read source: and date: header lines and a date marker before the first words', () => {
    const document = parseStatementText(
      'source: https://example.org/news/1\ndate: 2024-03-05\n\n date 2024-03-04 ALMATY – The bank said.\n',
    );
    expect(document).toEqual({
      text: 'ALMATY – The bank said.',
      title: null,
      publishedOn: '2024-03-05',
      source: 'https://example.org/news/1',
    });
    expect(parseStatementText(' date 2023-01-31 Images | example.kz\nText.').publishedOn).toBe('2023-01-31');
    expect(parseStatementText('date: yesterday\nText.').publishedOn).toBeNull();
    // Without a date line, the banner date or the dateline's date is the publication day; a date in a sentence is not.
    expect(parseStatementText('EN\nBank lends more\n19:15, 10 February 2026\nThe bank lent $5 million.').publishedOn).toBe('2026-02-10');
    expect(parseStatementText('Title here\nEXAMPLE-NEWS. February 24, 2010. The bank lent.').publishedOn).toBe('2010-02-24');
    expect(parseStatementText('The bank met on 5 March 2023 in Astana.').publishedOn).toBeNull();
    expect(parseStatementText('It covers 1\u00a0200\u00a0000 people and 2\u202f500 km.').text).toBe(
      'It covers 1,200,000 people and 2,500 km.',
    );
  });
});

describe('page furniture', () => {
  it('recognises comment counters, share and follow lines, bylines, credits and banner dates', () => {
    for (const line of [
      'Comments (0)',
      'Tell a friend',
      'Follow us on Instagram and Telegram',
      "Follow Example Daily's official Instagram and Twitter pages to keep current on world news.",
      'Share this article',
      'Photo credit: The Office of the President',
      'President Mirziyoyev and the bank delegation in Tashkent. Photo: press service',
      'Images | example.kz',
      'Aigerim Nurlanovna 2 hours ago Tue 01st October 2019 | 04:18 PM',
      '19:15, 10 February 2026',
      'EN',
      'Комментарии',
      'Read more: ADB approves $100 million',
      '© 2024 Example News. All rights reserved.',
      'ExampleNews.com',
      'Arailym Nurpeisova',
      'By Aida Sultanova',
    ]) {
      expect(isPageFurniture(line, notKnown), line).toBe(true);
    }
  });

  it('keeps headlines and sentences', () => {
    const known = (word: string) => word === 'Uzbekistan' || word === 'ADB';
    for (const line of [
      'Uzbekistan and ADB Expand Cooperation',
      'AIIB financing for Uzbekistan hits $1bn in 2025',
      'The bank shared its plans with 12 partners.',
      'Follow-up talks will be held in May.',
    ]) {
      expect(isPageFurniture(line, known), line).toBe(false);
    }
    expect(isPageFurniture('Uzbekistan Expands', known)).toBe(false);
  });

  it('strips datelines but not a sentence that opens with a known acronym', () => {
    const known = (word: string) => ['ADB', 'EBRD'].includes(word);
    expect(stripDateline('BISHKEK, Kyrgyzstan, March 20. The bank signed.', known)).toBe('The bank signed.');
    expect(stripDateline('ULAN BATOR , (Example / News Agency - 1st Oct, 2019 ):The bank will approve.', known)).toBe(
      'The bank will approve.',
    );
    expect(stripDateline('BAKU. NEWSWIRE The bank will allocate.', known)).toBe('The bank will allocate.');
    expect(stripDateline('EXAMPLE-NEWS. February 24, 2010. Uzbekistan became a member.', known)).toBe('Uzbekistan became a member.');
    expect(stripDateline('MANILA, PHILIPPINES (12 June 2023) — The bank approved a loan.', known)).toBe('The bank approved a loan.');
    expect(stripDateline('ALMATY – Kazakhstan plans to borrow.', known)).toBe('Kazakhstan plans to borrow.');
    expect(stripDateline('Tashkent, Uzbekistan (Example) — The bank will lend.', known)).toBe('The bank will lend.');
    expect(stripDateline('ADB, the lender, said so.', known)).toBe('ADB, the lender, said so.');
    expect(stripDateline('EBRD – a bank – said so.', known)).toBe('EBRD – a bank – said so.');
  });

  it('never yields claims from furniture', () => {
    const text = 'The bank approved a $10 million grant.\nComments (12)\nShare\nFollow us on Facebook\nMurat Abenov 5 minutes ago\n';
    expect(extractStatement(text).claims.map((c) => c.value)).toEqual([10_000_000]);
  });

  it('marks title-case lines as headlines: their figures count, their capitals are not people', () => {
    const sentences = contentSentences('Minister Meets Bank Chief Over $5 Million Loan\nThe minister met the bank.');
    expect(sentences.map((s) => s.headline)).toEqual([true, false]);
    const extraction = extractStatement('Minister Meets Bank Chief Over $5 Million Loan\nThe minister met the bank.');
    expect(extraction.entities.people).toEqual([]);
    expect(extraction.claims.map((c) => c.value)).toEqual([5_000_000]);
  });
});

describe('hard-wrapped text', () => {
  it('is joined back into sentences', () => {
    expect(contentSentences('The bank will lend $300\nmillion to the country. It is\nthe largest loan.').map((s) => s.text)).toEqual([
      'The bank will lend $300 million to the country.',
      'It is the largest loan.',
    ]);
  });
});

describe('sentences', () => {
  it('split at full stops but not after abbreviations, initials or inside numbers', () => {
    expect(
      splitSentences('The loan is 390 million U.S. dollars. Mr. Smith agreed. J. Doe signed it. The rate is 1.5 percent! Done?'),
    ).toEqual(['The loan is 390 million U.S. dollars.', 'Mr. Smith agreed.', 'J. Doe signed it.', 'The rate is 1.5 percent!', 'Done?']);
    expect(splitSentences('"We are ready," he said. "We will act."')).toEqual(['"We are ready," he said.', '"We will act."']);
  });
});

const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bank lends €30 million | Example News</title>
<meta property="article:published_time" content="2024-04-18T09:30:00+06:00"></head>
<body>
<header><nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/economy">Economy</a></li></ul></nav></header>
<div class="breadcrumbs"><a href="/">Home</a> / <a href="/economy">Economy</a></div>
<main><article class="post">
<h1>Bank lends €30 million to Kyrgyz lender</h1>
<div class="post-meta"><span class="byline">By Aida Sultanova</span></div>
<div class="share-buttons"><a>Facebook</a><a>Telegram</a><span>Tell a friend</span></div>
<p>BISHKEK, April 18. The European Bank for Reconstruction and Development (EBRD) is providing a loan of 30 million euros to a Kyrgyz commercial bank, the bank said on Wednesday.</p>
<figure><img src="/img/hq.jpg" alt=""><figcaption>The bank's headquarters, where 2,000 people work. Photo: EBRD</figcaption></figure>
<p>The financing will be on-lent to more than 2,000 micro and small enterprises, at least 40 percent of them led by women.</p>
<p>Since 1992 the EBRD has invested over €1 billion in 250 projects in the Kyrgyz Republic.</p>
<div class="related-posts"><h3>Related news</h3><ul><li>Bank approves $200 million for roads</li></ul></div>
</article></main>
<aside class="sidebar"><h3>Most read</h3><p>Economy to grow 5% in 2024</p></aside>
<section id="comments"><h3>Comments (3)</h3><p>Great news for 500 entrepreneurs!</p></section>
<footer><p>© 2024 Example News. All rights reserved.</p><p>Follow us on Instagram</p></footer>
</body></html>`;

describe('HTML pages', () => {
  it('keep the headline and the article, without menus, share buttons, captions, related links or comments', () => {
    const article = articleFromHtml(PAGE);
    expect(article.publishedOn).toBe('2024-04-18');
    expect(article.title).toBe('Bank lends €30 million to Kyrgyz lender');
    expect(article.text.split('\n')[0]).toBe('Bank lends €30 million to Kyrgyz lender');
    expect(article.text).toContain('Since 1992 the EBRD has invested over €1 billion in 250 projects');
    for (const furniture of [
      'Home',
      'Tell a friend',
      'Photo: EBRD',
      'Related news',
      'Most read',
      'Comments',
      'All rights reserved',
      'Great news',
    ]) {
      expect(article.text).not.toContain(furniture);
    }
  });

  it('give the same claims as the article text would', () => {
    const extraction = extractStatement(articleFromHtml(PAGE).text, { publishedOn: '2024-04-18' });
    expect(extraction.claims.map((c) => [c.measure, c.value, c.unit])).toEqual([
      ['amount', 30e6, 'EUR'],
      ['amount', 30e6, 'EUR'],
      ['count', 2000, 'enterprises'],
      ['share', 40, 'percent'],
      ['amount', 1e9, 'EUR'],
      ['count', 250, 'projects'],
    ]);
    expect(extraction.entities.countries).toEqual(['KG']);
  });

  it('are recognised by readStatementFile from a file or a string', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'devfin-statement-'));
    const file = path.join(folder, 'page.txt');
    writeFileSync(file, PAGE);
    expect(readStatementFile(file)).toMatchObject({
      title: 'Bank lends €30 million to Kyrgyz lender',
      publishedOn: '2024-04-18',
      source: file,
    });
    expect(readStatementFile(PAGE).publishedOn).toBe('2024-04-18');
    const text = path.join(folder, 'release.txt');
    writeFileSync(text, 'date: 2020-01-02\n\nThe bank lent $5 million.');
    expect(readStatementFile(text)).toMatchObject({ text: 'The bank lent $5 million.', publishedOn: '2020-01-02' });
  });
});
