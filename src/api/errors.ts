// What the API answers when it cannot answer the question: always JSON, never a stack trace.
import { ParamError } from '../portfolio/parameters.js';

/** The body of every error response. */
export interface ErrorBody {
  error: {
    status: number;
    message: string;
    /** The query parameter at fault (400). */
    parameter?: string;
    /** For a 500: the id of the log line that holds the details. */
    id?: string;
  };
}

/** An error whose message is meant for the client, with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 406 | 409 | 413 | 415 | 429 | 500 | 503,
    message: string,
    readonly details: { parameter?: string } = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: { status: this.status, message: this.message, ...this.details } };
  }
}

/** The error as the client is to see it (a bad parameter is a 400 naming it); null for a failure of the server's own. */
export function clientError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof ParamError) return new ApiError(400, error.message, { parameter: error.parameter });
  return null;
}
