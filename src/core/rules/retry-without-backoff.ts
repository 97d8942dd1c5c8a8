// A constant wait between attempts: better than none, but every client keeps the
// same pace against a server that needs them to slow down.
import type { Rule } from '../types';

export const retryWithoutBackoff: Rule = {
	meta: {
		id: 'retry-without-backoff',
		defaultSeverity: 'warning',
		title: 'Retry waits a constant delay',
		message:
			'Waits the same delay before every attempt: a struggling server gets no more room on the fifth try than on the first. ' +
			'Grow the wait exponentially (base × 2^attempt, capped) and add jitter.',
		docs: `With a fixed delay, retries keep arriving at a steady rate however long the outage lasts. Exponential backoff spaces attempts out as failures persist (250 ms, 500 ms, 1 s, ... up to a cap), which gives the server room to recover and keeps your client within rate limits. A retry that makes at most two attempts waits once and is not reported.

**Bad**
\`\`\`go
for attempt := 0; attempt < 5; attempt++ {
    resp, err = client.Do(req)
    if err == nil && resp.StatusCode < 500 { break }
    time.Sleep(time.Second)
}
\`\`\`

**Good**
\`\`\`go
for attempt := 0; attempt < 5; attempt++ {
    resp, err = client.Do(req)
    if err == nil && resp.StatusCode < 500 { break }
    time.Sleep(time.Duration(rand.Int63n(int64(min(20*time.Second, 250*time.Millisecond<<attempt)))))
}
\`\`\``,
	},
	check(facts, report) {
		for (const retry of facts.retries) {
			if (retry.delay.kind !== 'constant') continue;
			// Two attempts wait once: there is no schedule to grow (seen in MSAL's fetch client).
			if (retry.attempts.kind === 'bounded' && (retry.attempts.max ?? Infinity) <= 2) continue;
			const ms = retry.delay.ms;
			const message =
				ms === undefined
					? undefined
					: `Waits a constant ${ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`} before every attempt: a struggling server gets no more room on the fifth try than on the first. ` +
						'Grow the wait exponentially (base × 2^attempt, capped) and add jitter.';
			report({ span: retry.headSpan, subject: { kind: 'retry', index: retry.id }, message, related: retry.delay.span ? [{ span: retry.delay.span, message: 'The constant delay.' }] : [] });
		}
	},
};
