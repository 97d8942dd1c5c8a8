// The Java helper methods fixes add, once per class, as `private static` members: backoff
// with full jitter that honours Retry-After, and a description of a failed HTTP call that
// is safe to log. Type names come resolved from the file (imported, or fully qualified
// where a simple name would clash), so the helpers compile whatever the file imports.
import { BACKOFF, HELPER_MARKER, REQUEST_ID_HEADERS } from '../snippets';

/** A Java integer literal with digit groups: `20_000`. */
export function digitGroups(value: number): string {
	return String(value).replace(/\B(?=(\d{3})+$)/g, '_');
}

function millis(value: number): string {
	return `${digitGroups(value)}L`;
}

/** `exponentialBackoffWithJitter(attempt, retryAfter)`: milliseconds to wait before the next attempt. */
export const BACKOFF_HELPER = 'exponentialBackoffWithJitter';
/** `describeHttpFailure(method, url, status, header, attempt, error)`: a log line with allow-listed fields only. */
export const DESCRIBE_HELPER = 'describeHttpFailure';

/** `requestFactoryWithTimeouts()`: what a `RestTemplate` needs to stop waiting. */
export const TIMEOUT_HELPER = 'requestFactoryWithTimeouts';

/** Simple or qualified names for the JDK types the helpers use. */
export interface HelperTypes {
	random: string;
	zonedDateTime: string;
	dateTimeFormatter: string;
	dateTimeParseException: string;
	unaryOperator: string;
	instant: string;
}

/** The helper's lines, tab-indented from the member's own indentation. */
export function backoffHelper(types: Pick<HelperTypes, 'random' | 'zonedDateTime' | 'dateTimeFormatter' | 'dateTimeParseException'>): string[] {
	const retryAfterCapSeconds = BACKOFF.retryAfterCapMs / 1000;
	return [
		`// ${HELPER_MARKER}: exponential backoff with full jitter (${BACKOFF.baseMs} ms base, ${BACKOFF.capMs / 1000} s cap), or the`,
		`// server's Retry-After (seconds or an HTTP date, at most ${retryAfterCapSeconds} s) when it sent one.`,
		`private static long ${BACKOFF_HELPER}(int attempt, String retryAfter) {`,
		'\tif (retryAfter != null) {',
		'\t\ttry {',
		`\t\t\treturn Math.min(Math.max(Long.parseLong(retryAfter.trim()), 0L), ${retryAfterCapSeconds}L) * 1000L;`,
		'\t\t} catch (NumberFormatException notSeconds) {',
		'\t\t\ttry {',
		`\t\t\t\tlong untilMs = ${types.zonedDateTime}.parse(retryAfter.trim(), ${types.dateTimeFormatter}.RFC_1123_DATE_TIME).toInstant().toEpochMilli() - System.currentTimeMillis();`,
		`\t\t\t\treturn Math.min(Math.max(untilMs, 0L), ${millis(BACKOFF.retryAfterCapMs)});`,
		`\t\t\t} catch (${types.dateTimeParseException} notADate) {`,
		'\t\t\t\t// Neither form: fall back to the computed backoff.',
		'\t\t\t}',
		'\t\t}',
		'\t}',
		// Shifting past 2^16 only overflows: the cap is reached long before.
		`\tlong ceilingMs = Math.min(${millis(BACKOFF.capMs)}, ${millis(BACKOFF.baseMs)} << Math.min(Math.max(attempt, 0), 16));`,
		`\treturn ${types.random}.current().nextLong(ceilingMs + 1);`,
		'}',
	];
}

/**
 * A log line about a failed call: method, URL without query string, fragment or user
 * info, status, the first request id header of the allow-list, attempt, and the error's
 * class. Never other headers, bodies, or the error's message (clients put URLs with
 * tokens there).
 */
export function describeHelper(types: Pick<HelperTypes, 'unaryOperator' | 'instant'>): string[] {
	const names = REQUEST_ID_HEADERS.map((name) => JSON.stringify(name)).join(', ');
	return [
		`// ${HELPER_MARKER}: what to log about a failed HTTP call. Only allow-listed fields: no headers`,
		'// but request ids, no query string or user info, no bodies, no error message (clients put whole URLs there).',
		`private static String ${DESCRIBE_HELPER}(String method, Object url, Integer status, ${types.unaryOperator}<String> header, Integer attempt, Throwable error) {`,
		'\tString safeUrl = url == null ? null : url.toString().replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", "$1").replaceFirst("[?#].*$", "");',
		'\tString requestId = null;',
		`\tfor (String name : new String[] {${names}}) {`,
		'\t\tif (requestId == null && header != null) {',
		'\t\t\trequestId = header.apply(name);',
		'\t\t}',
		'\t}',
		`\treturn "timestamp=" + ${types.instant}.now() + " method=" + method + " url=" + safeUrl + " status=" + status + " requestId=" + requestId`,
		'\t\t\t+ " attempt=" + attempt + " error=" + (error == null ? null : error.getClass().getName());',
		'}',
	];
}

/** A request factory with connect and read timeouts, for `new RestTemplate(requestFactoryWithTimeouts())`. */
export function timeoutHelper(factoryType: string, timeoutMs: string): string[] {
	return [
		`// ${HELPER_MARKER}: connect and read timeouts (a RestTemplate waits forever by default).`,
		`private static ${factoryType} ${TIMEOUT_HELPER}() {`,
		`\t${factoryType} factory = new ${factoryType}();`,
		`\tfactory.setConnectTimeout(${timeoutMs});`,
		`\tfactory.setReadTimeout(${timeoutMs});`,
		'\treturn factory;',
		'}',
	];
}
