// explain(text): find every status code, network/TLS error, authentication challenge, OAuth error
// and problem+json body in free text. Never throws; scans at most MAX_SCAN characters with
// linear-time patterns, so any input (megabytes, binary, HTML) returns quickly.

import { REASON_PHRASES, statusCodeForConstant } from './constants';
import { buildError, type ErrorData } from './error-define';
import { NETWORK_ERRORS } from './network-errors';
import { OAUTH_ERRORS } from './oauth';
import { findJson, type JsonFindings } from './problem-json';
import { statusInfo } from './status/index';
import { TLS_ERRORS } from './tls';
import type { AuthChallenge, ErrorInfo, Explanation, ExplanationItem } from './types';
import { findChallengeHeaders, looksLikeChallenge, parseWwwAuthenticate, readChallenge } from './www-authenticate';

/** How much of the input is scanned. Error messages, headers and stack-trace heads fit easily. */
export const MAX_SCAN = 64 * 1024;
const MAX_ITEMS = 12;
const MAX_ECHO = 300;

const ERROR_TABLE: { data: ErrorData; info: ErrorInfo }[] = [...NETWORK_ERRORS, ...TLS_ERRORS, ...OAUTH_ERRORS].map((data) => ({ data, info: buildError(data) }));
const ERROR_BY_ID: ReadonlyMap<string, ErrorInfo> = new Map(ERROR_TABLE.map((e) => [e.info.id, e.info]));

/** Every network, TLS and OAuth entry, for tests and listings. */
export function allErrors(): ErrorInfo[] {
	return ERROR_TABLE.map((e) => e.info);
}

export function errorInfo(id: string): ErrorInfo | undefined {
	return ERROR_BY_ID.get(id);
}

/** An item superseded by another: "socket hang up" is the more specific reading of ECONNRESET. */
const SUPERSEDES: Record<string, string[]> = { SOCKET_HANG_UP: ['ECONNRESET'], CLIENT_TIMEOUT: ['ETIMEDOUT'] };

// Status codes in context. Each pattern has one capture group: the code.
const STATUS_PATTERNS: RegExp[] = [
	/\bHTTP\/\d(?:\.\d)?\s{1,4}([1-5]\d\d)\b/g, // status line
	/Request failed with status code ([1-5]\d\d)\b/g, // axios
	/\b([1-5]\d\d) (?:Client|Server) Error\b/g, // requests
	/\b(?:Client|Server) error '([1-5]\d\d)\b/g, // httpx
	/does not indicate success:? ([1-5]\d\d)\b/g, // .NET
	/\bunexpected (?:HTTP )?status(?: code)?:? ?([1-5]\d\d)\b/gi, // Go and friends
	/Server returned HTTP response code: ([1-5]\d\d)\b/g, // Java HttpURLConnection
	/\bResponse\{protocol=[^,\n]{1,20}, code=([1-5]\d\d)\b/g, // OkHttp
	/\bHTTP(?: Error)?:? ([1-5]\d\d)\b/g, // urllib, Retrofit, gh
	/ClientResponseError: ([1-5]\d\d),/g, // aiohttp
	/returned error: ([1-5]\d\d)\b/g, // curl -f
	/\bstatus(?:[ _-]?code)?["']?\s{0,3}[:=]?\s{0,3}["']?([1-5]\d\d)\b/gi, // status: 401, status code 503, "status": 429
	/\bstatusCode["']?\s{0,3}[:=]\s{0,3}([1-5]\d\d)\b/g, // statusCode: 401
	/\b(?:error|code)[ :=]{1,3}([1-5]\d\d)\b(?![.:\d])/gi, // Error: 503, code 404
	/\bHttp(?:Client|Server)ErrorException(?:\$\w{1,40})?: ([1-5]\d\d)\b/g, // Spring
];

/** `503 Service Unavailable`, `401 Unauthorized`: a code followed by its own reason phrase. */
const CODE_AND_PHRASE = /\b([1-5]\d\d)[ :-]{1,3}([A-Za-z][A-Za-z' ]{1,40})/g;

function squash(s: string): string {
	return s.toLowerCase().replace(/[^a-z]/g, '');
}

function phraseMatches(code: number, text: string): boolean {
	const name = statusInfo(code)?.name ?? REASON_PHRASES[code];
	if (!name) return false;
	const want = squash(name.replace(/\(.*\)/, ''));
	return want.length > 0 && squash(text).startsWith(want);
}

function sanitize(text: string): string {
	return text
		.replace(/\u001b\[[0-9;?]{0,20}[A-Za-z]/g, '') // ANSI colours from terminals
		.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, ' ');
}

function echo(text: string): string {
	const one = text.replace(/\s+/g, ' ').trim();
	return one.length > MAX_ECHO ? `${one.slice(0, MAX_ECHO)}…` : one;
}

interface Found {
	index: number;
	item: ExplanationItem;
}

function statusItem(code: number, matched: string): ExplanationItem | undefined {
	const info = statusInfo(code);
	if (!info) return undefined;
	return { kind: 'status', id: `status:${code}`, title: `${code} ${info.name}`, matched: echo(matched), headline: info.summary, status: info, notes: [] };
}

function errorItem(info: ErrorInfo, matched: string): ExplanationItem {
	const kind = info.family === 'oauth' ? 'oauth' : info.family === 'tls' ? 'tls' : info.family === 'client-timeout' ? 'client-timeout' : 'network';
	const prefix = info.family === 'oauth' ? 'OAuth error ' : '';
	return { kind, id: `${kind}:${info.id}`, title: `${prefix}${info.name}`, matched: echo(matched), headline: info.summary, error: info, notes: [] };
}

function findStatuses(text: string, found: Found[]): void {
	const trimmed = text.trim();
	// A bare code.
	if (/^\d{3}$/.test(trimmed)) {
		const item = statusItem(Number(trimmed), trimmed);
		if (item) found.push({ index: 0, item });
		return;
	}
	// A constant or reason phrase on its own: `HTTP_401_UNAUTHORIZED`, `HttpStatusCode.TooManyRequests`, `Too Many Requests`.
	if (trimmed.length <= 80 && /^[A-Za-z][\w. ']*$/.test(trimmed)) {
		const last = trimmed.split('.').pop()!;
		const constantLike = /^[A-Za-z][\w.]*$/.test(trimmed) && (/[._]|^(?:Status|HTTP)/.test(trimmed) || /\d{3}/.test(trimmed));
		const exactPhrase = Object.entries(REASON_PHRASES).find(([, p]) => squash(p) === squash(trimmed));
		const code = exactPhrase ? Number(exactPhrase[0]) : constantLike ? statusCodeForConstant(last) : undefined;
		if (code !== undefined) {
			const item = statusItem(code, trimmed);
			if (item) found.push({ index: 0, item });
		}
	}
	for (const re of STATUS_PATTERNS) {
		re.lastIndex = 0;
		let m: RegExpExecArray | null;
		let count = 0;
		while ((m = re.exec(text)) !== null && count++ < 20) {
			const item = statusItem(Number(m[1]), m[0]);
			if (item) found.push({ index: m.index, item });
		}
	}
	CODE_AND_PHRASE.lastIndex = 0;
	let m: RegExpExecArray | null;
	let count = 0;
	while ((m = CODE_AND_PHRASE.exec(text)) !== null && count++ < 50) {
		const code = Number(m[1]);
		if (phraseMatches(code, m[2]!)) {
			const item = statusItem(code, m[0]);
			if (item) found.push({ index: m.index, item });
		}
	}
}

function findErrors(text: string, found: Found[]): void {
	const hits: { index: number; data: ErrorData; info: ErrorInfo; matched: string }[] = [];
	for (const { data, info } of ERROR_TABLE) {
		for (const re of data.patterns) {
			const m = re.exec(text);
			if (m) {
				hits.push({ index: m.index, data, info, matched: m[0] });
				break;
			}
		}
	}
	const ids = new Set(hits.map((h) => h.info.id));
	for (const h of hits) {
		if (h.data.fallback && hits.some((o) => !o.data.fallback && o.info.family !== 'oauth')) continue;
		if (Object.entries(SUPERSEDES).some(([by, list]) => ids.has(by) && list.includes(h.info.id))) continue;
		found.push({ index: h.index, item: errorItem(h.info, h.matched) });
	}
}

function challengeTitle(c: AuthChallenge, proxy: boolean): string {
	const header = proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate';
	const scheme = c.scheme || 'challenge';
	return c.params.error ? `${header}: ${scheme} (${c.params.error})` : `${header}: ${scheme}`;
}

function findChallenges(text: string, found: Found[]): void {
	const headers = findChallengeHeaders(text);
	if (headers.length === 0 && looksLikeChallenge(text)) headers.push({ proxy: false, value: text.trim().split(/\r?\n/)[0]! });
	for (const h of headers) {
		const challenges = parseWwwAuthenticate(h.value).filter((c) => c.scheme !== '' || Object.keys(c.params).length > 0);
		if (challenges.length === 0) continue;
		const notes: string[] = [];
		let specific: string | undefined;
		for (const c of challenges) {
			const reading = readChallenge(c);
			if (specific === undefined && reading.specific !== undefined) specific = reading.specific;
			if (challenges.length > 1) notes.push(...reading.notes.map((n) => `${c.scheme || 'challenge'}: ${n}`));
			else notes.push(...reading.notes);
			if (reading.status !== undefined) notes.push(`This challenge normally comes with ${reading.status} ${REASON_PHRASES[reading.status]}.`);
			if (reading.oauthError) {
				const info = ERROR_BY_ID.get(reading.oauthError);
				if (info) found.push({ index: text.indexOf(h.value) + 1, item: errorItem(info, `error="${reading.oauthError}"`) });
			}
		}
		if (h.proxy) notes.unshift('Proxy-Authenticate comes from a proxy between you and the API (status 407): the credentials it wants are for the proxy, not the API.');
		const first = challenges[0]!;
		found.push({
			index: Math.max(0, text.indexOf(h.value)),
			item: {
				kind: 'www-authenticate', id: `www-authenticate:${first.scheme || 'challenge'}`, title: challengeTitle(first, h.proxy), matched: echo(h.value),
				headline: specific ?? challenges.map((c) => c.scheme || 'challenge').join(', ') + ' authentication ' + (challenges.length > 1 ? 'challenges: the server accepts any of these schemes.' : 'challenge: how the server wants you to authenticate.'),
				challenges, notes,
			},
		});
	}
}

function findBodies(text: string, found: Found[]): void {
	let f: JsonFindings | undefined;
	try {
		f = findJson(text);
	} catch {
		f = undefined;
	}
	if (!f) return;
	const index = text.indexOf('{');
	if (f.status !== undefined) {
		const item = statusItem(f.status, `status ${f.status}`);
		if (item) found.push({ index, item });
	}
	if (f.oauth) {
		const info = ERROR_BY_ID.get(f.oauth.error);
		if (info) {
			const item = errorItem(info, `"error": "${f.oauth.error}"`);
			if (f.oauth.description) item.notes.push(`The server says: "${f.oauth.description}".`);
			if (f.oauth.uri) item.notes.push(`More information: ${f.oauth.uri}`);
			found.push({ index, item });
		}
	}
	if (f.problem) {
		const p = f.problem;
		const notes: string[] = [];
		if (p.type && p.type !== 'about:blank') notes.push(`The problem type ${p.type} identifies this kind of error; if it is a URL, its page may document it. Match on type in code, not on title.`);
		if (p.type === 'about:blank' || p.type === undefined) notes.push('No specific problem type (about:blank): the status code carries the meaning and title is just its name.');
		if (p.detail) notes.push('detail is written for people and specific to this occurrence: show or log it, do not parse it.');
		if (p.instance) notes.push('instance identifies this occurrence: quote it in a bug report.');
		if (Object.keys(p.extensions).length > 0) notes.push('Extension members carry API-specific data (for example validation errors or a balance).');
		found.push({
			index,
			item: { kind: 'problem', id: 'problem', title: `Problem details${p.title ? `: ${p.title}` : ''}`, matched: echo(text.slice(index, index + 200)), headline: p.detail ?? p.title ?? 'An RFC 9457 problem details body.', problem: p, notes },
		});
	}
}

/** Headers that change the advice for a status: Retry-After, rate-limit counters, Location. */
function headerNotes(text: string, items: ExplanationItem[]): string[] {
	const notes: string[] = [];
	const retryAfter = /\bRetry-After["']?\s{0,3}[:=]\s{0,3}["']?([^\r\n"',]{1,40})/i.exec(text);
	if (retryAfter) {
		const v = retryAfter[1]!.trim();
		if (/^\d{1,10}$/.test(v)) notes.push(`Retry-After: ${v}: wait ${v} seconds before the next attempt.`);
		else if (!Number.isNaN(Date.parse(v))) notes.push(`Retry-After: ${v}: do not retry before that time (an HTTP date; compare it with the server's Date header to avoid clock skew).`);
		else notes.push(`Retry-After has an unusual value ("${v}"): fall back to exponential backoff.`);
	}
	const remaining = /\b(?:X-)?RateLimit-Remaining["']?\s{0,3}[:=]\s{0,3}["']?(\d{1,10})/i.exec(text);
	if (remaining) notes.push(`RateLimit-Remaining: ${remaining[1]}${remaining[1] === '0' ? ': the allowance for this window is used up' : ''}.`);
	const reset = /\b(?:X-)?RateLimit-Reset["']?\s{0,3}[:=]\s{0,3}["']?(\d{1,12})/i.exec(text);
	if (reset) {
		const n = Number(reset[1]);
		notes.push(n > 1_000_000_000 ? `RateLimit-Reset: ${reset[1]} looks like a Unix time: the window resets at ${new Date(n * 1000).toISOString()}.` : `RateLimit-Reset: ${reset[1]}: the window resets in about ${n} seconds.`);
	}
	if (items.some((i) => i.status?.class === 'redirection')) {
		const loc = /\bLocation\s{0,3}:\s{0,3}(\S{1,300})/i.exec(text);
		if (loc) notes.push(`Location: ${loc[1]}: where the redirect points.`);
	}
	return notes;
}

function unrecognised(input: string, scan: string, truncated: boolean): Explanation {
	const notes: string[] = ['No status code, network or TLS error, authentication challenge, OAuth error or problem+json body was found.'];
	const num = /\b([1-5]\d\d)\b/.exec(scan.trim().length <= 12 ? scan : '');
	if (num) {
		const code = Number(num[1]);
		const cls = ['', 'informational', 'success', 'redirection', 'client error', 'server error'][Math.floor(code / 100)];
		notes.push(`${code} is neither registered with IANA nor a widely used unofficial code. Clients treat unknown codes like x00 of their class, so read it as a ${cls} (${Math.floor(code / 100)}00).`);
	}
	notes.push('Paste one of: a status code (401), a status line (HTTP/1.1 503 Service Unavailable), the error message as your client printed it (Request failed with status code 429, ECONNRESET, CERT_HAS_EXPIRED), a WWW-Authenticate header, or a JSON error body.');
	return { recognised: false, title: 'Not recognised', input: echo(input), truncated, items: [], notes };
}

function titleFor(items: ExplanationItem[]): string {
	// An OAuth error that a challenge already names does not need a second mention.
	const named = new Set(items.flatMap((i) => (i.challenges ?? []).map((c) => c.params.error)).filter((x): x is string => x !== undefined));
	const names = items.filter((i) => !(i.kind === 'oauth' && named.has(i.error!.id))).map((i) => i.title);
	if (names.length <= 3) return names.join(' + ');
	return `${names.slice(0, 3).join(' + ')} and ${names.length - 3} more`;
}

/** Explain free text: a code, an error message, a header, a JSON body or a stack trace. Never throws. */
export function explain(text: string): Explanation {
	try {
		const raw = typeof text === 'string' ? text : String(text ?? '');
		const truncated = raw.length > MAX_SCAN;
		const scan = sanitize(truncated ? raw.slice(0, MAX_SCAN) : raw);
		const found: Found[] = [];
		findStatuses(scan, found);
		findChallenges(scan, found);
		findBodies(scan, found);
		findErrors(scan, found);
		// one item per id; the first occurrence wins, notes are merged
		const byId = new Map<string, ExplanationItem>();
		const order: ExplanationItem[] = [];
		for (const f of found.sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index)) {
			const seen = byId.get(f.item.id);
			if (seen) {
				for (const n of f.item.notes) if (!seen.notes.includes(n)) seen.notes.push(n);
				continue;
			}
			byId.set(f.item.id, f.item);
			order.push(f.item);
		}
		const items = order.slice(0, MAX_ITEMS);
		if (items.length === 0) return unrecognised(raw.slice(0, MAX_ECHO * 2), scan, truncated);
		const notes = headerNotes(scan, items);
		const statuses = items.filter((i) => i.kind === 'status');
		const errors = items.filter((i) => i.kind === 'network' || i.kind === 'tls' || i.kind === 'client-timeout');
		if (statuses.length > 0 && errors.length > 0) notes.push('The input has both an HTTP status and a connection-level error: they may be separate attempts. A status means a response arrived; a connection error means none did.');
		if (statuses.length > 1) notes.push(`Several status codes appear (${statuses.map((s) => s.status!.code).join(', ')}); they may be different attempts or layers (a proxy and the API).`);
		if (statuses.some((s) => s.status!.code === 401) && items.some((i) => i.kind === 'oauth' && i.error?.id === 'insufficient_scope')) notes.push('A 401 with insufficient_scope is unusual: RFC 6750 uses 403 for missing scope. Either way, a token with the scope is needed.');
		return { recognised: true, title: titleFor(items), input: echo(raw.slice(0, MAX_ECHO * 2)), truncated, items, notes };
	} catch (err) {
		// Recognition must never break the caller; report the failure as an unrecognised input.
		const e = unrecognised('', '', false);
		e.notes.unshift(`Internal error while explaining: ${err instanceof Error ? err.message : String(err)}`);
		return e;
	}
}

const RANK: Record<ExplanationItem['kind'], number> = { status: 0, 'www-authenticate': 1, oauth: 2, problem: 3, 'client-timeout': 4, network: 5, tls: 6 };

function rank(i: ExplanationItem): number {
	return RANK[i.kind];
}
