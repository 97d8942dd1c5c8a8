// Exponential backoff with no randomness: clients that failed together retry together,
// in synchronized waves.
import type { Rule } from '../types';

export const retryWithoutJitter: Rule = {
	meta: {
		id: 'retry-without-jitter',
		defaultSeverity: 'information',
		title: 'Exponential backoff without jitter',
		message:
			'Exponential backoff without jitter: clients that failed together retry together, in waves. ' +
			'Randomise each wait (full jitter: a random time between 0 and the backoff).',
		docs: `When an outage hits many clients at once, deterministic backoff makes all of them retry at the same instants (1 s, 2 s, 4 s...), so the server sees spikes instead of a spread. Full jitter, \`random(0, min(cap, base × 2^attempt))\`, spreads them out and is what most provider guidelines recommend.

**Bad**
\`\`\`python
time.sleep(0.25 * 2 ** attempt)
\`\`\`

**Good**
\`\`\`python
time.sleep(random.uniform(0, min(20, 0.25 * 2 ** attempt)))
\`\`\``,
	},
	check(facts, report) {
		for (const retry of facts.retries) {
			if (retry.delay.kind === 'exponential' && !retry.delay.jitter) {
				report({ span: retry.headSpan, subject: { kind: 'retry', index: retry.id }, related: retry.delay.span ? [{ span: retry.delay.span, message: 'The backoff, with no randomness.' }] : [] });
			}
		}
	},
};
