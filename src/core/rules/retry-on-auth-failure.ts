// A retry that also repeats 401/403: wrong or expired credentials do not fix
// themselves, so every attempt fails the same way and may lock the account.
import type { Rule } from '../types';

export const retryOnAuthFailure: Rule = {
	meta: {
		id: 'retry-on-auth-failure',
		defaultSeverity: 'warning',
		title: 'Retry repeats authentication failures',
		message:
			'Retries on any non-ok status, including 401/403: an authentication failure will not go away on retry. ' +
			'Stop on 401/403 or refresh the credentials once.',
		docs: `A 401 means the credentials are missing, wrong or expired; a 403 means they are valid but not allowed. Neither changes between attempts, so retrying only adds load, delays the real error, and can trip the provider's abuse detection or lock the account.

A single retry after refreshing the credentials (a new access token) is correct and is not reported.

**Bad**
\`\`\`js
for (let attempt = 0; attempt < 5; attempt++) {
  const res = await fetch(url);
  if (res.ok) return res.json();
  await sleep(backoff(attempt));
}
\`\`\`

**Good**
\`\`\`js
for (let attempt = 0; attempt < 5; attempt++) {
  const res = await fetch(url);
  if (res.ok) return res.json();
  if (res.status === 401 || res.status === 403) throw new Error(\`credentials rejected: \${res.status}\`);
  await sleep(backoff(attempt));
}
\`\`\``,
	},
	check(facts, report) {
		for (const retry of facts.retries) {
			if (retry.refreshesCredentials) continue;
			const condition = retry.retryOn;
			const listed = condition.statuses.filter((code) => code === 401 || code === 403);
			let message: string | undefined;
			if (listed.length > 0) {
				message =
					`Retries on ${listed.join('/')}, listed among the statuses to retry: an authentication failure will not go away on retry. ` +
					'Remove it from the list, and stop on 401/403 or refresh the credentials once.';
			} else if (condition.excludesAuthFailures) {
				continue;
			} else if (condition.kind === 'any-error') {
				message =
					'Retries on any error, including 401/403: an authentication failure will not go away on retry. ' +
					'Stop on 401/403 or refresh the credentials once.';
			} else if (condition.kind !== 'any-non-ok') {
				continue;
			}
			report({ span: retry.headSpan, subject: { kind: 'retry', index: retry.id }, message, related: condition.span ? [{ span: condition.span, message: 'The retry condition.' }] : [] });
		}
	},
};
