// The authoring shape of a status entry: terse to write and review. `build` turns it into a
// `StatusInfo`, adding the questions every code answers (whose side, how long, retry, bug report).

import { REASON_PHRASES } from '../constants';
import { retryAdviceText } from '../retry';
import type { Cause, Faq, Language, LanguageAdvice, Link, RetryAdvice, Side, StatusClass, StatusInfo } from '../types';

export interface StatusData {
	code: number;
	/** Required for unofficial codes; registered codes take theirs from `REASON_PHRASES`. */
	name?: string;
	registryName?: string;
	provisional?: boolean;
	usedBy?: string;
	/** `[9110, '15.5.2']` for RFC 9110 Section 15.5.2. */
	rfc?: [number, string];
	/** For codes without an RFC: the spec or vendor page. */
	source?: { spec: string; reference: Link };
	summary: string;
	meaning: string;
	client?: string[];
	server?: string[];
	network?: string[];
	proxy?: string[];
	fix: string[];
	retry: RetryAdvice;
	retryNote?: string;
	headers?: Record<string, string>;
	prevention?: string[];
	languages?: Partial<Record<Language, string>>;
	side: Side;
	/** The answer to "is this my side or theirs?" */
	sideNote: string;
	/** The answer to "how long will it take to resolve?" (errors only; a default per class otherwise). */
	howLong?: string;
	/** What to add to a bug report beyond the usual. */
	report?: string[];
	faq?: Faq[];
	links?: Link[];
}

export function rfcLink(rfc: number, section?: string): Link {
	return {
		title: section ? `RFC ${rfc}, Section ${section}` : `RFC ${rfc}`,
		url: `https://www.rfc-editor.org/rfc/rfc${rfc}${section ? `#section-${section}` : ''}`,
	};
}

export function classOf(code: number): StatusClass {
	if (code < 200) return 'informational';
	if (code < 300) return 'success';
	if (code < 400) return 'redirection';
	if (code < 500) return 'client-error';
	return 'server-error';
}

const DEFAULT_HOW_LONG: Record<StatusClass, string> = {
	informational: '',
	success: '',
	redirection: 'As soon as the client follows the redirect or you update the URL; nothing needs to recover.',
	'client-error': 'As soon as the request is corrected: nothing on the server needs to recover, so waiting does not help.',
	'server-error': 'It depends on the provider: transient faults clear in seconds to minutes, outages can take hours. Check their status page; if it persists for the same request while others work, report it.',
};

/** What every bug report about an HTTP failure should carry. */
export const BUG_REPORT_BASICS =
	'the method and URL (without query-string secrets or credentials), the UTC timestamp, the status code and response body (trimmed), ' +
	'any request id header (`X-Request-Id`, `X-Amzn-RequestId`, `CF-Ray`, `traceparent`), the client library and version, and what changed recently. ' +
	'Never include `Authorization`, `Cookie`, API keys or tokens';

/** The same for failures with no HTTP response (connection, DNS, TLS). */
export const BUG_REPORT_NO_RESPONSE =
	'the exact error message with its cause chain, the method and URL (without query-string secrets or credentials), the UTC timestamp, ' +
	'the client library and version, and whether it fails every time or intermittently. Never include `Authorization`, `Cookie`, API keys or tokens';

const LANGUAGE_ORDER: Language[] = ['fetch', 'axios', 'requests', 'Go', 'Java', '.NET'];

function isError(code: number): boolean {
	return code >= 400;
}

export function build(d: StatusData): StatusInfo {
	const registered = REASON_PHRASES[d.code];
	const official = d.rfc !== undefined || d.provisional === true;
	const name = official ? (registered ?? d.name ?? '') : (d.name ?? '');
	const cls = classOf(d.code);
	const reference = d.rfc ? rfcLink(d.rfc[0], d.rfc[1]) : d.source?.reference ?? { title: '', url: '' };
	const spec = d.rfc ? `RFC ${d.rfc[0]}, Section ${d.rfc[1]}` : d.source?.spec ?? '';
	const causes: Cause[] = [
		...(d.client ?? []).map((text) => ({ side: 'client' as const, text })),
		...(d.server ?? []).map((text) => ({ side: 'server' as const, text })),
		...(d.proxy ?? []).map((text) => ({ side: 'proxy' as const, text })),
		...(d.network ?? []).map((text) => ({ side: 'network' as const, text })),
	];
	const languages: LanguageAdvice[] = LANGUAGE_ORDER.filter((l) => d.languages?.[l]).map((language) => ({ language, advice: d.languages![language]! }));
	const faq = commonFaq({ sideNote: d.sideNote, howLong: isError(d.code) ? d.howLong ?? DEFAULT_HOW_LONG[cls] : undefined, retry: d.retry, retryNote: d.retryNote, report: isError(d.code) ? d.report ?? [] : undefined, subject: `a ${d.code}`, extra: d.faq });
	const info: StatusInfo = {
		code: d.code,
		name,
		official,
		class: cls,
		spec,
		side: d.side,
		summary: d.summary,
		meaning: d.meaning,
		causes,
		fix: d.fix,
		retry: d.retry,
		faq,
		reference,
	};
	if (d.registryName !== undefined) info.registryName = d.registryName;
	if (d.provisional) info.provisional = true;
	if (d.usedBy !== undefined) info.usedBy = d.usedBy;
	if (d.retryNote !== undefined) info.retryNote = d.retryNote;
	if (d.headers) info.headers = Object.entries(d.headers).map(([name, note]) => ({ name, note }));
	if (d.prevention) info.prevention = d.prevention;
	if (languages.length > 0) info.languages = languages;
	const links = [...(d.links ?? [])];
	if (d.rfc && d.source) links.unshift(d.source.reference);
	if (links.length > 0) info.links = links;
	return info;
}

export interface FaqInput {
	sideNote: string;
	/** Undefined for things that are not failures. */
	howLong: string | undefined;
	retry: RetryAdvice;
	retryNote: string | undefined;
	/** Undefined for things that are not failures; extra items otherwise. */
	report: string[] | undefined;
	/** "a 401", "ECONNRESET": used in the bug-report answer. */
	subject: string;
	extra: Faq[] | undefined;
	/** True for failures where no HTTP response arrived. */
	noResponse?: boolean;
}

/** The four questions every failure answers, in the same order everywhere. */
export function commonFaq(f: FaqInput): Faq[] {
	const faq: Faq[] = [{ q: 'Is this on my side or theirs?', a: f.sideNote }];
	if (f.howLong !== undefined) faq.push({ q: 'How long will it take to resolve?', a: f.howLong });
	faq.push({ q: 'Should I retry or wait?', a: f.retryNote ? `${retryAdviceText(f.retry)} ${f.retryNote}` : retryAdviceText(f.retry) });
	if (f.report !== undefined) {
		const extra = f.report.length > 0 ? ` For ${f.subject}, also: ${f.report.join('; ')}.` : '';
		faq.push({ q: 'What should I put in a bug report?', a: `Include ${f.noResponse ? BUG_REPORT_NO_RESPONSE : BUG_REPORT_BASICS}.${extra}` });
	}
	faq.push(...(f.extra ?? []));
	return faq;
}
