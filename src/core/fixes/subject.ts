// The fact a finding is about, looked up once for every language's fixer.
import type { CatchClause, FileFacts, Finding, HttpCall, RetryConstruct } from '../types';

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
