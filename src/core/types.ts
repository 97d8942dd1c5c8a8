// The language-neutral vocabulary of HTTP Guard: source spans, the facts a language
// adapter extracts from a parse tree, and the findings rules report over those facts.
// Rules never see a syntax tree and never ask which language they look at; if a rule
// needs to, a fact is missing here.

/** A zero-based line and UTF-16 column, as LSP and VS Code count them. */
export interface Position {
	line: number;
	character: number;
}

/** A stretch of source: UTF-16 offsets into the text plus the same ends as positions. */
export interface Span {
	startIndex: number;
	endIndex: number;
	start: Position;
	end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A language as the analysis knows it. `typescriptreact` needs its own grammar (TSX). */
export type LanguageId =
	| 'javascript'
	| 'javascriptreact'
	| 'typescript'
	| 'typescriptreact'
	| 'python'
	| 'go'
	| 'java'
	| 'csharp';

export type RuleId =
	| 'unchecked-response-status'
	| 'swallowed-http-error'
	| 'retry-on-auth-failure'
	| 'tight-retry-loop'
	| 'unbounded-retry'
	| 'retry-without-backoff'
	| 'retry-without-jitter'
	| 'ignored-retry-after'
	| 'retry-non-idempotent'
	| 'auth-refresh-loop'
	| 'missing-request-timeout';

// ---------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------

/** Everything an adapter learned about one file. Ids index into the arrays. */
export interface FileFacts {
	language: LanguageId;
	imports: ImportFact[];
	httpCalls: HttpCall[];
	retries: RetryConstruct[];
	catches: CatchClause[];
	authRefreshes: AuthRefreshHandler[];
	/** Status codes written where they mean a status: hover and inlay hints read these. */
	statusCodeRefs: StatusCodeRef[];
}

/** A module the file imports, by the name the package manager knows it under. */
export interface ImportFact {
	module: string;
	span: Span;
}

export interface HttpCall {
	/** Index in `FileFacts.httpCalls`. */
	id: number;
	/** The whole call expression. */
	span: Span;
	/** The callee (`fetch`, `axios.get`, `session.post`): findings about the call point here. */
	calleeSpan: Span;
	/** The client library, e.g. `fetch`, `axios`, `requests`, `httpx`, `net/http`. */
	client: string;
	/**
	 * True when the client turns a non-2xx status into an error by default (axios, got,
	 * ky, ofetch, superagent): an unchecked status is then not silent, as long as the
	 * error propagates.
	 */
	throwsOnHttpError: boolean;
	/** Upper-case method when it is known statically (`GET`, `POST`, ...). */
	method?: string;
	/**
	 * `set`: the call or its client has a timeout; `default`: the client's default is a
	 * real timeout (httpx 5 s, .NET 100 s); `none`: no timeout and the client waits
	 * forever by default; `unknown`: options come from somewhere we cannot see.
	 */
	timeout: 'set' | 'default' | 'none' | 'unknown';
	/** How the response is used afterwards, within the enclosing function. */
	response: ResponseUse;
	/** The `Idempotency-Key` header sent with this call, if any, and where its value is made. */
	idempotencyKey: 'none' | 'literal-or-outer' | 'fresh-per-call' | 'unknown';
	/** Id of the innermost retry construct that repeats this call, if any. */
	retryId?: number;
}

export interface ResponseUse {
	/** The name the response (or the awaited response) is bound to. */
	variable?: string;
	/** The status is examined: `res.ok`, `res.status`, `raise_for_status()`, `EnsureSuccessStatusCode()`. */
	statusChecked: boolean;
	/** The body or result is used: `res.json()`, `r.text`, `resp.Body`. */
	bodyUsed: boolean;
	/** Where the body is first used, for the finding's related location. */
	bodyUseSpan?: Span;
	/**
	 * The response leaves the function unexamined (returned, passed to another call,
	 * stored in a field), so a caller may check it: the analysis cannot tell, and stays silent.
	 */
	escapes: boolean;
}

/** How many attempts a retry makes. `max` counts attempts, the first one included. */
export type AttemptBound =
	| { kind: 'bounded'; max?: number; span?: Span }
	| { kind: 'unbounded' }
	| { kind: 'unknown' };

/** The wait between attempts, as the code would run it. */
export type Delay =
	| { kind: 'none' }
	/** A delay is created or computed but never waited for, e.g. `sleep(1000)` without `await`. */
	| { kind: 'not-awaited'; span: Span }
	| { kind: 'constant'; ms?: number; span?: Span }
	| { kind: 'exponential'; baseMs?: number; capMs?: number; jitter: boolean; span?: Span }
	/** A wait exists but its shape cannot be read (a helper from elsewhere, a variable). */
	| { kind: 'unknown'; span?: Span };

/** What makes the construct try again. */
export interface RetryCondition {
	/**
	 * `any-error`: any exception (network or HTTP); `any-non-ok`: any non-2xx status;
	 * `statuses`: only the listed statuses (plus network errors); `unknown`: a predicate we cannot read.
	 */
	kind: 'any-error' | 'any-non-ok' | 'statuses' | 'unknown';
	/** Status codes named in the condition or list, e.g. `[429, 503]` or `status === 429`. */
	statuses: number[];
	/** 401/403 (or all 4xx) are explicitly excluded, or the client's errors are not retried. */
	excludesAuthFailures: boolean;
	/** Where the condition is written, when it is written. */
	span?: Span;
}

export interface RetryConstruct {
	/** Index in `FileFacts.retries`. */
	id: number;
	kind: 'loop' | 'recursion' | 'catch-retry' | 'promise-chain' | 'library';
	/** For `library`: the package (`axios-retry`, `p-retry`, `tenacity`, `urllib3`...). */
	library?: string;
	/** The whole construct. */
	span: Span;
	/** Where findings and inlay hints anchor: `while (...)`, `@retry(...)`, `axiosRetry(...)`. */
	headSpan: Span;
	/** HTTP calls the construct repeats (empty when a library wraps a client instance). */
	callIds: number[];
	attempts: AttemptBound;
	/** A time budget ends the retry even without an attempt limit. */
	hasDeadline: boolean;
	delay: Delay;
	retryOn: RetryCondition;
	/** The code reads `Retry-After` (header or the library's option) and waits for it. */
	honoursRetryAfter: boolean;
	/** The construct is a replay after refreshing credentials (a token refresh, a re-login). */
	refreshesCredentials: boolean;
	/** Methods a library retries when it limits them itself (axios-retry: idempotent only). */
	libraryMethods?: string[];
}

/** A catch/except clause whose try body makes HTTP calls. */
export interface CatchClause {
	span: Span;
	/** The `catch (e)` / `except X as e:` part, or the `.catch(` callee. */
	headSpan: Span;
	/** HTTP calls made inside the protected body. */
	guardedCallIds: number[];
	/**
	 * `empty`: nothing at all (or `pass`); `default-value`: returns or assigns a value
	 * without logging or rethrowing; `handled`: logs, rethrows, reports or otherwise uses
	 * the error.
	 */
	handling: 'empty' | 'default-value' | 'handled';
}

/** Code that reacts to a 401 by refreshing credentials and replaying the request. */
export interface AuthRefreshHandler {
	kind: 'interceptor' | 'catch' | 'status-branch';
	span: Span;
	headSpan: Span;
	/** The handler sends the original request again. */
	replays: boolean;
	/** A flag (`_retry`, `retried`, an attempt check) stops a second replay. */
	hasOnceGuard: boolean;
}

/** A status code in a status context: `res.status === 401`, `HTTPStatus.FORBIDDEN`, `case 429:`. */
export interface StatusCodeRef {
	span: Span;
	code: number;
	form: 'literal' | 'constant';
}

// ---------------------------------------------------------------------------
// Findings and rules
// ---------------------------------------------------------------------------

/** One text replacement, by UTF-16 offsets into the original text. */
export interface TextEdit {
	startIndex: number;
	endIndex: number;
	newText: string;
}

export interface Fix {
	title: string;
	edits: TextEdit[];
	/** The best fix for the finding: the editor offers it first. */
	isPreferred?: boolean;
	/** Safe to apply without review, so `fix-all` and the CLI may apply it. */
	safe?: boolean;
}

export interface RelatedLocation {
	span: Span;
	message: string;
}

/** The fact a finding is about, by its index in `FileFacts`: fixes start from it. */
export interface FactRef {
	kind: 'call' | 'retry' | 'catch' | 'auth-refresh';
	index: number;
}

export interface Finding {
	ruleId: RuleId;
	severity: Severity;
	message: string;
	span: Span;
	related: RelatedLocation[];
	subject?: FactRef;
	fixes: Fix[];
}

/** What a rule hands to `report`: the severity and id are filled in by the engine. */
export interface Report {
	message?: string;
	span: Span;
	related?: RelatedLocation[];
	subject?: FactRef;
}

export interface RuleMeta {
	id: RuleId;
	defaultSeverity: Severity;
	/** A short title for lists: "Retry loop with no wait". */
	title: string;
	/** The default message: what is wrong and what to do. */
	message: string;
	/** Markdown: why it matters, a bad and a good example. */
	docs: string;
}

export interface Rule {
	meta: RuleMeta;
	check(facts: FileFacts, report: (r: Report) => void): void;
}
