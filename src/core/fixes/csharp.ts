// Fixes for C#, shaped to the file: its indentation step and brace style, its `using`
// directives (new ones go with the existing ones, once), helpers added once per class as
// `private static` methods, the class's `ILogger`, the method's `CancellationToken`, and
// Polly / Microsoft.Extensions.Http.Resilience options configured rather than replaced.
// Each fix starts from the fact its finding is about and gives up when the code does not
// have the shape the edit assumes. dotnet is not available to the tests, so the bar for
// the output is a parse with no new ERROR/MISSING nodes. The parts live in `csharp/`.
import type { Finding, Fix } from '../types';
import type { FixContext, LanguageFixer } from './index';
import { subjectOf } from './subject';
import { idempotencyKeyFix, statusCheckFix, timeoutFixes } from './csharp/calls';
import { loggingFix, onceGuardFix } from './csharp/errors';
import { CsFile } from './csharp/file';
import { attemptLimitFix, backoffFixes, libraryAttemptLimitFix, libraryStopOnAuthFix, loopStopOnAuthFix } from './csharp/retries';

export const csharpFixer: LanguageFixer = {
	fixesFor(finding, context) {
		return withLineEndings(fixesFor(finding, context), context.text);
	},
};

/** Visual Studio writes CRLF: the inserted lines end as the file's lines do. */
function withLineEndings(fixes: Fix[], text: string): Fix[] {
	if (!text.includes('\r\n')) return fixes;
	return fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, newText: edit.newText.replace(/\r?\n/g, '\r\n') })) }));
}

function fixesFor(finding: Finding, context: FixContext): Fix[] {
	const file = new CsFile(context);
	const { facts } = context;
	const { retry, call, catchClause } = subjectOf(finding, facts);
	switch (finding.ruleId) {
		case 'tight-retry-loop':
		case 'retry-without-backoff':
		case 'retry-without-jitter':
		case 'ignored-retry-after':
			return retry ? backoffFixes(context, retry, finding.ruleId) : [];
		case 'unbounded-retry':
			return !retry ? [] : retry.kind === 'loop' ? attemptLimitFix(file, retry) : libraryAttemptLimitFix(file, retry);
		case 'retry-on-auth-failure':
			return !retry ? [] : retry.kind === 'loop' ? loopStopOnAuthFix(file, retry) : libraryStopOnAuthFix(file, retry);
		case 'missing-request-timeout':
			return call ? timeoutFixes(context, call) : [];
		case 'unchecked-response-status':
			return call ? statusCheckFix(file, call) : [];
		case 'retry-non-idempotent':
			return call ? idempotencyKeyFix(file, call, call.retryId !== undefined ? facts.retries[call.retryId] : undefined) : [];
		case 'swallowed-http-error':
			return catchClause ? loggingFix(file, catchClause) : [];
		case 'auth-refresh-loop':
			return onceGuardFix(file, finding);
	}
}
