// A retry with no attempt limit and no deadline never gives up on a dead API.
import type { Rule } from '../types';

export const unboundedRetry: Rule = {
	meta: {
		id: 'unbounded-retry',
		defaultSeverity: 'warning',
		title: 'Retry with no attempt limit',
		message:
			'Retries with no attempt limit and no deadline: if the API keeps failing, this never stops. ' +
			'Cap the attempts (5 is a common choice) and give up with the last error.',
		docs: `An endless retry turns a permanent failure (revoked credentials, a removed endpoint, a bad request) into a hung worker and a steady stream of load on the server. Bound every retry by a number of attempts or a time budget, and surface the last error when it runs out.

\`while (true)\` with a counter that \`break\`s or \`return\`s is bounded, and is not reported.

**Bad**
\`\`\`python
@retry(wait=wait_random_exponential(max=20))
def fetch_user(): ...
\`\`\`

**Good**
\`\`\`python
@retry(wait=wait_random_exponential(max=20), stop=stop_after_attempt(5))
def fetch_user(): ...
\`\`\``,
	},
	check(facts, report) {
		for (const retry of facts.retries) {
			if (retry.attempts.kind === 'unbounded' && !retry.hasDeadline) report({ span: retry.headSpan, subject: { kind: 'retry', index: retry.id } });
		}
	},
};
