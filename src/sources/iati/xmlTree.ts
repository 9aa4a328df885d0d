// A small element tree for one record at a time (one iati-activity or iati-organisation), built from
// a streaming, namespace-aware SAX parse so memory stays flat whatever the file size.
import { createRequire } from 'node:module';
import type { SaxesAttributeNS, SaxesParser, SaxesTagNS } from 'saxes';

const require = createRequire(import.meta.url);

import { InputError } from '../../model/problems.js';

export interface XmlElement {
  /** Local name; elements from other namespaces (publisher extensions) are not kept. */
  name: string;
  /**
   * The attributes as saxes hands them over, keyed by qualified name; read them with attribute().
   * Kept as they come rather than copied: copying them cost more than the rest of the tree.
   */
  attributes: Readonly<Record<string, SaxesAttributeNS>>;
  children: XmlElement[];
  text: string;
  line: number;
}

export interface RecordHandlers {
  /** Called once with the root element (its attributes, no children). */
  root(root: XmlElement): void;
  /** Names of the root's children that are records (e.g. iati-activity). */
  recordNames: ReadonlySet<string>;
  record(element: XmlElement): void;
  /** Something in the file that devfin does not follow (a processing instruction, an XInclude). */
  ignored(line: number, what: string): void;
}

/**
 * The deepest nesting of elements a file may have, the root counting as 1. IATI's own elements
 * nest at most 6 deep (iati-activities, iati-activity, transaction, provider-org, narrative);
 * the margin leaves room for publishers' extensions. The bound also keeps reading linear in the
 * file's size: saxes looks each element's namespace up through every open element, so a file of
 * 100,000 nested elements took minutes to read.
 */
export const MAX_XML_DEPTH = 100;

const XINCLUDE_NAMESPACE = 'http://www.w3.org/2001/XInclude';

const NOT_BLANK = /\S/;

/** Text in, records out through the handlers; malformed XML is an InputError naming the line. */
export interface RecordParser {
  write(text: string): void;
  close(): void;
  /** The line being read. */
  readonly line: number;
}

/**
 * A SAX parser that hands over each record element, complete, as soon as it closes. A DOCTYPE is
 * refused outright: IATI files never need one, and refusing it rules out entity expansion bombs
 * and external entities.
 *
 * saxes is given six event handlers, not seven: V8 turns an object to which a seventh property is
 * added by a computed name (as saxes's `on` does) into a dictionary, and every field the parser
 * reads per character then becomes a hash lookup, which made reading several times slower. So no
 * error handler: saxes throws its errors when it has none, and write and close turn them into an
 * InputError. A test checks that the parser keeps its fast properties.
 */
export function createRecordParser(file: string, handlers: RecordHandlers): RecordParser {
  const parser = saxesParser(file, handlers);
  const readingError = (error: unknown): unknown =>
    // saxes's own errors are plain Errors; an InputError from a handler, or any other error, passes as it is.
    error instanceof Error && error.constructor === Error
      ? new InputError({ file, line: parser.line, column: parser.column }, plainSaxesMessage(error.message, file))
      : error;
  return {
    write(text) {
      try {
        parser.write(text);
      } catch (error) {
        throw readingError(error);
      }
    },
    close() {
      try {
        parser.close();
      } catch (error) {
        throw readingError(error);
      }
    },
    get line() {
      return parser.line;
    },
  };
}

/** The saxes parser behind createRecordParser, exported for the test of its properties. */
export function saxesParser(file: string, handlers: RecordHandlers): SaxesParser<{ xmlns: true; position: true }> {
  // Loaded when the first XML file is read, not when devfin starts.
  const { SaxesParser: Parser } = require('saxes') as typeof import('saxes');
  const parser = new Parser({ xmlns: true, position: true, fileName: file });
  const stack: XmlElement[] = [];
  // Depth of elements being skipped because they belong to another namespace.
  let foreignDepth = 0;
  let sawRoot = false;

  parser.on('doctype', (doctype: string) => {
    // The event comes at the end of the declaration; name the line where it starts.
    const line = parser.line - (doctype.match(/\n/g)?.length ?? 0);
    throw new InputError(
      { file, line },
      'the file has a DOCTYPE declaration; IATI files never need one and devfin refuses them so that no entity is expanded and no external resource is read',
    );
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (stack.length + foreignDepth >= MAX_XML_DEPTH) {
      throw new InputError(
        { file, line: parser.line },
        `elements nest more than ${MAX_XML_DEPTH} deep (<${tag.name}>); IATI files nest some 6 deep, so devfin refuses deeper files`,
      );
    }
    if (tag.uri === XINCLUDE_NAMESPACE) {
      const href = tag.attributes.href?.value;
      handlers.ignored(
        parser.line,
        `XInclude <${tag.name}${href ? ` href="${href.slice(0, 100)}"` : ''}> not followed: devfin reads only the file itself`,
      );
    }
    if (foreignDepth > 0 || (tag.uri !== '' && stack.length > 0)) {
      foreignDepth++;
      return;
    }
    const element: XmlElement = { name: tag.local, attributes: tag.attributes, children: [], text: '', line: parser.line };
    if (!sawRoot) {
      sawRoot = true;
      handlers.root(element);
      stack.push(element);
      return;
    }
    // The root keeps no children: each record is handed over and dropped when it closes.
    if (stack.length > 1) stack[stack.length - 1]?.children.push(element);
    stack.push(element);
    parser.on('text', onText);
  });
  const onText = (text: string) => {
    if (foreignDepth > 0 || stack.length < 2) return;
    const top = stack[stack.length - 1];
    // Text is only ever read trimmed, so whitespace before an element's first text (the indentation
    // between child elements, mostly) need not be kept: keeping it cost a string per element.
    if (top && (top.text !== '' || NOT_BLANK.test(text))) top.text += text;
  };
  parser.on('cdata', (text: string) => {
    if (foreignDepth > 0 || stack.length < 2) return;
    const top = stack[stack.length - 1];
    if (top) top.text += text;
  });
  parser.on('closetag', () => {
    if (foreignDepth > 0) {
      foreignDepth--;
      return;
    }
    // What follows a closing tag, up to the next tag, is the indentation between elements: IATI has
    // no mixed content (text beside child elements). Not asking saxes for it spares it building
    // those strings, which made reading some 5% faster; the next opening tag asks again. (A
    // publisher's own element inside a text leaves the text on: what follows it is still read.)
    parser.off('text');
    const element = stack.pop();
    if (element && stack.length === 1 && handlers.recordNames.has(element.name)) handlers.record(element);
  });
  parser.on('processinginstruction', (instruction: { target: string }) => {
    // Before the root (a stylesheet for browsers, say) a processing instruction concerns no record.
    if (sawRoot) handlers.ignored(parser.line, `processing instruction <?${instruction.target.slice(0, 100)} ...?> ignored`);
  });
  return parser;
}

/** saxes prefixes its messages with file:line:column; the InputError adds those itself. */
function plainSaxesMessage(message: string, file: string): string {
  const prefix = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `);
  return `malformed XML: ${message.replace(prefix, '')}`;
}

/**
 * The value of an attribute in no namespace (`name` without a prefix), or of an xml: attribute
 * (`xml:lang`). Attributes of publishers' own namespaces are never asked for: a name without a
 * prefix only matches an attribute written without one.
 */
export function attribute(element: XmlElement | undefined, name: string): string | undefined {
  return element?.attributes[name]?.value;
}

/** First child element with that name. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The children grouped by name: one pass for an element whose children are looked up by many names. */
export function childrenByName(element: XmlElement): ReadonlyMap<string, XmlElement[]> {
  const byName = new Map<string, XmlElement[]>();
  for (const c of element.children) {
    const same = byName.get(c.name);
    if (same) same.push(c);
    else byName.set(c.name, [c]);
  }
  return byName;
}
