// How sources report bad input: an InputError rejects a whole file; an InputWarning is counted
// and listed but does not stop the import.

export interface InputPosition {
  file: string;
  line: number | null;
  column?: number | null;
}

function where(position: InputPosition): string {
  let text = position.file;
  if (position.line != null) text += `:${position.line}`;
  if (position.line != null && position.column != null) text += `:${position.column}`;
  return text;
}

export class InputError extends Error {
  readonly position: InputPosition;
  readonly reason: string;

  constructor(position: InputPosition, reason: string) {
    super(`${where(position)}: ${reason}`);
    this.name = 'InputError';
    this.position = position;
    this.reason = reason;
  }
}

export interface InputWarning extends InputPosition {
  message: string;
  /** A known flaw of the source that changes a figure (an amount not counted): shown even without --verbose. */
  notable?: boolean;
}

export function formatWarning(warning: InputWarning): string {
  return `${where(warning)}: ${warning.message}`;
}
