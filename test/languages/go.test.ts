// The Go adapter's facts, asserted directly: calls and their clients, retries and their
// settings, status references, and resilience to broken syntax.
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../src/core/analyze';
import { goAdapter } from '../../src/core/languages/go';

const facts = async (text: string) => (await analyzeText(text, 'go')).facts;
const options = { extraHttpFunctions: [] as string[] };

const HEADER = `package p

import (
	"context"
	"fmt"
	"math/rand"
	"net/http"
	"time"
)

var _ = context.Background
var _ = fmt.Errorf
var _ = rand.Int63n
`;

describe('go adapter', () => {
	it('skips files with no HTTP client, retry library or status', () => {
		assert.equal(goAdapter.mightMatter('package p\n\nfunc main() {}\n', options), false);
		assert.equal(goAdapter.mightMatter('package p\nimport "net/http"\n', options), true);
		assert.equal(goAdapter.mightMatter('package p\nfunc f() { doGet(u) }\n', { extraHttpFunctions: ['doGet'] }), true);
	});

	it('recognises net/http calls, their clients, methods and timeouts', async () => {
		const { httpCalls } = await facts(`${HEADER}
var slow = &http.Client{}
var fast = &http.Client{Timeout: time.Second}

func f(c *http.Client, ctx context.Context) {
	http.Get("u")
	slow.Post("u", "text/plain", nil)
	fast.Head("u")
	c.Get("u")
	req, _ := http.NewRequest(http.MethodPatch, "u", nil)
	http.DefaultClient.Do(req)
	req2, _ := http.NewRequestWithContext(ctx, "DELETE", "u", nil)
	http.DefaultClient.Do(req2)
}`);
		assert.deepEqual(
			httpCalls.map((c) => [c.client, c.method, c.timeout]),
			[
				['net/http', 'GET', 'none'],
				['net/http', 'POST', 'none'],
				['net/http', 'HEAD', 'set'],
				['net/http', 'GET', 'unknown'],
				['net/http', 'PATCH', 'none'],
				['net/http', 'DELETE', 'unknown'],
			],
		);
		assert.ok(httpCalls.every((c) => !c.throwsOnHttpError));
	});

	it('follows the response: status read, body read, close only, escape', async () => {
		const { httpCalls } = await facts(`${HEADER}
func a() { resp, _ := http.Get("u"); defer resp.Body.Close() }
func b() { resp, _ := http.Get("u"); io.ReadAll(resp.Body) }
func c() { resp, _ := http.Get("u"); if resp.StatusCode != 200 { return }; io.ReadAll(resp.Body) }
func d() *http.Response { resp, _ := http.Get("u"); return resp }
func e() { resp, _ := http.Get("u"); check(resp) }
`);
		const uses = httpCalls.map((c) => [c.response.statusChecked, c.response.bodyUsed, c.response.escapes]);
		assert.deepEqual(uses, [
			[false, false, false],
			[false, true, false],
			[true, true, false],
			[false, false, true],
			[true, false, true],
		]);
	});

	it('reads a counted retry loop with exponential backoff and the statuses it retries', async () => {
		const { retries } = await facts(`${HEADER}
func get(c *http.Client, u string) (*http.Response, error) {
	for attempt := 1; attempt <= 4; attempt++ {
		resp, err := c.Get(u)
		if err == nil && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
			return resp, nil
		}
		time.Sleep(100 * time.Millisecond << attempt)
	}
	return nil, fmt.Errorf("x")
}`);
		assert.equal(retries.length, 1);
		assert.equal(retries[0].kind, 'loop');
		assert.deepEqual(retries[0].attempts, { kind: 'bounded', max: 4, span: retries[0].attempts.kind === 'bounded' ? retries[0].attempts.span : undefined });
		assert.equal(retries[0].delay.kind, 'exponential');
		assert.deepEqual(retries[0].retryOn.statuses, [429, 500]);
		assert.equal(retries[0].retryOn.excludesAuthFailures, true);
		assert.equal(retries[0].honoursRetryAfter, false);
	});

	it('reads constant waits in ms, range-over-int loops and while-style loops', async () => {
		const { retries } = await facts(`${HEADER}
func a(u string) {
	for range 3 {
		resp, err := http.Get(u)
		if err == nil && resp.StatusCode == 200 { return }
		time.Sleep(1500 * time.Millisecond)
	}
}
func b(u string) {
	n := 0
	for n < 5 {
		n++
		resp, err := http.Get(u)
		if err == nil && resp.StatusCode == 200 { return }
		time.Sleep(2 * time.Second)
	}
}`);
		assert.equal(retries.length, 2);
		assert.deepEqual(retries.map((r) => r.attempts.kind === 'bounded' && r.attempts.max), [3, 5]);
		assert.deepEqual(retries.map((r) => r.delay.kind === 'constant' && r.delay.ms), [1500, 2000]);
	});

	it('does not take a loop over data or a pagination loop for a retry', async () => {
		const { retries } = await facts(`${HEADER}
func all(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil { continue }
		resp.Body.Close()
	}
	next := "u"
	for next != "" {
		resp, err := http.Get(next)
		if err != nil { return }
		next = resp.Header.Get("Link")
	}
	for i := 0; i < len(urls); i++ {
		resp, err := http.Get(urls[i])
		if err != nil || resp.StatusCode != 200 { continue }
	}
}`);
		assert.deepEqual(retries, []);
	});

	it('reads go-retryablehttp defaults and settings', async () => {
		const { retries } = await facts(`package p
import "github.com/hashicorp/go-retryablehttp"
func a() { rc := retryablehttp.NewClient(); _ = rc }
func b() { rc := retryablehttp.NewClient(); rc.RetryMax = 2; rc.Backoff = retryablehttp.LinearJitterBackoff; _ = rc }
`);
		assert.equal(retries.length, 2);
		assert.equal(retries[0].library, 'go-retryablehttp');
		assert.deepEqual(retries[0].attempts, { kind: 'bounded', max: 5 });
		assert.equal(retries[0].delay.kind === 'exponential' && retries[0].delay.jitter, false);
		assert.equal(retries[0].honoursRetryAfter, true);
		assert.equal(retries[0].retryOn.excludesAuthFailures, true);
		assert.deepEqual(retries[1].attempts, { kind: 'bounded', max: 3 });
		assert.equal(retries[1].delay.kind, 'unknown');
	});

	it('reads cenkalti/backoff policies and the operation', async () => {
		const { retries } = await facts(`package p
import (
	"fmt"
	"net/http"
	"github.com/cenkalti/backoff/v4"
)
func a(u string) error {
	op := func() error {
		resp, err := http.Get(u)
		if err != nil { return err }
		if resp.StatusCode == 401 { return backoff.Permanent(fmt.Errorf("auth")) }
		if resp.StatusCode >= 500 { return fmt.Errorf("server") }
		return nil
	}
	return backoff.Retry(op, backoff.WithMaxRetries(backoff.NewExponentialBackOff(), 3))
}
func b(op backoff.Operation) error { return backoff.Retry(op, backoff.NewConstantBackOff(time.Second)) }
`);
		assert.equal(retries.length, 2);
		assert.deepEqual(retries[0].attempts.kind === 'bounded' && retries[0].attempts.max, 4);
		assert.equal(retries[0].delay.kind === 'exponential' && retries[0].delay.jitter, true);
		assert.equal(retries[0].retryOn.kind, 'statuses');
		assert.equal(retries[0].callIds.length, 1);
		assert.equal(retries[1].attempts.kind, 'unbounded');
		assert.equal(retries[1].hasDeadline, false);
		assert.equal(retries[1].delay.kind, 'constant');
		assert.equal(retries[1].retryOn.kind, 'unknown');
	});

	it('marks a credentials refresh in a loop, and reads an unguarded 401 replay', async () => {
		const { retries, authRefreshes } = await facts(`${HEADER}
type C struct{ h *http.Client }
func (c *C) refresh() {}
func (c *C) loop(u string) (*http.Response, error) {
	for attempt := 0; attempt < 2; attempt++ {
		resp, err := c.h.Get(u)
		if err != nil { return nil, err }
		if resp.StatusCode == http.StatusUnauthorized { c.refresh(); continue }
		return resp, nil
	}
	return nil, nil
}
func (c *C) get(u string) (*http.Response, error) {
	resp, err := c.h.Get(u)
	if err != nil { return nil, err }
	if resp.StatusCode == 401 { c.refresh(); return c.get(u) }
	return resp, nil
}`);
		assert.equal(retries.length, 1);
		assert.equal(retries[0].refreshesCredentials, true);
		assert.equal(authRefreshes.length, 2);
		assert.deepEqual(authRefreshes.map((h) => [h.replays, h.hasOnceGuard]), [[false, false], [true, false]]);
	});

	it('finds status references: constants, comparisons, switch cases, WriteHeader', async () => {
		const { statusCodeRefs } = await facts(`${HEADER}
func h(w http.ResponseWriter, resp *http.Response) {
	if resp.StatusCode == 401 || resp.StatusCode == http.StatusForbidden {}
	switch resp.StatusCode {
	case 429, http.StatusServiceUnavailable:
	}
	w.WriteHeader(418)
	timeout := 500
	_ = timeout
	http.Error(w, "no", http.StatusUnauthorized)
}`);
		assert.deepEqual(
			statusCodeRefs.map((r) => [r.code, r.form]),
			[
				[401, 'literal'],
				[403, 'constant'],
				[429, 'literal'],
				[503, 'constant'],
				[418, 'literal'],
				[401, 'constant'],
			],
		);
	});

	it('copes with broken syntax', async () => {
		const result = await analyzeText(`${HEADER}
func f(u string) {
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := http.Get(u
		if err == nil && resp.StatusCode == 200 { return }
	}
`, 'go');
		assert.ok(result.hasSyntaxErrors);
		assert.ok(Array.isArray(result.findings));
	});
});
