// Helpers for the suites that run inside the extension host: bounded polling (never a
// blind sleep), opening workspace files, reading our diagnostics, and the expectations
// the harness computed from the core (test/e2e/expect.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'http-guard.http-guard';
export const SOURCE = 'http-guard';

export interface RunConfig {
	resultsFile: string;
	expectFile: string;
	/** The workspace copy the window opened. */
	workspace: string;
	grep?: string;
}

export function runConfig(): RunConfig {
	return JSON.parse(fs.readFileSync(path.join(__dirname, 'run-config.json'), 'utf8')) as RunConfig;
}

export interface ExpectedDiagnostic {
	code: string;
	severity: string;
	range: [number, number, number, number];
}
export interface Expectations {
	servedLanguages: string[];
	files: Record<string, { language: string; diagnostics: ExpectedDiagnostic[] }>;
}

export function expectations(): Expectations {
	return JSON.parse(fs.readFileSync(runConfig().expectFile, 'utf8')) as Expectations;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns something other than undefined/false, or throws after
 * `timeoutMs` with `what` and the last value seen, so a failure says what was waited for.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, describeLast?: () => string): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined && value !== false) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const detail = describeLast ? `; last seen: ${describeLast()}` : lastError ? `; last error: ${String(lastError)}` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
		}
		await sleep(100);
	}
}

export function workspaceUri(relative: string): vscode.Uri {
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder) throw new Error('no workspace folder is open');
	return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export async function openFile(relative: string): Promise<vscode.TextEditor> {
	const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
	return vscode.window.showTextDocument(document, { preview: false });
}

/** Writes a new file into the workspace copy and opens it. */
export async function createFile(relative: string, text: string): Promise<vscode.TextEditor> {
	const uri = workspaceUri(relative);
	await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
	return openFile(relative);
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
	const code = diagnostic.code;
	if (code === undefined) return '';
	return typeof code === 'object' ? String(code.value) : String(code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
	return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
	if (diagnostics.length === 0) return '(none)';
	return diagnostics.map((d) => `${codeOf(d)}@${rangeText(d.range)}`).join(', ');
}

export function rangeText(range: vscode.Range): string {
	return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** Waits until our diagnostics for `uri` satisfy `accept` (e.g. "has a tight-retry-loop"). */
export function waitForDiagnostics(uri: vscode.Uri, what: string, accept: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
	return waitFor(
		`${what} in ${path.basename(uri.path)}`,
		() => {
			const diagnostics = ours(uri);
			return accept(diagnostics) ? diagnostics : undefined;
		},
		timeoutMs,
		() => describeDiagnostics(ours(uri)),
	);
}

/** Waits for the extension to be active; on a timeout, names the reason activate() gives. */
export async function activeExtension(): Promise<vscode.Extension<unknown>> {
	const extension = vscode.extensions.getExtension(EXTENSION_ID);
	if (!extension) throw new Error(`extension ${EXTENSION_ID} is not loaded in the host`);
	try {
		return await waitFor(`${EXTENSION_ID} to activate`, () => (extension.isActive ? extension : undefined), 20_000);
	} catch (error) {
		const reason = await Promise.race([
			Promise.resolve(extension.activate()).then(
				() => 'activate() by hand succeeded, so no activation event fired',
				(failure: unknown) => `activate() fails: ${String((failure as Error)?.stack ?? failure)}`,
			),
			new Promise<string>((resolve) => setTimeout(() => resolve('activate() by hand did not finish in 10 s'), 10_000)),
		]);
		throw new Error(`${(error as Error).message}; ${reason}`);
	}
}

/** For suiteSetup: opens a served file (the activation event) and waits for activation. */
export async function ready(): Promise<void> {
	await openFile('e2e/retry.js');
	await activeExtension();
}

/** Finds `needle` in the document (the nth occurrence) and returns the position of its `offset`th character. */
export function positionOf(document: vscode.TextDocument, needle: string, offset = 0, occurrence = 0): vscode.Position {
	const text = document.getText();
	let index = -1;
	for (let i = 0; i <= occurrence; i++) {
		index = text.indexOf(needle, index + 1);
		if (index < 0) throw new Error(`"${needle}" not found in ${path.basename(document.uri.path)}`);
	}
	return document.positionAt(index + offset);
}

/** Hover text (all Markdown parts joined) at a position, via the real hover providers. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
	const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
	return hovers
		.flatMap((hover) => hover.contents)
		.map((content) => (typeof content === 'string' ? content : content.value))
		.join('\n---\n');
}

/** Sets `httpGuard.<key>` in the workspace settings (the workspace is a throwaway copy). */
export async function setSetting(key: string, value: unknown): Promise<void> {
	await vscode.workspace.getConfiguration('httpGuard').update(key, value, vscode.ConfigurationTarget.Workspace);
}

export async function closeAllEditors(): Promise<void> {
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
