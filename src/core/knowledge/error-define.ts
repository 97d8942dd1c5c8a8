// The authoring shape of network, TLS and OAuth error entries, and how they are matched in text.

import { commonFaq } from './status/define';
import type { Cause, ErrorFamily, ErrorInfo, Faq, Language, LanguageAdvice, Link, RetryAdvice, Side } from './types';

export interface ErrorData {
	id: string;
	name: string;
	family: ErrorFamily;
	/** Linear-time patterns (no nested quantifiers); the first match names the error. */
	patterns: RegExp[];
	/** Matched only when no other entry of the same family matched (generic wrappers). */
	fallback?: boolean;
	status?: number;
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
	sideNote: string;
	howLong: string;
	report?: string[];
	faq?: Faq[];
	reference: Link;
	links?: Link[];
}

const LANGUAGE_ORDER: Language[] = ['fetch', 'axios', 'requests', 'Go', 'Java', '.NET'];

export function buildError(d: ErrorData): ErrorInfo {
	const causes: Cause[] = [
		...(d.client ?? []).map((text) => ({ side: 'client' as const, text })),
		...(d.server ?? []).map((text) => ({ side: 'server' as const, text })),
		...(d.proxy ?? []).map((text) => ({ side: 'proxy' as const, text })),
		...(d.network ?? []).map((text) => ({ side: 'network' as const, text })),
	];
	const languages: LanguageAdvice[] = LANGUAGE_ORDER.filter((l) => d.languages?.[l]).map((language) => ({ language, advice: d.languages![language]! }));
	const info: ErrorInfo = {
		id: d.id,
		name: d.name,
		family: d.family,
		side: d.side,
		summary: d.summary,
		meaning: d.meaning,
		causes,
		fix: d.fix,
		retry: d.retry,
		faq: commonFaq({ sideNote: d.sideNote, howLong: d.howLong, retry: d.retry, retryNote: d.retryNote, report: d.report ?? [], subject: d.id, extra: d.faq, noResponse: d.family !== 'oauth' }),
		reference: d.reference,
	};
	if (d.status !== undefined) info.status = d.status;
	if (d.retryNote !== undefined) info.retryNote = d.retryNote;
	if (d.headers) info.headers = Object.entries(d.headers).map(([name, note]) => ({ name, note }));
	if (d.prevention) info.prevention = d.prevention;
	if (languages.length > 0) info.languages = languages;
	if (d.links) info.links = d.links;
	return info;
}
