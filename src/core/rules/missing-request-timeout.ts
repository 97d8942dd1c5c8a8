// A request with no timeout on a client whose default is to wait forever: one stuck
// server ties up the caller indefinitely.
import type { Rule } from '../types';

export const missingRequestTimeout: Rule = {
	meta: {
		id: 'missing-request-timeout',
		defaultSeverity: 'information',
		title: 'Request without a timeout',
		message:
			'No timeout: if the server stops answering, this call waits forever (the client has no default timeout). ' +
			'Set a timeout on the call or its client; 10 s is a sensible start.',
		docs: `\`fetch\`, \`requests\`, \`urllib3\` and Go's \`http.DefaultClient\` wait indefinitely for a server that accepted the connection but never answers. The calling thread, request handler or worker hangs with it, and a retry policy never gets a chance to run. Clients with a real default (httpx: 5 s, .NET \`HttpClient\`: 100 s) are not reported.

**Bad**
\`\`\`python
resp = requests.get(url)
\`\`\`

**Good**
\`\`\`python
resp = requests.get(url, timeout=10)
\`\`\``,
	},
	check(facts, report) {
		for (const call of facts.httpCalls) {
			if (call.timeout === 'none') report({ span: call.calleeSpan, subject: { kind: 'call', index: call.id } });
		}
	},
};
