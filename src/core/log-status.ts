// Finds HTTP status codes in logs and plain text (`HTTP/1.1 503`, `status=429`,
// `401 Unauthorized`, `"GET / HTTP/1.1" 404`), so the editor can explain them there too.
// Only numbers a status context makes unambiguous count: `took 401 ms` is not a status.
import { REASON_PHRASES } from './knowledge/constants';

export interface StatusMention {
	/** UTF-16 offsets of the digits in the scanned text. */
	startIndex: number;
	endIndex: number;
	code: number;
	/** What made the number a status: a status line, a `status=` key, a reason phrase, a phrase like `status code`. */
	form: 'status-line' | 'key-value' | 'reason-phrase' | 'phrase';
}

/** Lines longer than this are skipped: minified payloads, not something a person reads. */
const MAX_LINE = 4000;

// Each pattern has one capture group: the three digits. Word boundaries keep `1401` and
// `4011` out; the digit group itself is checked against the status range afterwards.
const PATTERNS: ReadonlyArray<{ form: StatusMention['form']; regex: RegExp }> = [
	// Status lines and access logs: `HTTP/1.1 503`, `HTTP/2 429`, `"GET /x HTTP/1.1" 404 512`.
	{ form: 'status-line', regex: /\bHTTP\/\d(?:\.\d)?"?\s+(\d{3})\b/g },
	// Keys: `status=429`, `status: 403`, `"status":500`, `status_code=401`, `statusCode: 502`,
	// `http.status_code=503`, `http_status=404`, `response_code=500`, `code=` is too vague.
	{
		form: 'key-value',
		regex: /(?:\b|["'])(?:(?:http|response|resp|upstream)[._]?)?(?:status(?:[_.]?code)?|status_?code|statuscode|response_?code)["']?\s*[:=]\s*["']?(\d{3})\b/gi,
	},
	// Phrases: `status code 401` (axios), `status 403`, `HTTP 503`, `HTTP Error 403` (urllib),
	// `403 Client Error` (requests), `returned 502`, `responded with 429`.
	{ form: 'phrase', regex: /\b(?:status(?: code)?|HTTP(?: error| status)?|returned|responded with|got)\s+(\d{3})\b/gi },
	{ form: 'phrase', regex: /\b(\d{3})\s+(?:Client|Server) Error\b/g },
];

/** `401 Unauthorized`, `503 Service Unavailable`, `404 - Not Found`: longest phrases first. */
const REASON_REGEX = new RegExp(
	`\\b(\\d{3})\\s*[-:]?\\s*(${Object.values(REASON_PHRASES)
		.filter((phrase) => !phrase.startsWith('('))
		.sort((a, b) => b.length - a.length)
		.map((phrase) => phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ _-]?'))
		.join('|')})\\b`,
	'gi',
);

function isStatus(code: number): boolean {
	return code >= 100 && code <= 599;
}

/** Every status mention in the text, in order, at most one per number. */
export function findStatusMentions(text: string): StatusMention[] {
	const mentions = new Map<number, StatusMention>();
	let lineStart = 0;
	while (lineStart <= text.length) {
		let lineEnd = text.indexOf('\n', lineStart);
		if (lineEnd < 0) lineEnd = text.length;
		if (lineEnd - lineStart <= MAX_LINE) scanLine(text.slice(lineStart, lineEnd), lineStart, mentions);
		lineStart = lineEnd + 1;
	}
	return [...mentions.values()].sort((a, b) => a.startIndex - b.startIndex);
}

function scanLine(line: string, offset: number, into: Map<number, StatusMention>): void {
	if (!/\d{3}/.test(line)) return;
	const add = (form: StatusMention['form'], match: RegExpMatchArray) => {
		const digits = match[1];
		const code = Number(digits);
		// Reason phrases must name the code they follow: `401 Unauthorized`, not `200 Unauthorized`.
		if (form === 'reason-phrase' && REASON_PHRASES[code]?.toLowerCase().replace(/[^a-z]/g, '') !== match[2].toLowerCase().replace(/[^a-z]/g, '')) return;
		if (!isStatus(code)) return;
		const at = offset + match.index! + digitOffset(match[0], digits, form);
		if (!into.has(at)) into.set(at, { startIndex: at, endIndex: at + 3, code, form });
	};
	for (const { form, regex } of PATTERNS) {
		for (const match of line.matchAll(regex)) add(form, match);
	}
	for (const match of line.matchAll(REASON_REGEX)) add('reason-phrase', match);
}

/** Where the captured digits sit inside the match: the last occurrence for key/line forms, the first for phrases that start with them. */
function digitOffset(whole: string, digits: string, form: StatusMention['form']): number {
	if (form === 'reason-phrase' || /^\d/.test(whole)) return whole.indexOf(digits);
	return whole.lastIndexOf(digits);
}

/** The status mention covering `offset` (the cursor may sit just after the digits). */
export function statusMentionAt(text: string, offset: number): StatusMention | undefined {
	const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
	let lineEnd = text.indexOf('\n', offset);
	if (lineEnd < 0) lineEnd = text.length;
	if (lineEnd - lineStart > MAX_LINE) return undefined;
	return findStatusMentions(text.slice(lineStart, lineEnd))
		.map((mention) => ({ ...mention, startIndex: mention.startIndex + lineStart, endIndex: mention.endIndex + lineStart }))
		.find((mention) => mention.startIndex <= offset && offset <= mention.endIndex);
}
