// Temporary workspaces for the CLI tests, and an in-process `http-guard` runner.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CliIo, run } from '../../src/cli/main';

export interface Workspace {
	root: string;
	/** Writes files (path -> contents), creating folders; returns the workspace for chaining. */
	write(files: Record<string, string | Buffer>): Workspace;
	remove(): void;
}

/**
 * A fresh folder in the OS temp folder. It holds an empty `.http-guard.json` unless
 * `config` says otherwise, so a stray config file above the temp folder cannot leak in.
 */
export function workspace(files: Record<string, string | Buffer> = {}, config: string | null = '{}'): Workspace {
	const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'http-guard-cli-')));
	const ws: Workspace = {
		root,
		write(more) {
			for (const [name, contents] of Object.entries(more)) {
				const full = path.join(root, name);
				fs.mkdirSync(path.dirname(full), { recursive: true });
				fs.writeFileSync(full, contents);
			}
			return ws;
		},
		remove() {
			fs.rmSync(root, { recursive: true, force: true });
		},
	};
	if (config !== null) ws.write({ '.http-guard.json': config });
	return ws.write(files);
}

export interface RunResult {
	code: number;
	out: string;
	err: string;
}

export async function cli(args: string[], cwd: string, extra: Partial<CliIo> = {}): Promise<RunResult> {
	let out = '';
	let err = '';
	const code = await run(args, {
		stdout: (s) => (out += s),
		stderr: (s) => (err += s),
		readStdin: async () => '',
		cwd,
		env: {},
		stdoutIsTTY: false,
		...extra,
	});
	return { code, out, err };
}

/** A fetch whose body is read unchecked and with no timeout: a warning and an info. */
export const UNCHECKED_FETCH = `export async function loadInvoices(url) {
	const res = await fetch(url);
	return (await res.json()).items;
}
`;

/** A retry loop with no wait and no limit: an error among others. */
export const TIGHT_LOOP = `export async function poll(url) {
	while (true) {
		const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
		if (res.ok) return res.json();
	}
}
`;

/** The correct pattern: a timeout and a status check. No findings. */
export const CLEAN_FETCH = `export async function loadInvoices(url) {
	const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
	if (!res.ok) throw new Error(\`GET \${url} failed with \${res.status}\`);
	return res.json();
}
`;

/** Python `requests.get` with no timeout: missing-request-timeout once the Python adapter is in. */
export const PYTHON_NO_TIMEOUT = `import requests


def fetch_invoices(url):
    response = requests.get(url)
    response.raise_for_status()
    return response.json()
`;
