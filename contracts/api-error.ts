/**
 * A problem document (RFC 9457) from the API as an Error, for the console and the CLI alike.
 * `code` is the stable error code; `errors` the per-field messages of a validation problem;
 * `problem` keeps the extension members (e.g. `language`, `retryAfter`).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: { path: string; message: string }[] = [],
    readonly problem: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The error a non-2xx response's body stands for; a body that is not a problem still gives its status. */
  static fromProblem(status: number, body: unknown): ApiError {
    const problem = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
    const text = (key: string) => (typeof problem[key] === "string" ? (problem[key] as string) : undefined);
    const errors = Array.isArray(problem.errors) ? (problem.errors as { path: string; message: string }[]) : [];
    return new ApiError(
      status,
      text("code") ?? `http_${status}`,
      text("detail") ?? text("title") ?? `HTTP ${status}`,
      errors,
      problem,
    );
  }
}
