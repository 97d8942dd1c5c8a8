import * as assert from 'node:assert/strict';
import {
	allErrors, allStatuses, REASON_PHRASES, RETRY_ADVICE_VALUES, retryAdviceText, statusCodeForConstant, statusHoverMarkdown, statusInfo,
	type KnowledgeEntry,
} from '../../src/core/knowledge/index';

// The IANA HTTP Status Code Registry (https://www.iana.org/assignments/http-status-codes), written out
// by hand: code, registered description, reference. 104 is a *temporary* registration for the
// resumable-upload draft (draft-ietf-httpbis-resumable-upload); we include it and mark it provisional.
// 306 and 418 are registered as "(Unused)"; 510 carries "(OBSOLETED)" in the registry.
const IANA: [number, string, string][] = [
	[100, 'Continue', 'RFC9110 15.2.1'], [101, 'Switching Protocols', 'RFC9110 15.2.2'], [102, 'Processing', 'RFC2518'],
	[103, 'Early Hints', 'RFC8297'], [104, 'Upload Resumption Supported', 'draft-ietf-httpbis-resumable-upload (temporary)'],
	[200, 'OK', 'RFC9110 15.3.1'], [201, 'Created', 'RFC9110 15.3.2'], [202, 'Accepted', 'RFC9110 15.3.3'],
	[203, 'Non-Authoritative Information', 'RFC9110 15.3.4'], [204, 'No Content', 'RFC9110 15.3.5'], [205, 'Reset Content', 'RFC9110 15.3.6'],
	[206, 'Partial Content', 'RFC9110 15.3.7'], [207, 'Multi-Status', 'RFC4918'], [208, 'Already Reported', 'RFC5842'], [226, 'IM Used', 'RFC3229'],
	[300, 'Multiple Choices', 'RFC9110 15.4.1'], [301, 'Moved Permanently', 'RFC9110 15.4.2'], [302, 'Found', 'RFC9110 15.4.3'],
	[303, 'See Other', 'RFC9110 15.4.4'], [304, 'Not Modified', 'RFC9110 15.4.5'], [305, 'Use Proxy', 'RFC9110 15.4.6'],
	[306, '(Unused)', 'RFC9110 15.4.7'], [307, 'Temporary Redirect', 'RFC9110 15.4.8'], [308, 'Permanent Redirect', 'RFC9110 15.4.9'],
	[400, 'Bad Request', 'RFC9110 15.5.1'], [401, 'Unauthorized', 'RFC9110 15.5.2'], [402, 'Payment Required', 'RFC9110 15.5.3'],
	[403, 'Forbidden', 'RFC9110 15.5.4'], [404, 'Not Found', 'RFC9110 15.5.5'], [405, 'Method Not Allowed', 'RFC9110 15.5.6'],
	[406, 'Not Acceptable', 'RFC9110 15.5.7'], [407, 'Proxy Authentication Required', 'RFC9110 15.5.8'], [408, 'Request Timeout', 'RFC9110 15.5.9'],
	[409, 'Conflict', 'RFC9110 15.5.10'], [410, 'Gone', 'RFC9110 15.5.11'], [411, 'Length Required', 'RFC9110 15.5.12'],
	[412, 'Precondition Failed', 'RFC9110 15.5.13'], [413, 'Content Too Large', 'RFC9110 15.5.14'], [414, 'URI Too Long', 'RFC9110 15.5.15'],
	[415, 'Unsupported Media Type', 'RFC9110 15.5.16'], [416, 'Range Not Satisfiable', 'RFC9110 15.5.17'], [417, 'Expectation Failed', 'RFC9110 15.5.18'],
	[418, '(Unused)', 'RFC9110 15.5.19'], [421, 'Misdirected Request', 'RFC9110 15.5.20'], [422, 'Unprocessable Content', 'RFC9110 15.5.21'],
	[423, 'Locked', 'RFC4918'], [424, 'Failed Dependency', 'RFC4918'], [425, 'Too Early', 'RFC8470'], [426, 'Upgrade Required', 'RFC9110 15.5.22'],
	[428, 'Precondition Required', 'RFC6585'], [429, 'Too Many Requests', 'RFC6585'], [431, 'Request Header Fields Too Large', 'RFC6585'],
	[451, 'Unavailable For Legal Reasons', 'RFC7725'],
	[500, 'Internal Server Error', 'RFC9110 15.6.1'], [501, 'Not Implemented', 'RFC9110 15.6.2'], [502, 'Bad Gateway', 'RFC9110 15.6.3'],
	[503, 'Service Unavailable', 'RFC9110 15.6.4'], [504, 'Gateway Timeout', 'RFC9110 15.6.5'], [505, 'HTTP Version Not Supported', 'RFC9110 15.6.6'],
	[506, 'Variant Also Negotiates', 'RFC2295'], [507, 'Insufficient Storage', 'RFC4918'], [508, 'Loop Detected', 'RFC5842'],
	[510, 'Not Extended (OBSOLETED)', 'RFC2774'], [511, 'Network Authentication Required', 'RFC6585'],
];

const UNOFFICIAL = [419, 420, 430, 440, 444, 449, 460, 463, 494, 495, 496, 497, 499, 509, 520, 521, 522, 523, 524, 525, 526, 529, 530, 561, 598, 599];
const DEEP = [401, 403, 407, 408, 429, 500, 502, 503, 504];
const ALLOWED_HOSTS = [
	'www.rfc-editor.org', 'datatracker.ietf.org', 'developer.mozilla.org', 'nodejs.org', 'undici.nodejs.org', 'en.wikipedia.org',
	'developers.cloudflare.com', 'nginx.org', 'laravel.com', 'docs.aws.amazon.com', 'learn.microsoft.com', 'docs.anthropic.com', 'shopify.dev', 'openid.net',
];

function checkEntry(label: string, e: KnowledgeEntry): void {
	assert.ok(e.summary.trim().length > 10, `${label}: summary`);
	assert.ok(!e.summary.includes('\n'), `${label}: summary is one line`);
	assert.ok(e.meaning.trim().length > 20, `${label}: meaning`);
	assert.ok(e.causes.length > 0, `${label}: causes`);
	for (const c of e.causes) assert.ok(c.text.trim().length > 5, `${label}: empty cause`);
	assert.ok(e.fix.length > 0 && e.fix.every((f) => f.trim().length > 5), `${label}: fix`);
	assert.ok(RETRY_ADVICE_VALUES.includes(e.retry), `${label}: retry`);
	assert.ok(e.faq.length >= 2 && e.faq.every((f) => f.q.trim() && f.a.trim().length > 3), `${label}: faq`);
	for (const h of e.headers ?? []) assert.ok(h.name.trim() && h.note.trim(), `${label}: header note`);
	if (e.headers) assert.ok(e.headers.length > 0, `${label}: empty headers section`);
	if (e.prevention) assert.ok(e.prevention.length > 0 && e.prevention.every((p) => p.trim()), `${label}: prevention`);
	if (e.languages) assert.ok(e.languages.length > 0 && e.languages.every((l) => l.advice.trim().length > 10), `${label}: languages`);
	if (e.links) assert.ok(e.links.length > 0, `${label}: empty links section`);
	for (const link of [e.reference, ...(e.links ?? [])]) {
		assert.ok(link.title.trim(), `${label}: link title`);
		const url = new URL(link.url);
		assert.equal(url.protocol, 'https:', `${label}: ${link.url} is https`);
		assert.ok(ALLOWED_HOSTS.includes(url.hostname), `${label}: ${link.url} is on a known reference host`);
		assert.ok(!/\s/.test(link.url), `${label}: no whitespace in ${link.url}`);
	}
}

describe('knowledge: status codes', () => {
	it('has every code in the IANA registry, with its registered name and reference', () => {
		for (const [code, name, ref] of IANA) {
			const info = statusInfo(code);
			assert.ok(info, `missing ${code}`);
			assert.equal(info.official, true, `${code} official`);
			assert.equal(info.registryName ?? info.name, name, `${code} name`);
			const rfc = /^RFC(\d+)(?: (\S+))?/.exec(ref);
			if (rfc) {
				assert.ok(info.spec.startsWith(`RFC ${rfc[1]}`), `${code}: spec ${info.spec} cites RFC ${rfc[1]}`);
				if (rfc[2]) assert.equal(info.spec, `RFC ${rfc[1]}, Section ${rfc[2]}`, `${code} section`);
				assert.ok(info.reference.url.startsWith(`https://www.rfc-editor.org/rfc/rfc${rfc[1]}`), `${code} reference url`);
			} else {
				assert.equal(info.provisional, true, `${code} provisional`);
				assert.match(info.reference.url, /datatracker\.ietf\.org/);
			}
		}
	});

	it('has no official code that the registry does not list', () => {
		const registered = new Set(IANA.map(([c]) => c));
		for (const s of allStatuses()) if (s.official) assert.ok(registered.has(s.code), `${s.code} is marked official but is not registered`);
	});

	it('keeps REASON_PHRASES as the single source of names for registered codes', () => {
		for (const [code] of IANA) assert.equal(statusInfo(code)!.name, REASON_PHRASES[code], `${code}`);
		assert.equal(Object.keys(REASON_PHRASES).length, IANA.length);
	});

	it('marks the widely seen unofficial codes, with who uses them', () => {
		for (const code of UNOFFICIAL) {
			const info = statusInfo(code);
			assert.ok(info, `missing unofficial ${code}`);
			assert.equal(info.official, false);
			assert.ok(info.usedBy && info.usedBy.length > 2, `${code} usedBy`);
			assert.ok(info.name.length > 2, `${code} name`);
		}
		assert.equal(allStatuses().filter((s) => !s.official).length, UNOFFICIAL.length);
	});

	it('fills every required field of every entry, with well-formed links', () => {
		for (const s of allStatuses()) {
			checkEntry(String(s.code), s);
			assert.ok(s.spec.trim(), `${s.code} spec`);
			assert.equal(s.class, (['informational', 'success', 'redirection', 'client-error', 'server-error'] as const)[Math.floor(s.code / 100) - 1]);
		}
		for (const e of allErrors()) checkEntry(e.id, e);
	});

	it('answers the four questions for every error code', () => {
		for (const s of allStatuses().filter((x) => x.code >= 400)) {
			const qs = s.faq.map((f) => f.q);
			for (const q of ['Is this on my side or theirs?', 'How long will it take to resolve?', 'Should I retry or wait?', 'What should I put in a bug report?']) assert.ok(qs.includes(q), `${s.code}: ${q}`);
		}
	});

	it('gives the deepest treatment to 401, 403, 407, 408, 429, 500, 502, 503, 504', () => {
		for (const code of DEEP) {
			const s = statusInfo(code)!;
			assert.deepEqual(s.languages?.map((l) => l.language), ['fetch', 'axios', 'requests', 'Go', 'Java', '.NET'], `${code} languages`);
			assert.ok(s.headers && s.headers.length > 0, `${code} headers`);
			assert.ok(s.prevention && s.prevention.length > 0, `${code} prevention`);
			assert.ok(s.causes.length >= 3, `${code} causes`);
		}
	});

	it('gives the retry advice the issue asks for', () => {
		const expect: Record<number, string> = {
			200: 'not-an-error', 301: 'follow-redirect', 400: 'after-fixing-request', 401: 'after-fixing-credentials', 403: 'never', 404: 'never',
			407: 'after-fixing-credentials', 408: 'with-backoff', 429: 'after-retry-after', 500: 'with-backoff', 502: 'with-backoff', 503: 'after-retry-after', 504: 'with-backoff',
		};
		for (const [code, advice] of Object.entries(expect)) assert.equal(statusInfo(Number(code))!.retry, advice, code);
		for (const a of RETRY_ADVICE_VALUES) {
			const t = retryAdviceText(a);
			assert.ok(t.length > 10 && !t.includes('\n'), a);
		}
		assert.match(retryAdviceText('with-backoff'), /idempotent/);
	});

	it('cites the right RFCs for the codes defined outside RFC 9110', () => {
		const want: Record<number, string> = { 102: 'RFC 2518', 103: 'RFC 8297', 207: 'RFC 4918', 208: 'RFC 5842', 226: 'RFC 3229', 425: 'RFC 8470', 428: 'RFC 6585', 429: 'RFC 6585', 431: 'RFC 6585', 451: 'RFC 7725', 506: 'RFC 2295', 508: 'RFC 5842', 510: 'RFC 2774', 511: 'RFC 6585' };
		for (const [code, rfc] of Object.entries(want)) assert.ok(statusInfo(Number(code))!.spec.startsWith(rfc), `${code}`);
		assert.ok(statusInfo(308)!.links?.some((l) => l.url.endsWith('rfc7538')), '308 also links RFC 7538');
	});

	it('has no entry for codes nobody uses', () => {
		assert.equal(statusInfo(299), undefined);
		assert.equal(statusInfo(0), undefined);
		assert.equal(statusInfo(NaN), undefined);
	});

	it('keeps statusCodeForConstant working', () => {
		assert.equal(statusCodeForConstant('HTTP_401_UNAUTHORIZED'), 401);
		assert.equal(statusCodeForConstant('StatusTooManyRequests'), 429);
		assert.equal(statusCodeForConstant('Status403Forbidden'), 403);
		assert.equal(statusCodeForConstant('SC_NOT_FOUND'), 404);
		assert.equal(statusCodeForConstant('banana'), undefined);
	});
});

describe('knowledge: hover', () => {
	it('is short: name, one line, retry advice, RFC link, and an Explain more command', () => {
		const md = statusHoverMarkdown(401)!;
		const lines = md.split('\n').filter((l) => l.trim());
		assert.equal(lines[0], '**401 Unauthorized**');
		assert.ok(lines.length <= 6, md);
		assert.match(md, /Retry at most once/);
		assert.match(md, /\[RFC 9110, Section 15\.5\.2\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc9110#section-15\.5\.2\)/);
		const last = lines[lines.length - 1]!;
		assert.equal(last, `[Explain more](command:httpGuard.explainError?${encodeURIComponent('["401"]')})`);
		assert.deepEqual(JSON.parse(decodeURIComponent(last.slice(last.indexOf('?') + 1, -1))), ['401']);
	});

	it('marks unofficial codes and returns undefined for unknown ones', () => {
		assert.match(statusHoverMarkdown(499)!, /unofficial: nginx/);
		assert.match(statusHoverMarkdown(104)!, /provisional/);
		assert.equal(statusHoverMarkdown(299), undefined);
	});
});
