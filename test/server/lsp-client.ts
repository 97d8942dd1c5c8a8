// A minimal LSP client for tests: spawns the built server over stdio and speaks JSON-RPC,
// answering the few requests a server sends back (configuration, registration).
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

export interface TestClientOptions {
	settings?: Record<string, unknown>;
	rootPath?: string;
	initializationOptions?: unknown;
}

export class TestClient {
	readonly connection: MessageConnection;
	readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
	readonly logs: string[] = [];
	readonly shownMessages: string[] = [];
	/** How many times the server asked for inlay hints to be fetched again. */
	inlayHintRefreshes = 0;
	private readonly waiters: Array<() => void> = [];
	private versions = new Map<string, number>();
	settings: Record<string, unknown>;
	initializeResult: { capabilities: Record<string, any>; serverInfo?: { name: string; version?: string } } | undefined;

	private constructor(private readonly child: ChildProcess, options: TestClientOptions) {
		this.settings = options.settings ?? {};
		this.connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
		this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
			this.diagnostics.set(params.uri, params);
			for (const waiter of this.waiters.splice(0)) waiter();
		});
		this.connection.onNotification('window/logMessage', (params: { message: string }) => void this.logs.push(params.message));
		this.connection.onNotification('window/showMessage', (params: { message: string }) => void this.shownMessages.push(params.message));
		this.connection.onRequest('window/showMessageRequest', (params: { message: string }) => {
			this.shownMessages.push(params.message);
			return null;
		});
		this.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) =>
			params.items.map((item) => (item.section === 'httpGuard' ? this.settings : null)),
		);
		this.connection.onRequest('client/registerCapability', () => null);
		this.connection.onRequest('workspace/inlayHint/refresh', () => {
			this.inlayHintRefreshes++;
			for (const waiter of this.waiters.splice(0)) waiter();
			return null;
		});
		this.connection.onNotification(() => undefined);
		this.connection.listen();
	}

	static async start(options: TestClientOptions = {}): Promise<TestClient> {
		if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` first`);
		const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
		child.stderr!.on('data', () => undefined);
		const client = new TestClient(child, options);
		const rootUri = options.rootPath ? pathToFileURL(options.rootPath).toString() : null;
		client.initializeResult = await client.connection.sendRequest('initialize', {
			processId: process.pid,
			rootUri,
			workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
			initializationOptions: options.initializationOptions,
			capabilities: {
				workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true, inlayHint: { refreshSupport: true } },
				textDocument: {
					publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
					hover: { contentFormat: ['markdown', 'plaintext'] },
					inlayHint: { dynamicRegistration: false },
					codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
					synchronization: { didSave: true },
				},
			},
		});
		client.connection.sendNotification('initialized', {});
		return client;
	}

	get exited(): boolean {
		return this.child.exitCode !== null;
	}

	open(uri: string, languageId: string, text: string): void {
		this.versions.set(uri, 1);
		this.diagnostics.delete(uri);
		this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
	}

	/** Replaces a stretch of the document (an incremental change) and returns the new version. */
	change(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): number {
		const version = (this.versions.get(uri) ?? 1) + 1;
		this.versions.set(uri, version);
		this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
		return version;
	}

	close(uri: string): void {
		this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
	}

	/** The diagnostics for the document's version `version` (or any, if undefined), waiting for them. */
	async diagnosticsFor(uri: string, version?: number, timeoutMs = 8000): Promise<Diagnostic[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const published = this.diagnostics.get(uri);
			if (published && (version === undefined || published.version === version)) return published.diagnostics;
			const left = deadline - Date.now();
			if (left <= 0) throw new Error(`no diagnostics for ${uri}${version ? ` v${version}` : ''} within ${timeoutMs} ms (last: v${published?.version})`);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, left);
				this.waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	/** Waits until the server has asked for more than `seen` inlay hint refreshes. */
	async inlayHintRefreshAfter(seen: number, timeoutMs = 8000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (this.inlayHintRefreshes <= seen) {
			const left = deadline - Date.now();
			if (left <= 0) throw new Error(`no inlay hint refresh within ${timeoutMs} ms`);
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, left);
				this.waiters.push(() => {
					clearTimeout(timer);
					resolve();
				});
			});
		}
	}

	request<R>(method: string, params: unknown): Promise<R> {
		return this.connection.sendRequest(method, params) as Promise<R>;
	}

	async stop(): Promise<void> {
		try {
			await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
			this.connection.sendNotification('exit');
		} catch {
			// already gone
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
		if (this.child.exitCode === null) this.child.kill();
		this.connection.dispose();
	}
}
