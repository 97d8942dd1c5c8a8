// Retrying a 429 or 503 on one's own schedule, when the server has said in
// `Retry-After` when to come back.
import type { Rule } from '../types';

export const ignoredRetryAfter: Rule = {
	meta: {
		id: 'ignored-retry-after',
		defaultSeverity: 'warning',
		title: 'Retry ignores Retry-After',
		message:
			'Retries on 429/503 without reading Retry-After: the server says when to come back, and retrying sooner prolongs the throttling. ' +
			'Wait for Retry-After (seconds or an HTTP date), capped, when the response has it.',
		docs: `A 429 Too Many Requests or 503 Service Unavailable often carries \`Retry-After\`, either a number of seconds or an HTTP date. Retrying before then is rejected again and counts against your quota; some APIs extend the penalty for clients that ignore it. Use the header when present (capped to a sane maximum) and fall back to your backoff otherwise.

**Bad**
\`\`\`js
if (res.status === 429) { await sleep(backoff(attempt)); continue; }
\`\`\`

**Good**
\`\`\`js
if (res.status === 429) {
  const seconds = Number(res.headers.get('retry-after'));
  await sleep(Number.isFinite(seconds) ? Math.min(seconds * 1000, 60_000) : backoff(attempt));
  continue;
}
\`\`\``,
	},
	check(facts, report) {
		for (const retry of facts.retries) {
			if (retry.honoursRetryAfter) continue;
			const throttling = retry.retryOn.statuses.filter((code) => code === 429 || code === 503);
			if (throttling.length === 0) continue;
			report({
				span: retry.headSpan,
				subject: { kind: 'retry', index: retry.id },
				message:
					`Retries on ${throttling.join('/')} without reading Retry-After: the server says when to come back, and retrying sooner prolongs the throttling. ` +
					'Wait for Retry-After (seconds or an HTTP date), capped, when the response has it.',
				related: retry.retryOn.span ? [{ span: retry.retryOn.span, message: 'The statuses retried.' }] : [],
			});
		}
	},
};
