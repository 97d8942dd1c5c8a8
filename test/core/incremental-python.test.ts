// Python names that one top-level statement gives another (an import, a client, a status or
// response variable, a constant, a helper, the file's one 401 mention): after an edit to the
// statement that gives a name, or to one that reads it, DocumentAnalyzer.update must still
// equal analyzeText, and an edit that changes no name another statement reads must re-read
// only the statements it touched.
import { runScenario, type Scenario } from './incremental-helpers';

/**
 * Statements that give and read nothing: a file is re-read in parts when it has eight
 * statements or more, and when what a re-read needs is at most half of it.
 */
const FILLER = Array.from({ length: 12 }, (_, at) => `def pad_${at}(value):\n    total = value * ${at}\n    return total + len(str(value))\n`).join('\n');


const SCENARIOS: Scenario[] = [
	{
		name: 'a status variable another function assigns, read by a retry loop',
		text: `import requests
import time
${FILLER}

def first(url):
    r = requests.get(url)
    status = r.status_code
    return status


def second(url):
    for attempt in range(3):
        r = requests.get(url)
        if status == 200:
            return r
        time.sleep(1)
`,
		steps: [
			{ from: 'time.sleep(1)', to: 'time.sleep(2)', partial: true },
			{ from: 'status = r.status_code', to: 'status = r.text' },
			{ from: 'status = r.text', to: 'status = r.status_code' },
		],
	},
	{
		name: 'a module-level session and its timeout',
		text: `import requests
${FILLER}
session = requests.Session()


def fetch(url):
    return session.get(url)


def other(url):
    return requests.get(url, timeout=5)
`,
		steps: [
			{ from: 'timeout=5', to: 'timeout=6', partial: true },
			{ from: 'session = requests.Session()', to: 'session = object()' },
			{ from: 'session = object()', to: 'session = requests.Session()' },
			{ from: 'session.get(url)', to: 'session.get(url, timeout=3)', partial: true },
			{ from: 'import requests\n', to: 'import requests\nsession.mount("https://", adapter)\n' },
		],
	},
	{
		name: 'an import alias',
		text: `import requests as rq
${FILLER}


def fetch(url):
    return rq.get(url)


def other(url):
    return rq.post(url, timeout=2)
`,
		steps: [
			{ from: 'import requests as rq', to: 'import requests as rqx' },
			{ from: 'import requests as rqx', to: 'import requests as rq' },
			{ from: 'rq.post(url, timeout=2)', to: 'rq.post(url, timeout=3)', partial: true },
		],
	},
	{
		name: 'a constant a retry library reads',
		text: `import requests
from tenacity import retry, stop_after_attempt, wait_fixed
${FILLER}
MAX_ATTEMPTS = 3


@retry(stop=stop_after_attempt(MAX_ATTEMPTS), wait=wait_fixed(2))
def fetch(url):
    return requests.get(url, timeout=5)
`,
		steps: [
			{ from: 'MAX_ATTEMPTS = 3', to: 'MAX_ATTEMPTS = 4' },
			{ from: 'wait_fixed(2)', to: 'wait_fixed(1)', partial: true },
		],
	},
	{
		name: 'a helper that computes the wait',
		text: `import requests
import time
${FILLER}


def backoff_for(n):
    return 2


def fetch(url):
    for attempt in range(5):
        r = requests.get(url, timeout=5)
        if r.ok:
            return r
        time.sleep(backoff_for(attempt))
`,
		steps: [
			{ from: 'return 2\n', to: 'return 2 ** n\n' },
			{ from: 'range(5)', to: 'range(6)', partial: true },
		],
	},
	{
		name: 'a client parameter, while the file imports one HTTP library',
		text: `import requests
${FILLER}


def fetch(session, url):
    return session.get(url)


def other(url):
    return requests.get(url, timeout=1)
`,
		steps: [
			{ from: 'import requests\n', to: 'import requests\nimport httpx\n' },
			{ from: 'import httpx\n', to: '' },
			{ from: 'timeout=1', to: 'timeout=2', partial: true },
		],
	},
	{
		name: 'a response variable tested by a function that does not bind it',
		text: `import requests
${FILLER}


def fetch(url):
    r = requests.get(url, timeout=1)
    return r


def check(r):
    while True:
        if not r:
            continue
        requests.get("u", timeout=1)
        break
`,
		steps: [
			{ from: 'r = requests.get(url, timeout=1)', to: 'r = other(url)' },
			{ from: 'r = other(url)', to: 'r = requests.get(url, timeout=1)' },
		],
	},
	{
		name: 'the one 401 mention of the file, away from an except-Unauthorized refresh',
		text: `import requests
${FILLER}
NOTE = "401"


def fetch(url, token):
    try:
        return requests.get(url, timeout=1)
    except Unauthorized:
        refresh_token()
        return requests.get(url, timeout=1)
`,
		steps: [
			{ from: 'NOTE = "401"', to: 'NOTE = "402"' },
			{ from: 'NOTE = "402"', to: 'NOTE = "401"' },
		],
	},
	{
		name: 'a response read at module level, whose scope is the whole file',
		text: `import requests
${FILLER}
r = requests.get("https://example.com", timeout=1)


def later():
    print(r.status_code)


def other(url):
    return requests.get(url, timeout=1)
`,
		steps: [
			{ from: 'print(r.status_code)', to: 'print(r.json())' },
			{ from: '"https://example.com", timeout=1', to: '"https://example.com", timeout=2' },
			{ from: 'return requests.get(url, timeout=1)', to: 'return requests.get(url, timeout=2)' },
		],
	},
];

describe('incremental re-analysis of Python names shared across statements', function () {
	this.timeout(60_000);
	for (const scenario of SCENARIOS) it(scenario.name, () => runScenario('python', scenario));
});
