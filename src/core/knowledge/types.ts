// The shapes of the knowledge base. Entries are plain data; `status/index.ts` and the
// error tables fill in the answers every entry shares (the FAQ skeleton, the reference link).

export type StatusClass = 'informational' | 'success' | 'redirection' | 'client-error' | 'server-error';

/**
 * What a client should do about a response or an error, from the most to the least final.
 * - `not-an-error`: nothing failed (1xx, 2xx, 304).
 * - `follow-redirect`: not a failure; send the request to the `Location` given.
 * - `never`: the same request will get the same answer; retrying only adds load.
 * - `after-fixing-request`: change the request (body, headers, URL, state) and send it again.
 * - `after-fixing-credentials`: obtain fresh or different credentials, then retry once.
 * - `after-retry-after`: wait for the time in `Retry-After` (or a rate-limit reset header), then retry.
 * - `with-backoff`: a transient failure; retry with exponential backoff and jitter, a bounded number
 *   of times, and only for idempotent methods (or with an `Idempotency-Key`).
 */
export type RetryAdvice =
	| 'not-an-error'
	| 'follow-redirect'
	| 'never'
	| 'after-fixing-request'
	| 'after-fixing-credentials'
	| 'after-retry-after'
	| 'with-backoff';

/** Who has to act: the caller, the server's operators, something in between, or nobody. */
export type Side = 'client' | 'server' | 'either' | 'network' | 'none';

export interface Link {
	title: string;
	url: string;
}

export interface Cause {
	side: 'client' | 'server' | 'network' | 'proxy';
	text: string;
}

export interface HeaderNote {
	name: string;
	note: string;
}

export interface Faq {
	q: string;
	a: string;
}

export type Language = 'fetch' | 'axios' | 'requests' | 'Go' | 'Java' | '.NET';

export interface LanguageAdvice {
	language: Language;
	advice: string;
}

/** The sections every explained thing has; optional sections are left out, never empty. */
export interface KnowledgeEntry {
	/** One line, for hovers and lists. */
	summary: string;
	/** A short paragraph: what the sender of this is telling you. */
	meaning: string;
	causes: Cause[];
	fix: string[];
	retry: RetryAdvice;
	/** Specifics of the retry advice for this entry (limits, which header to read). */
	retryNote?: string;
	headers?: HeaderNote[];
	prevention?: string[];
	languages?: LanguageAdvice[];
	faq: Faq[];
	reference: Link;
	links?: Link[];
}

export interface StatusInfo extends KnowledgeEntry {
	code: number;
	/** The reason phrase shown to users (from `REASON_PHRASES` for registered codes). */
	name: string;
	/** The name in the IANA registry when it differs from `name` (418 is registered as "(Unused)"). */
	registryName?: string;
	official: boolean;
	/** A temporary (provisional) IANA registration, such as 104. */
	provisional?: boolean;
	/** For unofficial codes: the servers, proxies or services that send it. */
	usedBy?: string;
	class: StatusClass;
	/** "RFC 9110, Section 15.5.2"; for unofficial codes the vendor documentation. */
	spec: string;
	side: Side;
}

export type ErrorFamily = 'network' | 'tls' | 'oauth' | 'client-timeout';

export interface ErrorInfo extends KnowledgeEntry {
	/** The canonical code: `ECONNRESET`, `CERT_HAS_EXPIRED`, `invalid_grant`. */
	id: string;
	/** What to call it in a title. */
	name: string;
	family: ErrorFamily;
	side: Side;
	/** The status code this error usually travels with (OAuth errors). */
	status?: number;
}

/** One parsed authentication challenge from `WWW-Authenticate` or `Proxy-Authenticate`. */
export interface AuthChallenge {
	scheme: string;
	/** Lower-cased parameter names; values unquoted. */
	params: Record<string, string>;
	/** token68 form (e.g. `Negotiate abc==`), when present. */
	token68?: string;
}

/** RFC 9457 problem details, as far as the input carried them. */
export interface ProblemDetails {
	type?: string;
	title?: string;
	status?: number;
	detail?: string;
	instance?: string;
	/** Extension members, stringified and shortened. */
	extensions: Record<string, string>;
}

export type ItemKind = 'status' | 'network' | 'tls' | 'client-timeout' | 'www-authenticate' | 'oauth' | 'problem';

/** One thing found in the input. */
export interface ExplanationItem {
	kind: ItemKind;
	/** Stable id: `status:401`, `network:ECONNRESET`, `oauth:invalid_token`, `www-authenticate:Bearer`. */
	id: string;
	title: string;
	/** What in the input was matched (shortened; raw, escape before rendering). */
	matched: string;
	/** One line: what this means for the caller, specific to the input when possible. */
	headline: string;
	status?: StatusInfo;
	error?: ErrorInfo;
	challenges?: AuthChallenge[];
	problem?: ProblemDetails;
	/** Input-specific advice derived from the parsed parts (e.g. "the token expired: refresh it once"). */
	notes: string[];
}

export interface Explanation {
	recognised: boolean;
	title: string;
	/** The input, shortened for display. */
	input: string;
	/** True when the input was longer than the part scanned. */
	truncated: boolean;
	items: ExplanationItem[];
	/** Advice that ties the items together, or help when nothing was recognised. */
	notes: string[];
}
