// Go names that one top-level declaration gives another (an import, a client and its
// settings, a status variable, a package-level constant, a function a backoff retries):
// after an edit to the declaration that gives a name, or to one that reads it,
// DocumentAnalyzer.update must still equal analyzeText, and an edit that changes no name
// another declaration reads must re-read only the declarations it touched.
import { runScenario, type Scenario } from './incremental-helpers';

/** Declarations that give and read nothing: a file is re-read in parts when it has eight or more. */
const FILLER = Array.from({ length: 10 }, (_, at) => `func pad${at}(value int) int {\n\ttotal := value * ${at}\n\treturn total + 1\n}\n`).join('\n');

const HEADER = `package main

import (
	"errors"
	"net/http"
	"time"

	"github.com/cenkalti/backoff/v4"
	"github.com/hashicorp/go-retryablehttp"
)
`;

const SCENARIOS: Scenario[] = [
	{
		name: 'a status variable one function assigns, read by another function’s retry loop',
		text: `${HEADER}
${FILLER}
func first(resp *http.Response) int {
	code := resp.StatusCode
	return code
}

func second(url string) (*http.Response, error) {
	for attempt := 0; attempt < 3; attempt++ {
		resp, err := http.Get(url)
		if err == nil && code == 200 {
			return resp, nil
		}
		time.Sleep(time.Second)
	}
	return nil, errors.New("gave up")
}
`,
		steps: [
			{ from: 'time.Sleep(time.Second)', to: 'time.Sleep(2 * time.Second)', partial: true },
			{ from: 'code := resp.StatusCode', to: 'code := resp.ContentLength' },
			{ from: 'code := resp.ContentLength', to: 'code := resp.StatusCode' },
		],
	},
	{
		name: 'a package-level client and its timeout',
		text: `${HEADER}
var client = &http.Client{Timeout: 5 * time.Second}
${FILLER}
func fetch(url string) (*http.Response, error) {
	return client.Get(url)
}

func other(url string) (*http.Response, error) {
	return http.Get(url)
}
`,
		steps: [
			{ from: 'return http.Get(url)', to: 'return http.Head(url)', partial: true },
			{ from: 'var client = &http.Client{Timeout: 5 * time.Second}', to: 'var client = &http.Client{}' },
			{ from: 'func other(', to: 'func init() {\n\tclient.Timeout = 3 * time.Second\n}\n\nfunc other(' },
			{ from: '\tclient.Timeout = 3 * time.Second\n', to: '' },
			{ from: 'var client = &http.Client{}', to: 'var client = http.DefaultClient' },
		],
	},
	{
		name: 'a retryablehttp client configured in init',
		text: `${HEADER}
var api = retryablehttp.NewClient()
${FILLER}
func init() {
	api.RetryMax = 2
}

func fetch(url string) (*http.Response, error) {
	return api.Get(url)
}
`,
		steps: [
			{ from: 'api.RetryMax = 2', to: 'api.RetryMax = 7' },
			{ from: 'return api.Get(url)', to: 'return api.Head(url)', partial: true },
			{ from: '\tapi.RetryMax = 7\n', to: '\tapi.CheckRetry = myPolicy\n' },
		],
	},
	{
		name: 'a backoff.Retry of a function declared elsewhere',
		text: `${HEADER}
${FILLER}
func load() error {
	return backoff.Retry(fetchOnce, backoff.NewExponentialBackOff())
}

func fetchOnce() error {
	resp, err := http.Get("https://api.example.com/items")
	if err != nil {
		return err
	}
	if resp.StatusCode == 401 {
		return backoff.Permanent(errors.New("auth"))
	}
	return nil
}
`,
		steps: [
			{ from: 'backoff.NewExponentialBackOff()', to: 'backoff.WithMaxRetries(backoff.NewExponentialBackOff(), 3)', partial: true },
			{ from: 'if resp.StatusCode == 401 {', to: 'if resp.StatusCode == 403 {', partial: true },
			{ from: 'func fetchOnce() error {', to: 'func fetchTwice() error {' },
			{ from: 'func fetchTwice() error {', to: 'func fetchOnce() error {' },
		],
	},
	{
		name: 'a package-level constant a retry loop waits',
		text: `${HEADER}
const retryDelay = 2 * time.Second
${FILLER}
func poll(url string) (*http.Response, error) {
	for attempt := 0; attempt < 5; attempt++ {
		resp, err := http.Get(url)
		if err == nil && resp.StatusCode < 500 {
			return resp, nil
		}
		time.Sleep(retryDelay)
	}
	return nil, errors.New("gave up")
}
`,
		steps: [
			{ from: 'const retryDelay = 2 * time.Second', to: 'const retryDelay = time.Duration(1<<3) * time.Second' },
			{ from: 'attempt < 5', to: 'attempt < 6', partial: true },
			{ from: 'const retryDelay = time.Duration(1<<3) * time.Second', to: 'const retryPause = time.Second' },
		],
	},
	{
		name: 'an import alias',
		text: `package main

import (
	"net/http"

	rh "github.com/hashicorp/go-retryablehttp"
)
${FILLER}
func fetch(url string) (*http.Response, error) {
	return rh.Get(url)
}

func other(url string) (*http.Response, error) {
	return http.Get(url)
}
`,
		steps: [
			{ from: 'rh "github.com/hashicorp/go-retryablehttp"', to: 'rx "github.com/hashicorp/go-retryablehttp"' },
			{ from: 'rx "github.com/hashicorp/go-retryablehttp"', to: 'rh "github.com/hashicorp/go-retryablehttp"' },
			{ from: 'return http.Get(url)', to: 'return http.Head(url)', partial: true },
		],
	},
];

describe('incremental re-analysis of Go names shared across declarations', function () {
	this.timeout(60_000);
	for (const scenario of SCENARIOS) it(scenario.name, () => runScenario('go', scenario));
});
