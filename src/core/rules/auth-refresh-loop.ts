// A 401 handler that refreshes the token and replays the request with no guard: when
// the refresh token itself has expired, every replay earns another 401, forever.
import type { Rule } from '../types';

export const authRefreshLoop: Rule = {
	meta: {
		id: 'auth-refresh-loop',
		defaultSeverity: 'warning',
		title: 'Token refresh without a once-only guard',
		message:
			'Refreshes the credentials and replays the request on 401 with no once-only guard: if the refresh does not help, the request loops. ' +
			'Mark the replayed request (e.g. a `_retry` flag) and give up on a second 401.',
		docs: `Refresh-and-replay is the right answer to an expired access token, once. If the refresh token has expired too, or the new token is rejected for another reason (clock skew, a revoked grant, missing scope), an unguarded handler sees the replay's 401 and refreshes again, without end, often while the user watches a spinner.

**Bad**
\`\`\`js
api.interceptors.response.use(undefined, async (error) => {
  if (error.response?.status === 401) {
    await refreshToken();
    return api(error.config);
  }
  throw error;
});
\`\`\`

**Good**
\`\`\`js
api.interceptors.response.use(undefined, async (error) => {
  const original = error.config;
  if (error.response?.status === 401 && !original._retry) {
    original._retry = true;
    await refreshToken();
    return api(original);
  }
  throw error;
});
\`\`\``,
	},
	check(facts, report) {
		facts.authRefreshes.forEach((handler, index) => {
			if (handler.replays && !handler.hasOnceGuard) report({ span: handler.headSpan, subject: { kind: 'auth-refresh', index } });
		});
	},
};
