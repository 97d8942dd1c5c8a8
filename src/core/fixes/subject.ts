// The fact a finding is about, looked up once for every language's fixer.
import type { CatchClause, FileFacts, Finding, HttpCall, RetryConstruct, RuleId } from '../types';

export interface FindingSubject {
	retry?: RetryConstruct;
	call?: HttpCall;
	catchClause?: CatchClause;
}

export function subjectOf(finding: Finding, facts: FileFacts): FindingSubject {
	const subject = finding.subject;
	switch (subject?.kind) {
		case 'retry':
			return { retry: facts.retries[subject.index] };
		case 'call':
			return { call: facts.httpCalls[subject.index] };
		case 'catch':
			return { catchClause: facts.catches[subject.index] };
		default:
			return {};
	}
}

/**
 * What a fix of a retry that calls itself must do to clear each rule's finding: the JS and
 * Python recursion fixes offer themselves only for these rules.
 */
export const RECURSION_NEEDS: Partial<Record<RuleId, 'wait' | 'limit' | 'authStop'>> = {
	'tight-retry-loop': 'wait',
	'retry-without-backoff': 'wait',
	'retry-without-jitter': 'wait',
	'unbounded-retry': 'limit',
	'retry-on-auth-failure': 'authStop',
};
