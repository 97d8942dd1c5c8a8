// The C# text that fixes insert: the helpers (added once per class as `private static`
// methods, each marked so a second fix finds it), the 401/403 test and error, and the
// timeout. Templates use tabs for indentation steps; `CsFile.lines` re-indents them to
// the file's. What a helper logs is an allow-list: request id headers, never other headers.
import { BACKOFF, HELPER_MARKER, REQUEST_ID_HEADERS } from '../snippets';

/** The name says what the wait is, which is also how the analysis reads a wait it cannot see into. */
export const BACKOFF_NAME = 'ExponentialBackoffWithJitter';
export const REQUEST_ID_NAME = 'RequestIdOf';
export const REDACT_URL_NAME = 'RedactUrl';
export const AUTH_CHECK = (status: string) => `${status} == HttpStatusCode.Unauthorized || ${status} == HttpStatusCode.Forbidden`;
export const TIMEOUT = `TimeSpan.FromSeconds(${BACKOFF.timeoutMs / 1000})`;
/** Polly counts retries, not attempts. */
export const MAX_RETRIES = BACKOFF.maxAttempts - 1;

/** The helper bodies, written with tabs for one indentation step; `CsFile.lines` re-indents them. */
export const HELPERS: Record<string, { usings: string[]; lines: string[] }> = {
	[BACKOFF_NAME]: {
		usings: ['System', 'System.Net.Http.Headers'],
		lines: [
			`// ${HELPER_MARKER}: exponential backoff with full jitter (${BACKOFF.baseMs} ms base, ${BACKOFF.capMs / 1000} s cap),`,
			`// or the server's Retry-After (a delay or an HTTP date, at most ${BACKOFF.retryAfterCapMs / 1000} s) when it sent one.`,
			`private static TimeSpan ${BACKOFF_NAME}(int attempt, RetryConditionHeaderValue? retryAfter = null)`,
			'{',
			'\tvar requested = retryAfter?.Delta ?? (retryAfter?.Date - DateTimeOffset.UtcNow);',
			'\tif (requested >= TimeSpan.Zero)',
			'\t{',
			`\t\treturn requested.Value < TimeSpan.FromSeconds(${BACKOFF.retryAfterCapMs / 1000}) ? requested.Value : TimeSpan.FromSeconds(${BACKOFF.retryAfterCapMs / 1000});`,
			'\t}',
			`\treturn TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(${BACKOFF.capMs}, ${BACKOFF.baseMs} * Math.Pow(2, attempt)));`,
			'}',
		],
	},
	[REQUEST_ID_NAME]: {
		usings: ['System.Net.Http'],
		lines: [
			`// ${HELPER_MARKER}: the request id the server sent back. Only these allow-listed`,
			'// headers are read; no other header is ever looked at.',
			`private static string? ${REQUEST_ID_NAME}(HttpResponseMessage? response)`,
			'{',
			`\tforeach (var name in new[] { ${REQUEST_ID_HEADERS.map((name) => `"${name}"`).join(', ')} })`,
			'\t{',
			'\t\tif (response != null && response.Headers.TryGetValues(name, out var values))',
			'\t\t{',
			'\t\t\treturn string.Join(",", values);',
			'\t\t}',
			'\t}',
			'\treturn null;',
			'}',
		],
	},
	[REDACT_URL_NAME]: {
		usings: ['System'],
		lines: [
			`// ${HELPER_MARKER}: a URL that is safe to log: no query string, fragment or user info.`,
			`private static string ${REDACT_URL_NAME}(object? url)`,
			'{',
			'\tvar text = url?.ToString() ?? "";',
			'\t// On Unix "/path?q=1" parses as an absolute file URI, whose path would keep the query.',
			'\tif (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))',
			'\t{',
			'\t\treturn uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);',
			'\t}',
			"\treturn text.Split('?', '#')[0];",
			'}',
		],
	},
};

export function authError(response: string): string {
	return `throw new HttpRequestException($"Credentials rejected (HTTP {(int)${response}.StatusCode}): check the token or API key; the WWW-Authenticate header says why.", inner: null, statusCode: ${response}.StatusCode);`;
}

