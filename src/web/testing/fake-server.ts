/**
 * A small fake of the REST API for component tests: routes answer JSON by method and path, every request is
 * recorded (URL, method, headers, parsed body) so a test can check what the page really sent.
 * Install it with `server.install()` (replaces the global fetch) and `server.uninstall()` afterwards.
 */

/** A request as the fake server saw it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, e.g. `/api/post-mortems?limit=50`. */
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** What a route answers. */
export interface FakeAnswer {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

type Handler = (request: RecordedRequest) => FakeAnswer;

/** An error answer in the server's shape. */
export function errorAnswer(status: number, code: string, message: string, details?: unknown): FakeAnswer {
  return { status, body: { error: { code, message, ...(details === undefined ? {} : { details }) } } };
}

/** The fake API server. */
export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Handler>();
  private original: typeof fetch | undefined;

  /** Answers `METHOD path` (the path without query) with `answer` (or a function of the request). */
  on(method: string, path: string, answer: FakeAnswer | Handler): this {
    this.routes.set(`${method} ${path}`, typeof answer === 'function' ? answer : () => answer);
    return this;
  }

  /** The requests made to `METHOD path`. */
  made(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** Replaces the global fetch with this server. */
  install(): this {
    this.original = globalThis.fetch;
    globalThis.fetch = (input, init) => this.handle(input, init);
    return this;
  }

  /** Puts the real fetch back. */
  uninstall(): void {
    if (this.original !== undefined) globalThis.fetch = this.original;
  }

  private async handle(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const parsed = new URL(url, 'http://localhost');
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => {
      headers[key] = value;
    });
    if (init?.credentials !== 'same-origin')
      throw new Error(`fetch of ${url} without credentials: 'same-origin'`);
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const request: RecordedRequest = {
      method: init?.method ?? 'GET',
      url: parsed.pathname + parsed.search,
      path: parsed.pathname,
      query: parsed.searchParams,
      headers,
      body: text === undefined ? undefined : JSON.parse(text),
    };
    this.requests.push(request);
    const handler = this.routes.get(`${request.method} ${request.path}`);
    const answer =
      handler?.(request) ??
      errorAnswer(404, 'not_found', `no fake route for ${request.method} ${request.path}`);
    const status = answer.status ?? 200;
    const body = status === 204 || answer.body === undefined ? null : JSON.stringify(answer.body);
    return new Response(body, {
      status,
      headers: { ...(body === null ? {} : { 'content-type': 'application/json' }), ...answer.headers },
    });
  }
}
