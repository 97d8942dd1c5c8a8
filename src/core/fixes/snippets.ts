// The helper code that fixes insert, once per file: exponential backoff with full jitter
// that honours Retry-After, and a description of a failed HTTP call that is safe to log.
// Each helper starts with a marker comment so a second fix finds it and does not add it
// again. What gets logged is an allow-list: method, URL without query string or user
// info, status, request id headers, attempt, elapsed time, error class. Never headers in
// general, never bodies, never the error message (clients put URLs with tokens there).
import type { FixContext } from './index';

/** Text that marks a helper as ours; fixers look for it before inserting a helper. */
export const HELPER_MARKER = 'Added by HTTP Guard';

/** Response headers that carry a request id worth quoting in a bug report. */
export const REQUEST_ID_HEADERS = ['x-request-id', 'x-amzn-requestid', 'x-ms-request-id', 'x-correlation-id', 'cf-ray', 'x-github-request-id'];

export const BACKOFF = { baseMs: 250, capMs: 20_000, retryAfterCapMs: 60_000, maxAttempts: 5, timeoutMs: 10_000 } as const;

/**
 * The project declares the package (`FixContext.dependencies`) or the file imports it: a
 * fix may then use that library instead of inlining a helper. `name` is the package
 * manager's name (Python names PEP 503-normalised, as the manifest reader stores them).
 */
export function projectUses(context: Pick<FixContext, 'dependencies' | 'facts'>, name: string): boolean {
	return context.dependencies.has(name) || context.facts.imports.some((fact) => fact.module === name || fact.module.startsWith(`${name}.`) || fact.module.startsWith(`${name}/`));
}

export interface Style {
	/** Indentation step of the file (`\t`, two or four spaces). */
	indent: string;
	/** Whether statements end with `;` (JavaScript family). */
	semicolons: boolean;
	/** The file is TypeScript: helpers carry type annotations. */
	typescript: boolean;
}

/** Re-indents a template written with tabs to the file's own indentation step. */
function shape(lines: string[], style: Style): string {
	return lines
		.map((line) => line.replace(/^\t+/, (tabs) => style.indent.repeat(tabs.length)))
		.map((line) => (style.semicolons ? line : line.replace(/;$/, '')))
		.join('\n');
}

export const JS_BACKOFF_NAME = 'backoffWithJitter';
export const JS_DESCRIBE_NAME = 'describeHttpFailure';
export const PY_BACKOFF_NAME = 'backoff_with_jitter';
export const PY_DESCRIBE_NAME = 'describe_http_failure';

/** `await backoffWithJitter(attempt, retryAfter)`: waits before the next attempt. */
export function jsBackoffHelper(style: Style): string {
	const t = style.typescript;
	return shape(
		[
			`// ${HELPER_MARKER}: exponential backoff with full jitter (${BACKOFF.baseMs} ms base, ${BACKOFF.capMs / 1000} s cap),`,
			`// or the server's Retry-After (seconds or an HTTP date, at most ${BACKOFF.retryAfterCapMs / 1000} s) when it sent one.`,
			`async function ${JS_BACKOFF_NAME}(attempt${t ? ': number' : ''}, retryAfter${t ? '?: string | null' : ''})${t ? ': Promise<void>' : ''} {`,
			`\tlet delayMs = Math.random() * Math.min(${BACKOFF.capMs}, ${BACKOFF.baseMs} * 2 ** attempt);`,
			'\tif (retryAfter) {',
			'\t\tconst seconds = Number(retryAfter);',
			'\t\tconst waitMs = Number.isNaN(seconds) ? Date.parse(retryAfter) - Date.now() : seconds * 1000;',
			`\t\tif (waitMs >= 0) delayMs = Math.min(waitMs, ${BACKOFF.retryAfterCapMs});`,
			'\t}',
			'\tawait new Promise((resolve) => setTimeout(resolve, delayMs));',
			'}',
		],
		style,
	);
}

/** `describeHttpFailure(error, attempt, startedAt)`: an object that is safe to log. */
export function jsDescribeHelper(style: Style): string {
	const t = style.typescript;
	const any = t ? ': any' : '';
	return shape(
		[
			`// ${HELPER_MARKER}: what to log about a failed HTTP call. Only allow-listed fields:`,
			'// no headers but request ids, no query string or user info, no bodies.',
			`function ${JS_DESCRIBE_NAME}(error${any}, attempt${t ? '?: number' : ''}, startedAt${t ? '?: number' : ''}) {`,
			'\tconst request = error?.config ?? error?.request ?? {};',
			'\tconst response = error?.response;',
			"\tconst rawUrl = String(request.url ?? response?.url ?? '');",
			"\tlet url = rawUrl.split(/[?#]/)[0];",
			'\ttry {',
			'\t\tconst parsed = new URL(rawUrl);',
			'\t\turl = parsed.origin + parsed.pathname;',
			'\t} catch {',
			'\t\t// A relative URL: the split above already dropped the query string.',
			'\t}',
			`\tconst header = (name${t ? ': string' : ''}) =>`,
			"\t\ttypeof response?.headers?.get === 'function' ? response.headers.get(name) : response?.headers?.[name];",
			`\tconst requestId = ${JSON.stringify(REQUEST_ID_HEADERS).replace(/"/g, "'").replace(/,/g, ', ')}.map(header).find(Boolean);`,
			'\treturn {',
			'\t\ttimestamp: new Date().toISOString(),',
			"\t\tmethod: String(request.method ?? 'GET').toUpperCase(),",
			'\t\turl,',
			'\t\tstatus: response?.status ?? error?.status,',
			'\t\trequestId,',
			'\t\tattempt,',
			'\t\telapsedMs: startedAt === undefined ? undefined : Date.now() - startedAt,',
			'\t\terror: error?.code ?? error?.name,',
			'\t};',
			'}',
		],
		style,
	);
}

/** `backoff_with_jitter(attempt, retry_after)`: seconds to wait before the next attempt. */
export function pyBackoffHelper(style: Pick<Style, 'indent'>): string {
	return shape(
		[
			`def ${PY_BACKOFF_NAME}(attempt, retry_after=None):`,
			`\t"""${HELPER_MARKER}: seconds to wait before the next attempt.`,
			'',
			`\tExponential backoff with full jitter (${BACKOFF.baseMs / 1000} s base, ${BACKOFF.capMs / 1000} s cap), or the server's`,
			`\tRetry-After (seconds or an HTTP date, at most ${BACKOFF.retryAfterCapMs / 1000} s) when it sent one.`,
			'\t"""',
			'\tif retry_after:',
			'\t\ttry:',
			`\t\t\treturn min(max(float(retry_after), 0.0), ${BACKOFF.retryAfterCapMs / 1000}.0)`,
			'\t\texcept ValueError:',
			'\t\t\ttry:',
			'\t\t\t\twhen = email.utils.parsedate_to_datetime(retry_after)',
			`\t\t\t\treturn min(max((when - datetime.datetime.now(datetime.timezone.utc)).total_seconds(), 0.0), ${BACKOFF.retryAfterCapMs / 1000}.0)`,
			'\t\t\texcept (TypeError, ValueError):',
			'\t\t\t\tpass',
			`\treturn random.uniform(0, min(${BACKOFF.capMs / 1000}.0, ${BACKOFF.baseMs / 1000} * 2 ** attempt))`,
		],
		{ ...style, semicolons: true, typescript: false },
	);
}

/** The modules the Python backoff helper needs. */
export const PY_BACKOFF_IMPORTS = ['datetime', 'email.utils', 'random'];

/** `describe_http_failure(exc, attempt, started_at)`: a dict that is safe to log. */
export function pyDescribeHelper(style: Pick<Style, 'indent'>): string {
	return shape(
		[
			`def ${PY_DESCRIBE_NAME}(exc, attempt=None, started_at=None):`,
			`\t"""${HELPER_MARKER}: what to log about a failed HTTP call.`,
			'',
			'\tOnly allow-listed fields: no headers but request ids, no query string or user info,',
			'\tno bodies.',
			'\t"""',
			'',
			'\tdef attribute(obj, name):',
			'\t\ttry:',
			'\t\t\treturn getattr(obj, name, None)',
			'\t\texcept Exception:  # httpx raises when a request was never attached',
			'\t\t\treturn None',
			'',
			'\tresponse = attribute(exc, "response")',
			'\trequest = attribute(exc, "request") or attribute(response, "request")',
			'\tparts = urllib.parse.urlsplit(str(attribute(request, "url") or attribute(response, "url") or ""))',
			'\thost = parts.hostname or ""',
			'\tif parts.port:',
			'\t\thost = f"{host}:{parts.port}"',
			'\theaders = attribute(response, "headers") or {}',
			`\trequest_ids = (headers.get(name) for name in ${JSON.stringify(REQUEST_ID_HEADERS).replace(/,/g, ', ')})`,
			'\treturn {',
			'\t\t"timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat(),',
			'\t\t"method": attribute(request, "method"),',
			'\t\t"url": f"{parts.scheme}://{host}{parts.path}" if host else parts.path,',
			'\t\t"status": attribute(response, "status_code") or attribute(response, "status"),',
			'\t\t"request_id": next((value for value in request_ids if value), None),',
			'\t\t"attempt": attempt,',
			'\t\t"elapsed_ms": round((time.monotonic() - started_at) * 1000) if started_at is not None else None,',
			'\t\t"error": type(exc).__name__,',
			'\t}',
		],
		{ ...style, semicolons: true, typescript: false },
	);
}

/** The modules the Python description helper needs. */
export const PY_DESCRIBE_IMPORTS = ['datetime', 'time', 'urllib.parse'];
