// What the extension client and the language server say to each other beyond plain LSP:
// command ids, custom request names and their payloads. Imported by both halves, so it
// holds types and string constants only.

/** VS Code command ids the client registers (package.json `contributes.commands`). */
export const CommandIds = {
	explainError: 'httpGuard.explainError',
	checkWorkspace: 'httpGuard.checkWorkspace',
	showRuleDocs: 'httpGuard.showRuleDocs',
	showOutput: 'httpGuard.showOutput',
	restartServer: 'httpGuard.restartServer',
} as const;

/**
 * Commands the server executes (`workspace/executeCommand`), for editors other than VS Code.
 * They differ from the client's ids: vscode-languageclient registers server commands as
 * VS Code commands, and two registrations of one id fail.
 */
export const ServerCommandIds = {
	checkWorkspace: 'http-guard.server.checkWorkspace',
} as const;

/** The code action kind of "fix everything safe" (`editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = 'source.fixAll.httpGuard';

/** Sent by the client when the user asks to explain a status code, error message or header. */
export const ExplainRequest = 'httpGuard/explain';
export interface ExplainParams {
	text: string;
}
export interface ExplainResult {
	/** The knowledge base's Markdown for the text. */
	markdown: string;
	/** A short title for the panel tab. */
	title: string;
}

/** Sent by the client for "Show Rule Documentation": one rule's docs, or the list to pick from. */
export const RuleDocsRequest = 'httpGuard/ruleDocs';
export interface RuleDocsParams {
	ruleId?: string;
}
export interface RuleDocsResult {
	rules: Array<{ id: string; title: string }>;
	/** Present when `ruleId` named a rule. */
	markdown?: string;
	url?: string;
}

/** Sent by the client for "Check Workspace"; cancellable. Diagnostics arrive as usual. */
export const CheckWorkspaceRequest = 'httpGuard/checkWorkspace';
export interface CheckWorkspaceResult {
	files: number;
	findings: number;
	skipped: number;
	cancelled: boolean;
}

/** Sent by the server while checking the workspace, so the client's progress bar moves. */
export const CheckWorkspaceProgress = 'httpGuard/checkWorkspaceProgress';
export interface CheckWorkspaceProgressParams {
	done: number;
	total: number;
}

/** What the client passes in `initializationOptions`. */
export interface InitializationOptions {
	/** The client registers `httpGuard.*` commands, so code actions may point at them. */
	clientCommands?: boolean;
}

/** What `Diagnostic.data` holds: the rule and the finding's fixes, as LSP edits (Ruff-style). */
export interface DiagnosticData {
	ruleId: string;
	/** The document version the edits apply to. */
	version: number;
	/** Undefined when fixes were not computed for this version (they are then computed on request). */
	fixes?: Array<{
		title: string;
		isPreferred?: boolean;
		safe?: boolean;
		edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>;
	}>;
}
