// What the API answers when it cannot answer the question: always JSON, never a stack trace.

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
    readonly status: 400 | 404 | 406 | 413 | 415 | 500 | 503,
    message: string,
    readonly details: { parameter?: string } = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: { status: this.status, message: this.message, ...this.details } };
  }
}
