// A catch around an HTTP call that drops the error: the 401, the outage, the timeout
// all vanish, and the program goes on with nothing to show why.
import type { Rule } from '../types';

export const swallowedHttpError: Rule = {
	meta: {
		id: 'swallowed-http-error',
		defaultSeverity: 'warning',
		title: 'HTTP error caught and dropped',
		message:
			'The error from this HTTP call is caught and dropped: a 401/403 or an outage disappears without a trace. ' +
			'Log it with context (method, URL, status, request id) and rethrow or return an explicit failure.',
		docs: `An empty \`catch\`, a bare \`except: pass\` or a handler that quietly returns a default hides every failure of the request: expired credentials, a revoked key, a server outage, a timeout. Users see wrong data or nothing, and the logs have no trace to debug from.

Handlers that log the error, rethrow it, or otherwise use it are fine.

**Bad**
\`\`\`python
try:
    resp = requests.get(url, timeout=10)
    resp.raise_for_status()
except requests.RequestException:
    pass
\`\`\`

**Good**
\`\`\`python
try:
    resp = requests.get(url, timeout=10)
    resp.raise_for_status()
except requests.RequestException as exc:
    status = getattr(exc.response, "status_code", None)
    log.warning("GET %s failed: status=%s", url.split("?")[0], status)
    raise
\`\`\``,
	},
	check(facts, report) {
		facts.catches.forEach((clause, index) => {
			if (clause.guardedCallIds.length === 0 || clause.handling === 'handled') return;
			const message =
				clause.handling === 'default-value'
					? 'The error from this HTTP call is replaced by a default value without being logged: a 401/403 or an outage looks like "no data". ' +
						'Log it with context (method, URL, status, request id) before returning the default, or rethrow.'
					: undefined;
			const call = facts.httpCalls[clause.guardedCallIds[0]];
			report({ span: clause.headSpan, subject: { kind: 'catch', index }, message, related: call ? [{ span: call.calleeSpan, message: 'The HTTP call whose error is dropped.' }] : [] });
		});
	},
};
