// Rendering an Explanation for people: Markdown (hover, Explain panel, docs) and plain terminal text.
// Knowledge text is ours and trusted; everything derived from the input (titles, matched text, notes,
// parsed header values) is escaped in Markdown so that no raw HTML or link reaches a webview.

import { retryAdviceText } from './retry';
import { statusInfo } from './status/index';
import type { AuthChallenge, Cause, Explanation, ExplanationItem, KnowledgeEntry, ProblemDetails, StatusInfo } from './types';

/** Escape text that came from the input for use in Markdown: no HTML, no links, no emphasis. */
export function escapeMarkdown(s: string): string {
	return s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/[\\`*_[\]|~#!{}]/g, (c) => `\\${c}`)
		.replace(/[\r\n]+/g, ' ');
}

interface Block {
	heading: string;
	paragraphs?: string[];
	bullets?: string[];
	qa?: { q: string; a: string }[];
}

type Esc = (s: string) => string;

const SIDE_LABEL: Record<Cause['side'], string> = {
	client: 'Your side (client)',
	server: 'Their side (server)',
	proxy: 'A proxy or CDN in between',
	network: 'The network',
};

const CLASS_LABEL: Record<StatusInfo['class'], string> = {
	informational: 'informational',
	success: 'success',
	redirection: 'redirection',
	'client-error': 'client error',
	'server-error': 'server error',
};

function entryBlocks(e: KnowledgeEntry, md: boolean): Block[] {
	const blocks: Block[] = [{ heading: 'What it means', paragraphs: [e.meaning] }];
	const sides = (['client', 'server', 'proxy', 'network'] as const).filter((s) => e.causes.some((c) => c.side === s));
	blocks.push({
		heading: 'Common causes',
		bullets: sides.flatMap((s) => e.causes.filter((c) => c.side === s).map((c) => (md ? `**${SIDE_LABEL[s]}:** ${c.text}` : `[${SIDE_LABEL[s]}] ${c.text}`))),
	});
	blocks.push({ heading: 'How to fix', bullets: e.fix });
	if (e.languages && e.languages.length > 0) {
		blocks.push({ heading: 'In your client', bullets: e.languages.map((l) => (md ? `**${l.language}:** ${l.advice}` : `${l.language}: ${l.advice}`)) });
	}
	blocks.push({ heading: 'Retry', paragraphs: [e.retryNote ? `${retryAdviceText(e.retry)} ${e.retryNote}` : retryAdviceText(e.retry)] });
	if (e.headers && e.headers.length > 0) {
		blocks.push({ heading: 'Headers to look at', bullets: e.headers.map((h) => (md ? `\`${h.name}\`: ${h.note}` : `${h.name}: ${h.note}`)) });
	}
	if (e.prevention && e.prevention.length > 0) blocks.push({ heading: 'Prevention', bullets: e.prevention });
	blocks.push({ heading: 'Questions people ask', qa: e.faq });
	const links = [e.reference, ...(e.links ?? [])];
	blocks.push({ heading: 'Reference', bullets: links.map((l) => (md ? `[${l.title}](${l.url})` : `${l.title}: ${l.url}`)) });
	return blocks;
}

function challengeLines(challenges: AuthChallenge[], esc: Esc, md: boolean): string[] {
	return challenges.map((c) => {
		const params = Object.entries(c.params).map(([k, v]) => `${esc(k)}="${esc(v)}"`);
		if (c.token68) params.unshift(esc(c.token68));
		const scheme = md ? `**${esc(c.scheme)}**` : c.scheme;
		return params.length > 0 ? `${scheme} ${params.join(', ')}` : `${scheme} (no parameters)`;
	});
}

function problemLines(p: ProblemDetails, esc: Esc): string[] {
	const lines: string[] = [];
	if (p.type !== undefined) lines.push(`type: ${esc(p.type)}`);
	if (p.title !== undefined) lines.push(`title: ${esc(p.title)}`);
	if (p.status !== undefined) lines.push(`status: ${p.status}`);
	if (p.detail !== undefined) lines.push(`detail: ${esc(p.detail)}`);
	if (p.instance !== undefined) lines.push(`instance: ${esc(p.instance)}`);
	for (const [k, v] of Object.entries(p.extensions)) lines.push(`${esc(k)}: ${esc(v)}`);
	return lines;
}

function itemSubtitle(item: ExplanationItem): string {
	const s = item.status;
	if (s) {
		const parts = [CLASS_LABEL[s.class], s.spec];
		if (!s.official) parts.push(`unofficial, used by ${s.usedBy ?? 'some servers'}`);
		if (s.provisional) parts.push('provisional registration');
		return parts.join(' · ');
	}
	if (item.error) return `${item.error.family === 'tls' ? 'TLS error' : item.error.family === 'oauth' ? 'OAuth error' : item.error.family === 'client-timeout' ? 'client-side timeout' : 'network error'} · ${item.error.reference.title}`;
	if (item.kind === 'www-authenticate') return 'authentication challenge · RFC 9110, Section 11.6.1';
	if (item.kind === 'problem') return 'problem details · RFC 9457';
	return '';
}

function itemBlocks(item: ExplanationItem, esc: Esc, md: boolean): Block[] {
	const blocks: Block[] = [];
	const notes = item.notes.filter((n) => n !== item.headline);
	if (notes.length > 0) blocks.push({ heading: 'From your input', bullets: notes.map(esc) });
	if (item.challenges && item.challenges.length > 0) blocks.push({ heading: 'Parsed challenge', bullets: challengeLines(item.challenges, esc, md) });
	if (item.problem) blocks.push({ heading: 'Parsed problem details', bullets: problemLines(item.problem, esc) });
	const entry = item.status ?? item.error;
	if (entry) blocks.push(...entryBlocks(entry, md));
	return blocks;
}

export interface TextOptions {
	/** ANSI bold headings; off unless asked for. */
	color?: boolean;
}

/** Markdown for the Explain panel and the docs. Input-derived text is escaped. */
export function renderMarkdown(e: Explanation): string {
	const out: string[] = [`# ${escapeMarkdown(e.title)}`, ''];
	if (e.input.length > 0) out.push(`Input: ${escapeMarkdown(e.input)}${e.truncated ? ' (long input: only the beginning was scanned)' : ''}`, '');
	for (const n of e.notes) out.push(`- ${escapeMarkdown(n)}`);
	if (e.notes.length > 0) out.push('');
	for (const item of e.items) {
		out.push(`## ${escapeMarkdown(item.title)}`, '');
		const sub = itemSubtitle(item);
		if (sub) out.push(`*${escapeMarkdown(sub)}*`, '');
		out.push(`**${escapeMarkdown(item.headline)}**`, '');
		for (const b of itemBlocks(item, escapeMarkdown, true)) {
			out.push(`### ${b.heading}`, '');
			for (const p of b.paragraphs ?? []) out.push(p, '');
			if (b.bullets) out.push(...b.bullets.map((x) => `- ${x}`), '');
			for (const qa of b.qa ?? []) out.push(`**${qa.q}**`, qa.a, '');
		}
	}
	return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Plain text for terminals. No ANSI codes unless `color` is set. */
export function renderText(e: Explanation, options: TextOptions = {}): string {
	const bold = (s: string): string => (options.color ? `\u001b[1m${s}\u001b[22m` : s);
	const id = (s: string): string => s;
	const out: string[] = [bold(e.title), ''];
	if (e.truncated) out.push('(long input: only the beginning was scanned)', '');
	for (const n of e.notes) out.push(`* ${n}`);
	if (e.notes.length > 0) out.push('');
	for (const item of e.items) {
		out.push(bold(`== ${item.title} ==`));
		const sub = itemSubtitle(item);
		if (sub) out.push(sub);
		out.push(item.headline, '');
		for (const b of itemBlocks(item, id, false)) {
			out.push(bold(b.heading));
			for (const p of b.paragraphs ?? []) out.push(`  ${p}`);
			for (const x of b.bullets ?? []) out.push(`  - ${x}`);
			for (const qa of b.qa ?? []) out.push(`  Q: ${qa.q}`, `  A: ${qa.a}`);
			out.push('');
		}
	}
	return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The short hover for a status code: name, one line, retry advice, RFC link, "Explain more". */
export function statusHoverMarkdown(code: number): string | undefined {
	const s = statusInfo(code);
	if (!s) return undefined;
	const tag = s.official ? (s.provisional ? ' (provisional)' : '') : ` (unofficial: ${s.usedBy ?? 'vendor-specific'})`;
	const args = encodeURIComponent(JSON.stringify([String(code)]));
	return [
		`**${s.code} ${s.name}**${tag}`,
		'',
		s.summary,
		'',
		`*Retry:* ${retryAdviceText(s.retry)}`,
		'',
		`[${s.reference.title}](${s.reference.url})`,
		'',
		`[Explain more](command:httpGuard.explainError?${args})`,
	].join('\n');
}
