// Retrying a POST or PATCH that may already have taken effect: the retry can charge a
// card twice. An Idempotency-Key made once and sent on every attempt lets the server
// recognise the repeat.
import type { Rule } from '../types';

const NON_IDEMPOTENT = new Set(['POST', 'PATCH']);

export const retryNonIdempotent: Rule = {
	meta: {
		id: 'retry-non-idempotent',
		defaultSeverity: 'warning',
		title: 'Retry of a non-idempotent request',
		message:
			'Retries a POST/PATCH without an Idempotency-Key that stays the same across attempts: if the first attempt reached the server, the retry repeats its effect. ' +
			'Create the key once, before the first attempt, and send it on every attempt.',
		docs: `A timeout or a dropped connection does not tell you whether the server processed the request. Retrying a POST or PATCH can then create the order, the payment or the message twice. APIs such as Stripe, Adyen and PayPal accept an \`Idempotency-Key\` header: send the same key on every attempt of one logical operation and the server answers a repeat with the first result. A key generated inside the loop is new on each attempt and protects nothing.

**Bad**
\`\`\`js
for (let attempt = 0; attempt < 3; attempt++) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'Idempotency-Key': crypto.randomUUID() } });
  if (res.ok) return res.json();
  await sleep(backoff(attempt));
}
\`\`\`

**Good**
\`\`\`js
const idempotencyKey = crypto.randomUUID();
for (let attempt = 0; attempt < 3; attempt++) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
  if (res.ok) return res.json();
  await sleep(backoff(attempt));
}
\`\`\``,
	},
	check(facts, report) {
		for (const retry of facts.retries) {
			if (retry.refreshesCredentials) continue;
			const libraryRetriesPost = retry.libraryMethods?.some((method) => NON_IDEMPOTENT.has(method));
			if (libraryRetriesPost) {
				report({
					span: retry.headSpan,
					subject: { kind: 'retry', index: retry.id },
					message:
						`The retry settings include ${retry.libraryMethods!.filter((m) => NON_IDEMPOTENT.has(m)).join('/')}: if the first attempt reached the server, a retry repeats its effect. ` +
						'Retry only idempotent methods, or send an Idempotency-Key that stays the same across attempts.',
				});
				continue;
			}
			for (const id of retry.callIds) {
				const call = facts.httpCalls[id];
				if (!call?.method || !NON_IDEMPOTENT.has(call.method)) continue;
				if (call.idempotencyKey === 'literal-or-outer' || call.idempotencyKey === 'unknown') continue;
				const message =
					call.idempotencyKey === 'fresh-per-call'
						? `The Idempotency-Key of this ${call.method} is made inside the retry, so every attempt sends a new one and the server cannot recognise a repeat. ` +
							'Create the key once, before the first attempt.'
						: undefined;
				report({ span: call.calleeSpan, subject: { kind: 'call', index: call.id }, message, related: [{ span: retry.headSpan, message: 'The retry that repeats it.' }] });
			}
		}
	},
};
