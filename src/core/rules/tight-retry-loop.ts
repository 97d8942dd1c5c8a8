// A retry with no wait between attempts: when the API is down or throttling, the
// client hammers it as fast as the loop spins and makes the outage worse.
import type { Rule } from '../types';

export const tightRetryLoop: Rule = {
	meta: {
		id: 'tight-retry-loop',
		defaultSeverity: 'error',
		title: 'Retry with no wait between attempts',
		message:
			'Retries immediately with no wait: a failing or rate-limited API is hit as fast as the loop runs. ' +
			'Wait between attempts with exponential backoff and jitter.',
		docs: `Retrying at once turns one failure into a burst of identical requests. A server that is overloaded or rate limiting you gets more load exactly when it can take least, and you burn your quota. A delay that is computed but never awaited (a \`sleep()\` promise without \`await\`, an \`asyncio.sleep()\` coroutine that is never awaited) is the same bug.

**Bad**
\`\`\`js
while (attempt++ < 5) {
  try { return await axios.get(url); } catch (err) { sleep(1000); } // not awaited
}
\`\`\`

**Good**
\`\`\`js
while (attempt++ < 5) {
  try { return await axios.get(url); } catch (err) {
    await sleep(Math.random() * Math.min(20_000, 250 * 2 ** attempt));
  }
}
\`\`\``,
	},
	check(facts, report) {
		for (const retry of facts.retries) {
			// One immediate second try (`.catch(() => fetch(url))`) does not hammer anyone.
			const singleRetry = (retry.kind === 'catch-retry' || retry.kind === 'promise-chain') && retry.attempts.kind === 'bounded' && (retry.attempts.max ?? Infinity) <= 2;
			if (singleRetry) continue;
			if (retry.delay.kind === 'none') {
				report({ span: retry.headSpan, subject: { kind: 'retry', index: retry.id } });
			} else if (retry.delay.kind === 'not-awaited') {
				report({
					span: retry.headSpan,
					subject: { kind: 'retry', index: retry.id },
					message:
						'The delay between attempts is created but never awaited, so the retries run back to back. ' +
						'Await the delay, and make it exponential backoff with jitter.',
					related: [{ span: retry.delay.span, message: 'This delay is not awaited.' }],
				});
			}
		}
	},
};
