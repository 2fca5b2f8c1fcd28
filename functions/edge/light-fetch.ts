/*
 * `Headers`, `Request`, `Response` and `FormData` for the HTTP bundles (api, links, web), without Node's
 * fetch. The first use of any of Node's own classes loads its internal undici (the fetch
 * implementation): 20–25 ms of CPU once per process, in every cold start, for what hono's Lambda
 * adapter and Context do with them: build a request from an API Gateway event whose body is already in
 * memory, headers, and a response read back as text. These classes do that part of the standard, as
 * Node's do it (light-fetch.test.ts runs the same operations on both and compares), and the bundles use
 * them in place of the globals (esbuild `inject`, infra/bundling/esbuild-settings.ts): the globals
 * themselves are left alone, so nothing outside the bundle sees them.
 *
 * What they do not do, they hand to Node's classes, explicitly: a body that is a Blob, a FormData or a
 * stream they did not make, a multipart form, `blob()`, `Response.error()`. Those build or return
 * Node's real object (and load undici then); no Relais route asks for them.
 */

type RealResponse = typeof globalThis.Response;
type RealRequest = typeof globalThis.Request;

// Node's classes, read from `globalThis` only when a fallback needs them (reading them loads undici).
// `globalThis.X` is not a free `X`, so the bundles' inject does not replace it.
const realResponse = (): RealResponse => globalThis.Response;
const realRequest = (): RealRequest => globalThis.Request;

/** One of these classes' objects (`isPrototypeOf` answers false for what is not an object). */
const isLight = (klass: { prototype: object }, value: unknown): boolean =>
  Object.prototype.isPrototypeOf.call(klass.prototype, value as object);

/**
 * `instanceof`: one of these classes' objects, or one of Node's (a fallback's, or what `fetch`
 * returns), known by its tag, since checking against Node's class would load undici.
 */
const isOne = (klass: { prototype: object }, tag: string, value: unknown): boolean =>
  isLight(klass, value) ||
  (typeof value === 'object' &&
    value !== null &&
    Object.prototype.toString.call(value) === `[object ${tag}]`);

/** The string as the standard's USVString: each lone surrogate replaced by U+FFFD. */
const wellFormed = (text: string): string => (text as string & { toWellFormed(): string }).toWellFormed();

// ── Headers ────────────────────────────────────────────────────────────────────────────────────────

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const OUTER_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

const byteString = (value: unknown): string => {
  const text = String(value);
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 255) {
      throw new TypeError(`Not a ByteString: character ${i} is above 255.`);
    }
  }
  return text;
};

const headerName = (name: unknown): string => {
  const text = byteString(name);
  if (!TOKEN.test(text)) throw new TypeError(`Headers: "${text}" is an invalid header name.`);
  return text.toLowerCase();
};

const headerValue = (value: unknown): string => {
  const text = byteString(value).replace(OUTER_WHITESPACE, '');
  if (/[\0\r\n]/.test(text)) throw new TypeError(`Headers: "${text}" is an invalid header value.`);
  return text;
};

type HeadersInit = Headers | Iterable<Iterable<unknown>> | Record<string, unknown>;

/** The Fetch standard's `Headers`: names case-insensitive, iteration sorted, `set-cookie` kept apart. */
export class Headers {
  // Lower-cased name → its values in order (joined with ", " when read, except set-cookie's).
  readonly #values = new Map<string, string[]>();
  #sorted: [string, string][] | undefined;
  #immutable = false;

  constructor(init?: HeadersInit | null) {
    if (init === undefined) return;
    if (init === null || (typeof init !== 'object' && typeof init !== 'function')) {
      throw new TypeError('Headers: not a sequence or a record.');
    }
    if (Symbol.iterator in init) {
      for (const pair of init as Iterable<Iterable<unknown>>) {
        if (pair === null || typeof pair !== 'object' || !(Symbol.iterator in pair)) {
          throw new TypeError('Headers: a pair is not a sequence.');
        }
        const items = [...pair];
        if (items.length !== 2) {
          throw new TypeError(`Headers: a pair of ${items.length}.`);
        }
        this.append(items[0] as string, items[1] as string);
      }
    } else {
      for (const key of Object.keys(init)) this.append(key, (init as Record<string, unknown>)[key] as string);
    }
  }

  /** Makes the headers read-only, as the standard's "immutable" guard (`Response.redirect`). */
  static freeze(headers: Headers): Headers {
    headers.#immutable = true;
    return headers;
  }

  #write(): void {
    if (this.#immutable) throw new TypeError('immutable');
    this.#sorted = undefined;
  }

  append(name: string, value: string): void {
    const key = headerName(name);
    const text = headerValue(value);
    this.#write();
    const values = this.#values.get(key);
    if (values) values.push(text);
    else this.#values.set(key, [text]);
  }

  set(name: string, value: string): void {
    const key = headerName(name);
    const text = headerValue(value);
    this.#write();
    this.#values.set(key, [text]);
  }

  delete(name: string): void {
    const key = headerName(name);
    this.#write();
    this.#values.delete(key);
  }

  get(name: string): string | null {
    return this.#values.get(headerName(name))?.join(', ') ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(headerName(name));
  }

  getSetCookie(): string[] {
    return [...(this.#values.get('set-cookie') ?? [])];
  }

  /** The standard's "sort and combine": by name, each set-cookie on its own, other values joined. */
  #list(): [string, string][] {
    if (this.#sorted) return this.#sorted;
    const list: [string, string][] = [];
    for (const key of [...this.#values.keys()].sort()) {
      const values = this.#values.get(key)!;
      if (key === 'set-cookie') for (const value of values) list.push([key, value]);
      else list.push([key, values.join(', ')]);
    }
    this.#sorted = list;
    return list;
  }

  forEach(callback: (value: string, name: string, headers: Headers) => void, thisArg?: unknown): void {
    // The list is read again at each step, as the standard's iteration does.
    for (let i = 0; i < this.#list().length; i++) {
      const [name, value] = this.#list()[i]!;
      callback.call(thisArg, value, name, this);
    }
  }

  *#iterate<T>(pick: (entry: [string, string]) => T): IterableIterator<T> {
    for (let i = 0; i < this.#list().length; i++) yield pick([...this.#list()[i]!] as [string, string]);
  }

  entries(): IterableIterator<[string, string]> {
    return this.#iterate((entry) => entry);
  }

  keys(): IterableIterator<string> {
    return this.#iterate(([name]) => name);
  }

  values(): IterableIterator<string> {
    return this.#iterate(([, value]) => value);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return isOne(Headers, 'Headers', value);
  }
}

// ── FormData ───────────────────────────────────────────────────────────────────────────────────────

const keyOf = (name: unknown): string => wellFormed(String(name));

/** The Fetch standard's `FormData`, for string values (an urlencoded form): a file value is refused. */
export class FormData {
  readonly #entries: [string, string][] = [];

  constructor(form?: unknown) {
    if (form !== undefined) throw new TypeError('FormData: no form element here.');
  }

  static #value(value: unknown): string {
    if (typeof value === 'object' && value !== null) {
      throw new TypeError('FormData: strings only (no Blob or File).');
    }
    return wellFormed(String(value));
  }

  append(name: string, value: string): void {
    this.#entries.push([keyOf(name), FormData.#value(value)]);
  }

  set(name: string, value: string): void {
    const key = keyOf(name);
    const text = FormData.#value(value);
    const at = this.#entries.findIndex(([k]) => k === key);
    if (at === -1) {
      this.#entries.push([key, text]);
      return;
    }
    this.#entries[at] = [key, text];
    for (let i = this.#entries.length - 1; i > at; i--)
      if (this.#entries[i]![0] === key) this.#entries.splice(i, 1);
  }

  get(name: string): string | null {
    const key = keyOf(name);
    return this.#entries.find(([k]) => k === key)?.[1] ?? null;
  }

  getAll(name: string): string[] {
    const key = keyOf(name);
    return this.#entries.filter(([k]) => k === key).map(([, v]) => v);
  }

  has(name: string): boolean {
    const key = keyOf(name);
    return this.#entries.some(([k]) => k === key);
  }

  delete(name: string): void {
    const key = keyOf(name);
    for (let i = this.#entries.length - 1; i >= 0; i--)
      if (this.#entries[i]![0] === key) this.#entries.splice(i, 1);
  }

  forEach(callback: (value: string, name: string, form: FormData) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.#entries.length; i++) {
      const [name, value] = this.#entries[i]!;
      callback.call(thisArg, value, name, this);
    }
  }

  *entries(): IterableIterator<[string, string]> {
    for (let i = 0; i < this.#entries.length; i++) yield [...this.#entries[i]!] as [string, string];
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'FormData';
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return isOne(FormData, 'FormData', value);
  }
}

// ── bodies ─────────────────────────────────────────────────────────────────────────────────────────

/**
 * A body held whole in memory. Shared by a response and one made from its `body` stream (hono's
 * Context does `new Response(res.body, res)` to change a finished response's headers): whichever
 * reads it first uses it, as with the one stream two real objects would share.
 */
interface BodyState {
  text: string | undefined; // as given, when given as a string (read back without decoding)
  bytes: Uint8Array | undefined;
  used: boolean;
  stream: ReadableStream<Uint8Array> | undefined;
}

// The streams these classes made (`body`), to their state: a body made from one takes the bytes.
const STREAMS = new WeakMap<object, BodyState>();

const encoder = new TextEncoder();

const bytesOf = (state: BodyState): Uint8Array => {
  state.bytes ??= encoder.encode(state.text!);
  return state.bytes;
};

const streamOf = (state: BodyState): ReadableStream<Uint8Array> => {
  if (!state.stream) {
    // Pulled only when read (a high-water mark of 0): the body is used when a read is asked for or
    // the stream cancelled, as a real body's stream is "disturbed".
    state.stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          state.used = true;
          const bytes = bytesOf(state);
          if (bytes.byteLength > 0) controller.enqueue(bytes.slice());
          controller.close();
        },
        cancel() {
          state.used = true;
        },
      },
      { highWaterMark: 0 },
    );
    STREAMS.set(state.stream, state);
  }
  return state.stream;
};

/** A body and the content type it implies, or `undefined` when only Node's classes can take it. */
const extractBody = (body: unknown): { state: BodyState | null; type: string | undefined } | undefined => {
  if (body === null || body === undefined) return { state: null, type: undefined };
  const fresh = (text: string | undefined, bytes: Uint8Array | undefined): BodyState => ({
    text,
    bytes,
    used: false,
    stream: undefined,
  });
  if (typeof body === 'string') return { state: fresh(wellFormed(body), undefined), type: TEXT };
  if (body instanceof ArrayBuffer)
    return { state: fresh(undefined, new Uint8Array(body.slice(0))), type: undefined };
  if (ArrayBuffer.isView(body)) {
    const view = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    return { state: fresh(undefined, view.slice()), type: undefined };
  }
  if (body instanceof URLSearchParams) return { state: fresh(body.toString(), undefined), type: FORM_TYPE };
  const shared = STREAMS.get(body);
  if (shared) {
    usable(shared);
    return { state: shared, type: undefined };
  }
  if (typeof body === 'object' || typeof body === 'function') return undefined;
  return { state: fresh(String(body), undefined), type: TEXT };
};

const TEXT = 'text/plain;charset=UTF-8';
const FORM_TYPE = 'application/x-www-form-urlencoded;charset=UTF-8';

/** `copy` (`clone`) given a body of its own with the content of `state`. */
const cloned = <T>(state: BodyState | null, copy: T): T => {
  if (state) (copy as unknown as { state: BodyState }).state = { ...state, used: false, stream: undefined };
  return copy;
};

/** Throws if the body was read or its stream locked (the standard's "unusable"). */
const usable = (state: BodyState | null | undefined): void => {
  if (state?.used || state?.stream?.locked) throw new TypeError('Body already read or locked.');
};

const consume = (state: BodyState | null): Uint8Array | string => {
  if (state === null) return new Uint8Array();
  usable(state);
  state.used = true;
  return state.text ?? state.bytes!;
};

const decoder = new TextDecoder();
const textOf = (body: Uint8Array | string): string => {
  if (typeof body !== 'string') return decoder.decode(body);
  // Decoding UTF-8 drops a leading byte order mark.
  return body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
};
const bufferOf = (body: Uint8Array | string): ArrayBuffer => {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body.slice();
  return bytes.buffer as ArrayBuffer;
};

/** The body methods of `Request` and `Response` (the standard's Body mixin). */
abstract class Body {
  protected abstract readonly state: BodyState | null;
  abstract readonly headers: Headers;

  get body(): ReadableStream<Uint8Array> | null {
    return this.state === null ? null : streamOf(this.state);
  }

  get bodyUsed(): boolean {
    return this.state?.used ?? false;
  }

  async text(): Promise<string> {
    return textOf(consume(this.state));
  }

  async json(): Promise<unknown> {
    return JSON.parse(textOf(consume(this.state)));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return bufferOf(consume(this.state));
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(bufferOf(consume(this.state)));
  }

  /** An urlencoded form here; a multipart form is Node's to parse (it returns Node's FormData). */
  async formData(): Promise<FormData> {
    const essence = (this.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (essence === 'multipart/form-data') {
      const Real = realResponse();
      return (await new Real(await this.arrayBuffer(), { headers: [...this.headers] }).formData()) as never;
    }
    const text = textOf(consume(this.state));
    if (essence !== 'application/x-www-form-urlencoded') {
      throw new TypeError(`Not a form's Content-Type.`);
    }
    const form = new FormData();
    for (const [name, value] of new URLSearchParams(text)) form.append(name, value);
    return form;
  }

  /** Node's Blob, made by Node's class. */
  async blob(): Promise<Blob> {
    const Real = realResponse();
    return new Real(await this.arrayBuffer(), { headers: [...this.headers] }).blob();
  }
}

// ── Response ───────────────────────────────────────────────────────────────────────────────────────

const parseUrl = (input: unknown): URL => {
  try {
    return new URL(String(input));
  } catch (cause) {
    throw new TypeError(`Failed to parse URL from ${String(input)}`, { cause });
  }
};

/** WebIDL's `unsigned short`, as the status of an init is read. */
const unsignedShort = (value: unknown): number => {
  const n = Math.trunc(Number(value));
  return Number.isFinite(n) ? ((n % 65536) + 65536) % 65536 : 0;
};

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

interface ResponseInit {
  status?: number;
  statusText?: string;
  headers?: HeadersInit;
}

/** The Fetch standard's `Response`, for bodies held in memory. */
export class Response extends Body {
  readonly status!: number;
  readonly statusText!: string;
  readonly headers!: Headers;
  protected readonly state!: BodyState | null;
  readonly type: string = 'default';
  readonly url: string = '';
  readonly redirected: boolean = false;

  constructor(body?: unknown, given?: ResponseInit | null) {
    super();
    const init = given ?? {};
    const extracted = extractBody(body);
    // A body only Node's class takes (a Blob, a FormData, a stream not made here): Node's Response.
    // biome-ignore lint/correctness/noConstructorReturn: the explicit fallback to Node's class, named above.
    if (!extracted) return new (realResponse())(body as never, init as never) as never;
    const status = init.status === undefined ? 200 : unsignedShort(init.status);
    if (status < 200 || status > 599) {
      throw new RangeError('Status not in 200–599.');
    }
    const statusText = init.statusText === undefined ? '' : String(init.statusText);
    if (!REASON_PHRASE.test(statusText)) throw new TypeError('Invalid statusText');
    this.status = status;
    this.statusText = statusText;
    this.headers = new Headers(init.headers);
    if (extracted.state !== null && NULL_BODY_STATUSES.has(status)) {
      throw new TypeError(`A ${status} has no body.`);
    }
    this.state = extracted.state;
    if (extracted.type !== undefined && !this.headers.has('content-type')) {
      this.headers.append('content-type', extracted.type);
    }
  }

  get ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  clone(): Response {
    usable(this.state);
    return cloned(this.state, new Response(null, this));
  }

  static json(data: unknown, init: ResponseInit = {}): Response {
    const text = JSON.stringify(data);
    if (text === undefined) throw new TypeError('Value is not JSON serializable');
    // The JSON type unless the init names one (the standard's "initialize a response").
    const typed = new Headers(init.headers).has('content-type');
    const response = new Response(text, init);
    if (!typed) response.headers.set('content-type', 'application/json');
    return response;
  }

  static redirect(url: string | URL, status = 302): Response {
    const parsed = parseUrl(url);
    if (!REDIRECT_STATUSES.has(status)) throw new RangeError(`Invalid status code ${status}`);
    const response = new Response(null, { status, headers: { location: parsed.href } });
    Headers.freeze(response.headers);
    return response;
  }

  /** Node's network error response. */
  static error(): Response {
    return realResponse().error() as never;
  }

  get [Symbol.toStringTag](): string {
    return 'Response';
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return isOne(Response, 'Response', value);
  }
}

// ── Request ────────────────────────────────────────────────────────────────────────────────────────

const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

interface RequestInit {
  method?: string;
  headers?: HeadersInit;
  body?: unknown;
  signal?: AbortSignal | null;
  duplex?: string;
  [other: string]: unknown;
}

const methodOf = (method: unknown): string => {
  const text = byteString(method);
  if (!TOKEN.test(text)) throw new TypeError(`Bad method ${text}.`);
  const upper = text.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper)) throw new TypeError(`Bad method ${text}.`);
  return NORMALISED_METHODS.has(upper) ? upper : text;
};

/** The Fetch standard's `Request`, for a request whose body is held in memory (an API Gateway event). */
export class Request extends Body {
  readonly url!: string;
  readonly method!: string;
  readonly headers!: Headers;
  protected readonly state!: BodyState | null;
  #signal: AbortSignal | undefined;
  readonly cache = 'default';
  readonly credentials = 'same-origin';
  readonly destination = '';
  readonly integrity = '';
  readonly keepalive = false;
  readonly mode = 'cors';
  readonly redirect = 'follow';
  readonly referrer = 'about:client';
  readonly referrerPolicy = '';
  readonly duplex = 'half';

  constructor(input: string | URL | Request, given?: RequestInit | null) {
    super();
    const init = given ?? {};
    const from = isLight(Request, input) ? (input as Request) : undefined;
    const body = init.body;
    const extracted = extractBody(body);
    // Anything only Node's class takes (another Request, a Blob, a FormData…): Node's Request.
    if (!extracted || (typeof input === 'object' && !from && !(input instanceof URL))) {
      // biome-ignore lint/correctness/noConstructorReturn: the explicit fallback to Node's class, named above.
      return new (realRequest())(input as never, init as never) as never;
    }
    if (from) this.url = from.url;
    else {
      const url = parseUrl(input);
      if (url.username || url.password) {
        throw new TypeError('A URL with credentials.');
      }
      this.url = url.href;
    }
    this.method = init.method !== undefined ? methodOf(init.method) : (from?.method ?? 'GET');
    this.headers = new Headers(init.headers !== undefined ? init.headers : from?.headers);
    this.#signal = init.signal ?? from?.signal;
    let state = extracted.state;
    if (init.body === undefined && from) {
      usable(from.state);
      // The input's body moves to the new request (whichever reads it first uses it).
      state = from.state;
    }
    if (state !== null && (this.method === 'GET' || this.method === 'HEAD')) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    if (state !== null && state === STREAMS.get(body as object) && init.duplex !== 'half') {
      throw new TypeError('A stream body needs duplex.');
    }
    this.state = state;
    if (extracted.type !== undefined && !this.headers.has('content-type')) {
      this.headers.append('content-type', extracted.type);
    }
  }

  /** The init's signal, or one that never aborts (made when first asked for). */
  get signal(): AbortSignal {
    this.#signal ??= new AbortController().signal;
    return this.#signal;
  }

  clone(): Request {
    usable(this.state);
    return cloned(
      this.state,
      new Request(this.url, { method: this.method, headers: this.headers, signal: this.#signal ?? null }),
    );
  }

  get [Symbol.toStringTag](): string {
    return 'Request';
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return isOne(Request, 'Request', value);
  }
}
