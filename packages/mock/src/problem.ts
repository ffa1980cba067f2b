/** RFC 9457 problem documents, as the Careline REST API answers failures. */

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: Record<string, string>;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Sign-in required',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  422: 'Check the highlighted fields',
  429: 'Too many requests',
  500: 'Server error',
  503: 'Service unavailable',
};

/** Thrown by store operations; the handlers turn it into a problem+json response. */
export class MockProblem extends Error {
  constructor(
    readonly status: number,
    detail: string,
    readonly errors?: Record<string, string>,
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }

  get body(): ProblemBody {
    return problemBody(this.status, this.message, this.errors);
  }
}

export function problemBody(status: number, detail?: string, errors?: Record<string, string>): ProblemBody {
  return {
    type: status === 422 || status === 400 ? 'https://careline.example.org/problems/invalid' : 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...(errors && Object.keys(errors).length ? { errors } : {}),
  };
}

/** A 422 with per-field messages; throws only when there is at least one. */
export function throwIfInvalid(errors: Record<string, string>, detail = 'Some fields need attention.'): void {
  if (Object.keys(errors).length) throw new MockProblem(422, detail, errors);
}
