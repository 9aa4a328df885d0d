import { type RawBuilder, sql } from 'kysely';

/** A LIKE pattern that matches `text` literally where the pattern has `%` placeholders (escape: backslash). */
export function likePattern(before: string, text: string, after: string): RawBuilder<string> {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql<string>`${`${before}${escaped}${after}`} escape '\\'`;
}
