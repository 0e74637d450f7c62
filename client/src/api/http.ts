import type { ApiErrorBody } from '../../../shared/errors';
import { API_VERSION, API_VERSION_HEADER } from '../../../shared/protocol';

/** Every non-2xx answer of the API, carrying the server's `{ error: { code, message, field?, rule? } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly rule: string | undefined;
  /** Seconds, from the Retry-After header (login throttling). */
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    field?: string | undefined;
    rule?: string | undefined;
    retryAfter?: number | undefined;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.rule = init.rule;
    this.retryAfter = init.retryAfter;
  }
}

/** Code used when the network itself failed (no HTTP answer at all). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

type Listener = (error: ApiError, path: string) => void;
const unauthenticatedListeners = new Set<Listener>();
const versionListeners = new Set<(serverVersion: string) => void>();

/**
 * Asked when the server wants a recent login before a sensitive action (STEP_UP_REQUIRED): the user confirms the
 * password again (a dialog), and the request is then sent once more. Resolves false when the user cancelled.
 */
let stepUpHandler: (() => Promise<boolean>) | null = null;
export function onStepUpRequired(handler: () => Promise<boolean>): () => void {
  stepUpHandler = handler;
  return () => {
    if (stepUpHandler === handler) stepUpHandler = null;
  };
}

/** Asks the user to confirm again; false when nobody can ask (no dialog mounted) or the user cancelled. */
export const confirmIdentity = (): Promise<boolean> => stepUpHandler?.() ?? Promise.resolve(false);

/** Called when the session ended on the server (expired, logged out elsewhere) during a request. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** Called when the server speaks another contract version than this (stale, cached) client was built for. */
export function onApiVersionMismatch(listener: (serverVersion: string) => void): () => void {
  versionListeners.add(listener);
  return () => versionListeners.delete(listener);
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error: unknown = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function parseRetryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Builds an ApiError from a failed response; tolerates bodies that are not the contract's (a proxy's HTML). */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: fall through to a generic error for the status.
  }
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  if (isErrorBody(body)) {
    return new ApiError({ status: response.status, ...body.error, retryAfter });
  }
  return new ApiError({
    status: response.status,
    // A proxy's 503 (the server restarting) is as temporary as the server's own.
    code: response.status === 503 ? 'UNAVAILABLE' : response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST',
    message: `HTTP ${response.status}`,
    retryAfter,
  });
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * The one place the client talks HTTP. The session cookie is httpOnly, so `credentials: 'same-origin'` is all
 * the authentication there is; bodies are always JSON.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(path, options);
  } catch (error) {
    // A sensitive action the session is too old for: confirm, then try once more.
    if (!(error instanceof ApiError) || error.code !== 'STEP_UP_REQUIRED' || !(await confirmIdentity()))
      throw error;
    return send<T>(path, options);
  }
}

async function send<T>(path: string, options: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers,
    cache: 'no-store',
  };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  if (options.signal) init.signal = options.signal;

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: NETWORK_ERROR, message: 'The server could not be reached.' });
  }

  const serverVersion = response.headers.get(API_VERSION_HEADER);
  if (serverVersion !== null && serverVersion !== String(API_VERSION)) {
    versionListeners.forEach((listener) => listener(serverVersion));
  }

  if (!response.ok) {
    const error = await toApiError(response);
    // The session endpoint answers 401 by design (nobody logged in); everywhere else it means the session ended.
    if (error.code === 'NOT_AUTHENTICATED' && !path.startsWith('/api/session')) {
      unauthenticatedListeners.forEach((listener) => listener(error, path));
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
