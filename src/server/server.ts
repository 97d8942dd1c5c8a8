// The HTTP Guard language server: one process for every editor (VS Code over IPC, others
// over `--stdio`). It pushes diagnostics, hovers status codes, draws inlay hints, offers
// fixes and disable comments, and checks the whole workspace on request. Every handler is guarded: an
// exception is logged and answered with nothing, never allowed to take the editor down.
import {
	type CodeActionParams,
	type Connection,
	type InitializeParams,
	type InitializeResult,
	type InlayHintParams,
	CodeActionKind,
	DidChangeConfigurationNotification,
	ProposedFeatures,
	TextDocumentSyncKind,
	TextDocuments,
	createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { version as SERVER_VERSION } from '../../package.json';
import { servedLanguages } from '../core/languages/index';
import {
	CheckWorkspaceRequest,
	type CheckWorkspaceResult,
	ExplainRequest,
	type ExplainParams,
	type ExplainResult,
	FIX_ALL_KIND,
	type InitializationOptions,
	RuleDocsRequest,
	type RuleDocsParams,
	type RuleDocsResult,
	ServerCommandIds,
} from '../shared/protocol';
import { ProjectDependencies } from '../workspace/project-dependencies';
import { codeActions } from './code-actions';
import { hover } from './hover';
import { inlayHints } from './inlay-hints';
import { explainMarkdown } from './knowledge';
import { ruleDocs } from './rule-docs';
import { SettingsStore } from './settings';
import { Validator } from './validator';
import { checkWorkspace } from './workspace-check';

export interface ServerState {
	connection: Connection;
	documents: TextDocuments<TextDocument>;
	settings: SettingsStore;
	validator: Validator;
	capabilities: {
		configuration: boolean;
		relatedInformation: boolean;
		versionedDiagnostics: boolean;
		clientCommands: boolean;
		inlayHintRefresh: boolean;
	};
	workspaceFolders: string[];
	/** The packages each file's project declares, for library-aware fixes. */
	projectDependencies(uri: string): Promise<ReadonlySet<string>>;
	/** Asks the client to fetch inlay hints again (coalesced; a no-op if it cannot be asked). */
	refreshInlayHints(): void;
}

function uriToPath(uri: string): string | undefined {
	if (!uri.startsWith('file:')) return undefined;
	try {
		return fileURLToPath(uri);
	} catch {
		return undefined;
	}
}

export function startServer(connection: Connection): void {
	const documents = new TextDocuments(TextDocument);
	const log = (message: string) => connection.console.log(message);
	const logError = (where: string, error: unknown) =>
		connection.console.error(`${where} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);

	const shownConfigErrors = new Set<string>();
	const state = {} as ServerState;
	state.connection = connection;
	state.documents = documents;
	state.workspaceFolders = [];
	// Manifests are re-checked by modification time on each lookup: the client watches only config files.
	const dependencies = new ProjectDependencies({ revalidate: true });
	state.projectDependencies = async (uri) => {
		const file = uriToPath(uri);
		return file ? dependencies.forFile(file, state.workspaceFolders) : new Set<string>();
	};
	state.capabilities = { configuration: false, relatedInformation: false, versionedDiagnostics: false, clientCommands: false, inlayHintRefresh: false };
	let inlayHintRefresh: NodeJS.Timeout | undefined;
	state.refreshInlayHints = () => {
		// A settings change re-analyses every document: one refresh for all of them.
		if (!state.capabilities.inlayHintRefresh || inlayHintRefresh) return;
		inlayHintRefresh = setTimeout(() => {
			inlayHintRefresh = undefined;
			connection.languages.inlayHint.refresh().catch((error: unknown) => logError('inlayHint/refresh', error));
		}, 50);
	};
	state.settings = new SettingsStore(
		{
			fetch: (scopeUri) => connection.workspace.getConfiguration({ scopeUri, section: 'httpGuard' }),
			log,
			configError: (message) => {
				if (shownConfigErrors.has(message)) return;
				shownConfigErrors.add(message);
				connection.console.error(message);
				void connection.window.showErrorMessage(`HTTP Guard: ${message}`);
			},
		},
		() => state.capabilities.configuration,
		() => state.workspaceFolders,
	);
	state.validator = new Validator(state, uriToPath, logError);

	/** Runs a handler; an exception is logged and answered with `fallback`. */
	function guard<P, R>(name: string, fallback: R, handler: (params: P, ...rest: any[]) => R | Promise<R>) {
		return async (params: P, ...rest: any[]): Promise<R> => {
			try {
				return await handler(params, ...rest);
			} catch (error) {
				logError(name, error);
				return fallback;
			}
		};
	}

	connection.onInitialize((params: InitializeParams): InitializeResult => {
		const capabilities = params.capabilities;
		const options = (params.initializationOptions ?? {}) as InitializationOptions;
		state.capabilities = {
			configuration: !!capabilities.workspace?.configuration,
			relatedInformation: !!capabilities.textDocument?.publishDiagnostics?.relatedInformation,
			versionedDiagnostics: !!capabilities.textDocument?.publishDiagnostics?.versionSupport,
			clientCommands: !!options.clientCommands,
			inlayHintRefresh: !!capabilities.workspace?.inlayHint?.refreshSupport,
		};
		const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
		state.workspaceFolders = folders.map(uriToPath).filter((folder): folder is string => !!folder);
		return {
			capabilities: {
				textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
				hoverProvider: true,
				inlayHintProvider: { resolveProvider: false },
				codeActionProvider: {
					codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
					resolveProvider: false,
				},
				executeCommandProvider: { commands: [ServerCommandIds.checkWorkspace] },
				workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
			},
			serverInfo: { name: 'http-guard', version: SERVER_VERSION },
		};
	});

	connection.onInitialized(() => {
		if (state.capabilities.configuration) {
			void connection.client.register(DidChangeConfigurationNotification.type, { section: 'httpGuard' }).catch(() => undefined);
		}
		connection.workspace.onDidChangeWorkspaceFolders((event) => {
			try {
				const removed = new Set(event.removed.map((folder) => uriToPath(folder.uri)));
				state.workspaceFolders = state.workspaceFolders.filter((folder) => !removed.has(folder));
				for (const folder of event.added) {
					const folderPath = uriToPath(folder.uri);
					if (folderPath) state.workspaceFolders.push(folderPath);
				}
			} catch (error) {
				logError('workspace folders', error);
			}
		});
		log(`HTTP Guard server started (languages: ${servedLanguages().join(', ')})`);
	});

	connection.onDidChangeConfiguration((change) => {
		try {
			const pushed = (change.settings as { httpGuard?: unknown } | undefined)?.httpGuard;
			state.settings.clear(pushed);
			shownConfigErrors.clear();
			state.validator.revalidateAll();
		} catch (error) {
			logError('didChangeConfiguration', error);
		}
	});

	connection.onDidChangeWatchedFiles(() => {
		try {
			state.settings.clearConfigFiles();
			shownConfigErrors.clear();
			state.validator.revalidateAll();
		} catch (error) {
			logError('didChangeWatchedFiles', error);
		}
	});

	documents.onDidOpen((event) => state.validator.opened(event.document.uri, event.document.version));
	documents.onDidChangeContent((event) => {
		// `onDidChangeContent` also fires for the open, which is scheduled already.
		if (!state.validator.isOpenEcho(event.document.uri, event.document.version)) state.validator.schedule(event.document.uri, 'change');
	});
	documents.onDidSave((event) => state.validator.schedule(event.document.uri, 'save'));
	documents.onDidClose((event) => {
		try {
			state.validator.close(event.document.uri);
			state.settings.forget(event.document.uri);
		} catch (error) {
			logError('didClose', error);
		}
	});

	connection.onHover(guard('hover', null, (params) => hover(state, params)));
	connection.languages.inlayHint.on(guard('inlayHint', null, (params: InlayHintParams, token) => inlayHints(state, params, token)));
	connection.onCodeAction(guard('codeAction', [], (params: CodeActionParams) => codeActions(state, params)));

	connection.onRequest(
		ExplainRequest,
		guard('explain', { markdown: '', title: 'HTTP Guard' } as ExplainResult, (params: ExplainParams): ExplainResult => {
			const text = String(params?.text ?? '').slice(0, 10000);
			const { markdown, title } = explainMarkdown(text);
			return { markdown, title: title.length > 60 ? `${title.slice(0, 59)}…` : title };
		}),
	);
	connection.onRequest(RuleDocsRequest, guard('ruleDocs', { rules: [] } as RuleDocsResult, (params: RuleDocsParams) => ruleDocs(params)));
	const emptyCheck: CheckWorkspaceResult = { files: 0, findings: 0, skipped: 0, cancelled: false };
	connection.onRequest(CheckWorkspaceRequest, guard('checkWorkspace', emptyCheck, (_params: unknown, token) => checkWorkspace(state, token)));
	connection.onExecuteCommand(
		guard('executeCommand', null, async (params, token) => {
			if (params.command === ServerCommandIds.checkWorkspace) return checkWorkspace(state, token);
			return null;
		}),
	);

	documents.listen(connection);
	connection.listen();
}

// A stray rejection or exception is a bug in one request, not a reason to stop serving.
function main(): void {
	const connection = createConnection(ProposedFeatures.all);
	process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
	process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));
	startServer(connection);
}

main();
