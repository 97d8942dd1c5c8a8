// A response whose body is used before anyone looked at its status: a 401/403 error
// page or error JSON flows on as if it were data.
import type { Rule } from '../types';

export const uncheckedResponseStatus: Rule = {
	meta: {
		id: 'unchecked-response-status',
		defaultSeverity: 'warning',
		title: 'Response used without a status check',
		message:
			'The response body is used without checking the status, so a 401/403 (or any error) passes as success. ' +
			'Check the status before reading the body, and handle 401/403 on their own.',
		docs: `Clients such as \`fetch\`, \`requests\`, \`httpx\`, Go's \`net/http\` and .NET's \`HttpClient\` do not fail on a 4xx or 5xx status: they hand back a response either way. Code that reads the body without looking at the status treats a rejected token or an outage page as data, and the failure surfaces far away, if at all.

Not reported when the client throws on non-2xx by default (axios, got, ky, ofetch) or when the response leaves the function unread (the caller may check it).

**Bad**
\`\`\`js
const res = await fetch(url, { headers });
const user = await res.json(); // a 401 body becomes "user"
\`\`\`

**Good**
\`\`\`js
const res = await fetch(url, { headers });
if (res.status === 401 || res.status === 403) {
  throw new Error(\`credentials rejected (\${res.status}); see WWW-Authenticate\`);
}
if (!res.ok) throw new Error(\`GET \${url} failed: \${res.status}\`);
const user = await res.json();
\`\`\``,
	},
	check(facts, report) {
		for (const call of facts.httpCalls) {
			const use = call.response;
			if (call.throwsOnHttpError || !use.bodyUsed || use.statusChecked || use.escapes) continue;
			report({
				span: call.calleeSpan,
				subject: { kind: 'call', index: call.id },
				related: use.bodyUseSpan ? [{ span: use.bodyUseSpan, message: 'The body is used here, status unchecked.' }] : [],
			});
		}
	},
};
