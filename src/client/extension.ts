// The VS Code side of HTTP Guard, kept thin: start the language server (IPC) and restart
// it if it crashes, the commands, the status bar item and the Explain Error panel. All
// analysis happens in the server.
import * as vscode from 'vscode';
import type { CloseHandlerResult, ErrorHandlerResult, LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import {
	CheckWorkspaceProgress,
	type CheckWorkspaceProgressParams,
	CheckWorkspaceRequest,
	type CheckWorkspaceResult,
	CommandIds,
	ExplainRequest,
	type ExplainResult,
	type InitializationOptions,
	RuleDocsRequest,
	type RuleDocsResult,
} from '../shared/protocol';
import { CODE_LANGUAGES, TEXT_LANGUAGES } from '../shared/languages';

// The language client (~400 KB) and the panel (markdown-it) are required when first
// needed, not at load: esbuild turns these `require`s into lazily run module bodies, so
// activation stays a few milliseconds.
const languageClient = () => require('vscode-languageclient/node') as typeof import('vscode-languageclient/node');
const explainPanel = () => (require('./explain-panel') as typeof import('./explain-panel')).ExplainPanel;

const SOURCE = 'http-guard';

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;

export function activate(context: vscode.ExtensionContext): void {
	const output = vscode.window.createOutputChannel('HTTP Guard', { log: true });
	context.subscriptions.push(output);
	// The server starts right after activation returns; commands wait for it (`ready`).
	starting = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
		const started = Date.now();
		client = createClient(context, output);
		return client.start().then(
			() => output.info(`HTTP Guard server started in ${Date.now() - started} ms`),
			(error: unknown) => output.error(`HTTP Guard server failed to start: ${String(error)}`),
		);
	});

	const register = (id: string, run: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));
	register(CommandIds.explainError, (text?: unknown) => explainError(context, text));
	register('httpGuard.explainTerminalSelection', () => explainTerminalSelection(context));
	register(CommandIds.checkWorkspace, () => checkWorkspace());
	register(CommandIds.showRuleDocs, (ruleId?: unknown) => showRuleDocs(context, ruleId));
	register(CommandIds.showOutput, () => output.show(true));
	register(CommandIds.restartServer, async () => {
		if (client) await client.restart();
	});

	const status = createStatusItem();
	context.subscriptions.push(status.item, ...status.listeners);
}

export async function deactivate(): Promise<void> {
	await starting;
	await client?.stop();
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
	const { LanguageClient, TransportKind } = languageClient();
	const module = context.asAbsolutePath('dist/server.js');
	const serverOptions: ServerOptions = {
		run: { module, transport: TransportKind.ipc },
		debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
	};
	const selector = [...CODE_LANGUAGES, ...TEXT_LANGUAGES].flatMap((language) => [
		{ scheme: 'file', language },
		{ scheme: 'untitled', language },
	]);
	const initializationOptions: InitializationOptions = { clientCommands: true };
	const clientOptions: LanguageClientOptions = {
		documentSelector: selector,
		outputChannel: output,
		initializationOptions,
		synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/.http-guard.json') },
		// Hovers end with an "Explain more" link that runs our command, and only that one.
		markdown: { isTrusted: { enabledCommands: [CommandIds.explainError] }, supportHtml: false },
		errorHandler: crashHandler(output),
	};
	// The id makes `httpGuard.trace.server` the trace setting.
	return new LanguageClient('httpGuard', 'HTTP Guard', serverOptions, clientOptions);
}

/** Restarts a crashed server, tells the user the first time, and gives up after a crash storm. */
function crashHandler(output: vscode.LogOutputChannel) {
	const { CloseAction, ErrorAction } = languageClient();
	const crashes: number[] = [];
	let told = false;
	return {
		error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue }),
		closed: (): CloseHandlerResult => {
			const now = Date.now();
			crashes.push(now);
			while (crashes.length > 0 && now - crashes[0] > 3 * 60_000) crashes.shift();
			output.warn(`HTTP Guard server stopped unexpectedly (${crashes.length} time(s) in 3 minutes).`);
			if (crashes.length > 5) {
				return { action: CloseAction.DoNotRestart, message: 'HTTP Guard server crashed 5 times in 3 minutes and will not be restarted. See the "HTTP Guard" output.' };
			}
			if (!told) {
				told = true;
				void vscode.window.showWarningMessage('HTTP Guard server crashed and was restarted. Details are in the "HTTP Guard" output.');
			}
			return { action: CloseAction.Restart, handled: true };
		},
	};
}

function createStatusItem(): { item: vscode.StatusBarItem; listeners: vscode.Disposable[] } {
	const item = vscode.window.createStatusBarItem('httpGuard.findings', vscode.StatusBarAlignment.Right, 100);
	item.name = 'HTTP Guard';
	item.command = 'workbench.actions.view.problems';
	const update = () => {
		const editor = vscode.window.activeTextEditor;
		if (!editor || !(CODE_LANGUAGES as readonly string[]).includes(editor.document.languageId)) {
			item.hide();
			return;
		}
		const count = vscode.languages.getDiagnostics(editor.document.uri).filter((diagnostic) => diagnostic.source === SOURCE).length;
		item.text = count === 0 ? '$(shield) HTTP Guard' : `$(shield) HTTP Guard: ${count}`;
		item.tooltip = count === 0 ? 'HTTP Guard: no findings in this file' : `HTTP Guard: ${count} finding${count === 1 ? '' : 's'} in this file. Click to open the Problems view.`;
		item.show();
	};
	update();
	const listeners = [
		vscode.window.onDidChangeActiveTextEditor(update),
		vscode.languages.onDidChangeDiagnostics((event) => {
			const active = vscode.window.activeTextEditor?.document.uri.toString();
			if (active && event.uris.some((uri) => uri.toString() === active)) update();
		}),
	];
	return { item, listeners };
}

async function ready(): Promise<LanguageClient | undefined> {
	await starting;
	if (!client) return undefined;
	if (!client.isRunning()) {
		try {
			await client.start();
		} catch {
			void vscode.window.showErrorMessage('HTTP Guard: the server is not running. See the "HTTP Guard" output.');
			return undefined;
		}
	}
	return client;
}

async function explainError(context: vscode.ExtensionContext, argument: unknown): Promise<void> {
	let text = typeof argument === 'string' ? argument : undefined;
	if (text === undefined) {
		const editor = vscode.window.activeTextEditor;
		const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
		text = selected.trim() || undefined;
	}
	text ??= await vscode.window.showInputBox({
		title: 'HTTP Guard: Explain Error',
		prompt: 'A status code, an error message or a header',
		placeHolder: '401, ECONNRESET, WWW-Authenticate: Bearer error="invalid_token"',
	});
	if (!text?.trim()) return;
	await explain(context, text);
}

async function explain(context: vscode.ExtensionContext, text: string): Promise<void> {
	const running = await ready();
	if (!running) return;
	const result = await running.sendRequest<ExplainResult>(ExplainRequest, { text });
	explainPanel().show(context.extensionUri, { title: result.title, query: text, markdown: result.markdown });
}

/** The terminal's selection: the API where the editor has it, else through the clipboard (restored after). */
async function explainTerminalSelection(context: vscode.ExtensionContext): Promise<void> {
	const terminal = vscode.window.activeTerminal as (vscode.Terminal & { selection?: string }) | undefined;
	let text = terminal?.selection;
	if (text === undefined) {
		const saved = await vscode.env.clipboard.readText();
		await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
		text = await vscode.env.clipboard.readText();
		await vscode.env.clipboard.writeText(saved);
		if (text === saved) text = undefined;
	}
	await explainError(context, text?.trim() || undefined);
}

async function checkWorkspace(): Promise<void> {
	const running = await ready();
	if (!running) return;
	// The progress notification covers the check only: it closes before the summary shows,
	// so it does not stay open while the summary waits for "Show Problems".
	const result = await vscode.window.withProgress(
		{ location: vscode.ProgressLocation.Notification, title: 'HTTP Guard: checking the workspace', cancellable: true },
		async (progress, token): Promise<CheckWorkspaceResult | undefined> => {
			let reported = 0;
			const listener = running.onNotification(CheckWorkspaceProgress, (params: CheckWorkspaceProgressParams) => {
				const percent = params.total > 0 ? (params.done / params.total) * 100 : 100;
				progress.report({ message: `${params.done} of ${params.total} files`, increment: percent - reported });
				reported = percent;
			});
			try {
				const checked = await running.sendRequest<CheckWorkspaceResult>(CheckWorkspaceRequest, {}, token);
				return checked.cancelled || token.isCancellationRequested ? undefined : checked;
			} catch (error) {
				if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`HTTP Guard: workspace check failed: ${String(error)}`);
				return undefined;
			} finally {
				listener.dispose();
			}
		},
	);
	if (!result) return;
	const summary = `HTTP Guard checked ${result.files} file${result.files === 1 ? '' : 's'}: ${result.findings} finding${result.findings === 1 ? '' : 's'}.`;
	if (result.findings > 0) {
		const choice = await vscode.window.showInformationMessage(summary, 'Show Problems');
		if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
	} else {
		void vscode.window.showInformationMessage(summary);
	}
}

async function showRuleDocs(context: vscode.ExtensionContext, argument: unknown): Promise<void> {
	const running = await ready();
	if (!running) return;
	let ruleId = typeof argument === 'string' ? argument : undefined;
	if (!ruleId) {
		const list = await running.sendRequest<RuleDocsResult>(RuleDocsRequest, {});
		const picked = await vscode.window.showQuickPick(
			list.rules.map((rule) => ({ label: rule.id, description: rule.title })),
			{ title: 'HTTP Guard: Show Rule Documentation', placeHolder: 'Rule' },
		);
		ruleId = picked?.label;
	}
	if (!ruleId) return;
	const docs = await running.sendRequest<RuleDocsResult>(RuleDocsRequest, { ruleId });
	if (!docs.markdown) {
		void vscode.window.showWarningMessage(`HTTP Guard: no rule named ${ruleId}.`);
		return;
	}
	explainPanel().show(context.extensionUri, { title: `Rule: ${ruleId}`, query: ruleId, markdown: docs.markdown });
}
