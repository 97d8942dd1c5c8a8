// The Go code that fixes insert once per file, each marked as HTTP Guard's so a second fix
// finds it: backoffDelay (exponential backoff with full jitter, honouring Retry-After),
// httpFailureFields (what is safe to log about a failed call), newIdempotencyKey, and a
// package-level client with a timeout. Written as gofmt would print it.
import { BACKOFF, HELPER_MARKER, REQUEST_ID_HEADERS } from '../snippets';

export const BACKOFF_NAME = 'backoffDelay';
export const FIELDS_NAME = 'httpFailureFields';
export const CLIENT_NAME = 'httpClient';
/** A Go duration literal for a number of milliseconds: `250 * time.Millisecond`, `20 * time.Second`. */
function duration(ms: number): string {
	return ms % 1000 === 0 ? `${ms / 1000} * time.Second` : `${ms} * time.Millisecond`;
}

/** The request timeout, as a Go duration. */
export const TIMEOUT = duration(BACKOFF.timeoutMs);

/** The request id headers as Go writes header names (`X-Request-Id`). */
const REQUEST_ID_NAMES = REQUEST_ID_HEADERS.map((name) => name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase()));

export function backoffHelper(): string {
	return [
		`// ${BACKOFF_NAME} is the wait before retry number attempt (from 0): the server's Retry-After`,
		`// (seconds or an HTTP date, at most ${BACKOFF.retryAfterCapMs / 1000} s) when resp carries one, else exponential`,
		`// backoff with full jitter, a random wait up to min(${BACKOFF.capMs / 1000} s, ${BACKOFF.baseMs} ms * 2^attempt).`,
		`// ${HELPER_MARKER}.`,
		`func ${BACKOFF_NAME}(attempt int, resp *http.Response) time.Duration {`,
		'\tconst (',
		`\t\tbase          = ${duration(BACKOFF.baseMs)}`,
		`\t\tceiling       = ${duration(BACKOFF.capMs)}`,
		`\t\tretryAfterCap = ${duration(BACKOFF.retryAfterCapMs)}`,
		'\t)',
		'\tif resp != nil {',
		'\t\tif value := resp.Header.Get("Retry-After"); value != "" {',
		'\t\t\tif seconds, err := strconv.Atoi(value); err == nil && seconds >= 0 {',
		'\t\t\t\tif wait := time.Duration(seconds) * time.Second; wait < retryAfterCap {',
		'\t\t\t\t\treturn wait',
		'\t\t\t\t}',
		'\t\t\t\treturn retryAfterCap',
		'\t\t\t}',
		'\t\t\tif when, err := http.ParseTime(value); err == nil {',
		'\t\t\t\tif wait := time.Until(when); wait < retryAfterCap {',
		'\t\t\t\t\tif wait < 0 {',
		'\t\t\t\t\t\treturn 0',
		'\t\t\t\t\t}',
		'\t\t\t\t\treturn wait',
		'\t\t\t\t}',
		'\t\t\t\treturn retryAfterCap',
		'\t\t\t}',
		'\t\t}',
		'\t}',
		'\tlimit := ceiling',
		// From this attempt on the product is past the cap anyway; the bound also keeps the shift from overflowing.
		`\tif attempt >= 0 && attempt < ${Math.ceil(Math.log2(BACKOFF.capMs / BACKOFF.baseMs))} {`,
		'\t\tif grown := base << attempt; grown < ceiling {',
		'\t\t\tlimit = grown',
		'\t\t}',
		'\t}',
		'\treturn time.Duration(rand.Int63n(int64(limit) + 1))',
		'}',
	].join('\n');
}

export const BACKOFF_IMPORTS = ['math/rand', 'net/http', 'strconv', 'time'];

export function fieldsHelper(): string {
	return [
		`// ${FIELDS_NAME} is what to log about a failed HTTP call, as key-value pairs: the method,`,
		'// the URL without query string, fragment or user info, the status and a request id header',
		'// when there is a response, and the cause. Nothing else from the headers, never the body;',
		"// URLs inside the error's message (url.Error repeats the request's) lose their query string too.",
		`// ${HELPER_MARKER}.`,
		`func ${FIELDS_NAME}(method, rawURL string, resp *http.Response, err error) []any {`,
		'\tstripURL := func(raw string) string {',
		'\t\tparsed, parseErr := url.Parse(raw)',
		'\t\tif parseErr != nil {',
		'\t\t\treturn "(unparsable URL)"',
		'\t\t}',
		'\t\tparsed.User, parsed.RawQuery, parsed.ForceQuery, parsed.Fragment = nil, "", false, ""',
		'\t\treturn parsed.String()',
		'\t}',
		'\tfields := []any{"method", method, "url", stripURL(rawURL)}',
		'\tif resp != nil {',
		'\t\tfields = append(fields, "status", resp.StatusCode)',
		`\t\tfor _, name := range []string{${REQUEST_ID_NAMES.map((name) => JSON.stringify(name)).join(', ')}} {`,
		'\t\t\tif id := resp.Header.Get(name); id != "" {',
		'\t\t\t\tfields = append(fields, "request_id", id)',
		'\t\t\t\tbreak',
		'\t\t\t}',
		'\t\t}',
		'\t}',
		'\tif err != nil {',
		'\t\tmessage := err.Error()',
		'\t\tfor _, word := range strings.Fields(message) {',
		'\t\t\tif word = strings.Trim(word, `"\':,;()`); strings.Contains(word, "://") {',
		'\t\t\t\tmessage = strings.ReplaceAll(message, word, stripURL(word))',
		'\t\t\t}',
		'\t\t}',
		'\t\tfields = append(fields, "error", message)',
		'\t}',
		'\treturn fields',
		'}',
	].join('\n');
}

export const KEY_NAME = 'newIdempotencyKey';

/** The key helper, written with the name the file gives crypto/rand. */
export function keyHelper(random: string): string {
	return [
		`// ${KEY_NAME} returns a random Idempotency-Key (128 bits, hex): made once per logical request`,
		'// and sent with every attempt, so the server can recognise a repeat.',
		`// ${HELPER_MARKER}.`,
		`func ${KEY_NAME}() string {`,
		'\tkey := make([]byte, 16)',
		`\tif _, err := ${random}.Read(key); err != nil {`,
		'\t\tpanic(err) // no random source: any key made now could repeat',
		'\t}',
		'\treturn hex.EncodeToString(key)',
		'}',
	].join('\n');
}

export const FIELDS_IMPORTS = ['net/http', 'net/url', 'strings'];

/** The package-level client that replaces http.DefaultClient. */
export function clientDeclaration(): string {
	return [
		`// ${CLIENT_NAME} sends the requests that used http.DefaultClient, which has no timeout and`,
		'// waits forever for a server that accepts the connection and never answers.',
		`// ${HELPER_MARKER}.`,
		`var ${CLIENT_NAME} = &http.Client{Timeout: ${TIMEOUT}}`,
	].join('\n');
}
