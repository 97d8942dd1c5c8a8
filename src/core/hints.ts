// Inline hints computed from the facts of one parse: the name beside a status code
// literal, and the effective schedule at the head of each retry construct. The language
// server turns these into LSP inlay hints; the CLI prints the schedules.
import { REASON_PHRASES } from './knowledge/constants';
import { ruleDocsUrl } from './rules/index';
import type { FileFacts, Finding, Position, RetryConstruct } from './types';

export interface Hint {
	kind: 'status-name' | 'retry-schedule';
	/** Where the hint is drawn: right after the code it describes. */
	position: Position;
	label: string;
	/** Markdown explaining each part of the label. */
	tooltip: string;
}

/** Which hints to produce, and for which lines (both ends inclusive). */
export interface HintRequest {
	statusNames: boolean;
	retrySchedules: boolean;
	fromLine?: number;
	toLine?: number;
}

function seconds(ms: number): string {
	if (ms < 1000) return `${+(ms / 1000).toFixed(3)} s`;
	return `${+(ms / 1000).toFixed(1)} s`;
}

interface SchedulePart {
	text: string;
	explanation: string;
}

function attemptsPart(retry: RetryConstruct): SchedulePart {
	const { attempts } = retry;
	if (attempts.kind === 'bounded') {
		return attempts.max === undefined
			? { text: '? attempts', explanation: 'The attempts are limited, but the limit is not a constant the analysis can read.' }
			: { text: `${attempts.max} attempts`, explanation: `At most ${attempts.max} attempts in all, the first one included.` };
	}
	if (attempts.kind === 'unbounded') {
		return retry.hasDeadline
			? { text: '∞ attempts · deadline', explanation: 'No attempt limit, but a time budget ends the retries.' }
			: { text: '∞ attempts', explanation: 'No attempt limit and no deadline: the retries never give up.' };
	}
	return { text: '? attempts', explanation: 'The number of attempts cannot be known statically.' };
}

function delayParts(retry: RetryConstruct): SchedulePart[] {
	const { delay } = retry;
	switch (delay.kind) {
		case 'none':
			return [{ text: 'no delay', explanation: 'Attempts follow each other with no wait.' }];
		case 'not-awaited':
			return [{ text: 'no delay (not awaited)', explanation: 'A delay is created but never awaited, so attempts follow each other at once.' }];
		case 'constant':
			return [
				delay.ms === undefined
					? { text: 'constant delay', explanation: 'The same wait before every attempt; its length is not a constant the analysis can read.' }
					: { text: `${seconds(delay.ms)} constant`, explanation: `The same ${seconds(delay.ms)} wait before every attempt.` },
			];
		case 'exponential': {
			const range =
				delay.baseMs !== undefined && delay.capMs !== undefined
					? `${seconds(delay.baseMs)}→${seconds(delay.capMs)}`
					: delay.baseMs !== undefined
						? `${seconds(delay.baseMs)}×2ⁿ`
						: 'exponential';
			return [
				{ text: range, explanation: 'The wait doubles (or grows by a factor) after each failed attempt.' },
				delay.jitter
					? { text: 'jitter', explanation: 'Each wait is randomised, so clients that failed together do not retry together.' }
					: { text: 'no jitter', explanation: 'The waits are not randomised: clients that failed together retry in step.' },
			];
		}
		case 'unknown':
			return [{ text: '? delay', explanation: 'There is a wait, but its length cannot be known statically.' }];
	}
}

function conditionPart(retry: RetryConstruct): SchedulePart | undefined {
	const { retryOn } = retry;
	const auth = retryOn.excludesAuthFailures ? '' : ' incl. 401/403';
	switch (retryOn.kind) {
		case 'statuses':
			return retryOn.statuses.length
				? { text: `retries ${retryOn.statuses.join('/')}`, explanation: `Retried statuses: ${retryOn.statuses.map((c) => `${c} ${REASON_PHRASES[c] ?? ''}`.trim()).join(', ')}.` }
				: undefined;
		case 'any-non-ok':
			return { text: `retries any non-2xx${auth}`, explanation: `Every non-2xx status is retried${auth ? ', including 401 and 403, which no retry can fix' : ''}.` };
		case 'any-error':
			return { text: `retries any error${auth}`, explanation: `Every error is retried${auth ? ', including authentication failures, which no retry can fix' : ''}.` };
		case 'unknown':
			// The predicate is unreadable, but a library default may still be known to spare auth failures.
			return retryOn.excludesAuthFailures
				? { text: 'skips 401/403', explanation: 'Which failures are retried cannot be read statically, but 401 and 403 are not among them.' }
				: undefined;
	}
}

/** The parts of a retry's schedule, in reading order. */
function scheduleParts(retry: RetryConstruct): SchedulePart[] {
	if (retry.refreshesCredentials) {
		return [{ text: 'once after refreshing credentials', explanation: 'One replay after new credentials are obtained: the correct answer to an expired token.' }];
	}
	const parts = [attemptsPart(retry), ...delayParts(retry)];
	const condition = conditionPart(retry);
	if (condition) parts.push(condition);
	if (retry.honoursRetryAfter) parts.push({ text: 'Retry-After', explanation: 'Waits as long as the server asks in `Retry-After`.' });
	return parts;
}

/** The one-line schedule of a retry: `⟳ 5 attempts · 0.25 s→20 s · jitter · Retry-After`. */
export function retrySchedule(retry: RetryConstruct): string {
	return `⟳ ${scheduleParts(retry).map((part) => part.text).join(' · ')}`;
}

function retryTooltip(retry: RetryConstruct, findings: readonly Finding[]): string {
	const source = retry.kind === 'library' && retry.library ? `Retry policy of \`${retry.library}\`, defaults filled in.` : `Retry ${retry.kind === 'loop' ? 'loop' : `by ${retry.kind}`}.`;
	const lines = [source, '', ...scheduleParts(retry).map((part) => `- **${part.text}**: ${part.explanation}`)];
	const here = findings.filter(
		(finding) =>
			(finding.subject?.kind === 'retry' && finding.subject.index === retry.id) ||
			(finding.span.startIndex >= retry.headSpan.startIndex && finding.span.startIndex < retry.headSpan.endIndex),
	);
	if (here.length) lines.push('', ...here.map((finding) => `⚠ [\`${finding.ruleId}\`](${ruleDocsUrl(finding.ruleId)}): ${finding.message}`));
	return lines.join('\n');
}

function inRange(line: number, request: HintRequest): boolean {
	return (request.fromLine === undefined || line >= request.fromLine) && (request.toLine === undefined || line <= request.toLine);
}

/** The hints of one analysed file, for the requested lines. */
export function computeHints(facts: FileFacts, findings: readonly Finding[], request: HintRequest): Hint[] {
	const hints: Hint[] = [];
	if (request.statusNames) {
		for (const ref of facts.statusCodeRefs) {
			// A named constant already says its name.
			if (ref.form !== 'literal' || !inRange(ref.span.end.line, request)) continue;
			const name = REASON_PHRASES[ref.code];
			if (name) hints.push({ kind: 'status-name', position: ref.span.end, label: name, tooltip: `HTTP ${ref.code} ${name}` });
		}
	}
	if (request.retrySchedules) {
		for (const retry of facts.retries) {
			if (!inRange(retry.headSpan.end.line, request)) continue;
			hints.push({ kind: 'retry-schedule', position: retry.headSpan.end, label: retrySchedule(retry), tooltip: retryTooltip(retry, findings) });
		}
	}
	return hints.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}
