// RFC 9457 problem details and OAuth JSON error bodies, found in free text without throwing.

import type { ProblemDetails } from './types';

export interface JsonFindings {
	problem?: ProblemDetails;
	/** `{"error": "invalid_grant", "error_description": "..."}` (RFC 6749, Section 5.2). */
	oauth?: { error: string; description?: string; uri?: string };
	/** A status carried by the body (`status`, or `error.code` in Google-style bodies). */
	status?: number;
}

const MAX_VALUE = 300;

function short(v: unknown): string {
	const s = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
	return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}

function tryParse(s: string): unknown {
	try {
		return JSON.parse(s);
	} catch {
		return undefined;
	}
}

function isStatus(v: unknown): v is number {
	return typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599;
}

/** Parse the first JSON object in the text (the whole text, or from the first `{` to the last `}`). */
export function findJson(text: string): JsonFindings | undefined {
	const first = text.indexOf('{');
	if (first < 0) return undefined;
	const last = text.lastIndexOf('}');
	if (last <= first) return undefined;
	const value = tryParse(text.slice(first, last + 1));
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
	return readJson(value as Record<string, unknown>);
}

export function readJson(o: Record<string, unknown>): JsonFindings | undefined {
	const f: JsonFindings = {};
	if (typeof o.error === 'string') {
		f.oauth = { error: short(o.error) };
		if (typeof o.error_description === 'string') f.oauth.description = short(o.error_description);
		if (typeof o.error_uri === 'string') f.oauth.uri = short(o.error_uri);
	} else if (o.error && typeof o.error === 'object') {
		const e = o.error as Record<string, unknown>;
		if (isStatus(e.code)) f.status = e.code;
	}
	const keys = ['type', 'title', 'status', 'detail', 'instance'];
	if (keys.some((k) => k in o) && (typeof o.title === 'string' || typeof o.type === 'string' || typeof o.detail === 'string')) {
		const p: ProblemDetails = { extensions: {} };
		if (typeof o.type === 'string') p.type = short(o.type);
		if (typeof o.title === 'string') p.title = short(o.title);
		if (isStatus(o.status)) p.status = o.status;
		if (typeof o.detail === 'string') p.detail = short(o.detail);
		if (typeof o.instance === 'string') p.instance = short(o.instance);
		let count = 0;
		for (const [k, v] of Object.entries(o)) {
			if (keys.includes(k) || count >= 20) continue;
			p.extensions[short(k)] = short(v);
			count++;
		}
		f.problem = p;
	}
	if (isStatus(o.status)) f.status = o.status;
	else if (isStatus(o.statusCode)) f.status = o.statusCode;
	return f.problem || f.oauth || f.status !== undefined ? f : undefined;
}
