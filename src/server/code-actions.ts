// Code actions, in a fixed order per diagnostic: the finding's fixes (preferred first),
// "Disable <rule> for this line", "Disable <rule> for this file", "Show documentation";
// plus `source.fixAll.httpGuard`, which applies only fixes marked safe. Fixes travel in
// `Diagnostic.data` when they were computed with the diagnostics (Ruff-style); after
// typing they are computed here, for the document's current version.
import { type CodeAction, type CodeActionParams, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText } from '../core/analyze';
import { fixText } from '../core/fixes/index';
import { disableForFileEdits, disableForLineEdits } from '../core/fixes/suppression';
import { adapterFor } from '../core/languages/index';
import { ruleById } from '../core/rules/index';
import type { Finding, LanguageId, RuleId, TextEdit as CoreTextEdit } from '../core/types';
import { CommandIds, type DiagnosticData, FIX_ALL_KIND } from '../shared/protocol';
import { SOURCE, fixesData, isDiagnosticData, toLspEdits } from './convert';
import type { ServerState } from './server';

type LspFixes = NonNullable<DiagnosticData['fixes']>;

/** Findings with fixes, for the one document version the last request was about. */
let fixCache: { uri: string; version: number; findings: Finding[] } | undefined;

async function findingsWithFixes(server: ServerState, document: TextDocument): Promise<Finding[]> {
	if (fixCache?.uri === document.uri && fixCache.version === document.version) return fixCache.findings;
	const current = await server.validator.current(document.uri);
	if (!current) return [];
	const findings = current.withFixes
		? current.analysis.findings
		: (await analyzeText(document.getText(), document.languageId as LanguageId, current.resolved.config, { withFixes: true, dependencies: await server.projectDependencies(document.uri) })).findings;
	fixCache = { uri: document.uri, version: document.version, findings };
	return findings;
}

function sameRange(diagnostic: Diagnostic, finding: Finding): boolean {
	const { start, end } = diagnostic.range;
	return (
		start.line === finding.span.start.line &&
		start.character === finding.span.start.character &&
		end.line === finding.span.end.line &&
		end.character === finding.span.end.character
	);
}

function wants(only: string[] | undefined, kind: string): boolean {
	return !only || only.some((prefix) => kind === prefix || kind.startsWith(`${prefix}.`));
}

function editAction(title: string, kind: string, document: TextDocument, edits: TextEdit[], diagnostic?: Diagnostic): CodeAction {
	return {
		title,
		kind,
		diagnostics: diagnostic ? [diagnostic] : undefined,
		edit: { changes: { [document.uri]: edits } },
	};
}

/** One edit covering what changed between two texts: fix-all rewrites little, and says so. */
function minimalEdit(document: TextDocument, before: string, after: string): TextEdit {
	let start = 0;
	const shorter = Math.min(before.length, after.length);
	while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	let oldEnd = before.length;
	let newEnd = after.length;
	while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
		oldEnd--;
		newEnd--;
	}
	const edit: CoreTextEdit = { startIndex: start, endIndex: oldEnd, newText: after.slice(start, newEnd) };
	return toLspEdits(document, [edit])[0];
}

export async function codeActions(server: ServerState, params: CodeActionParams): Promise<CodeAction[]> {
	const document = server.documents.get(params.textDocument.uri);
	if (!document || !server.validator.isServed(document.languageId)) return [];
	const language = document.languageId as LanguageId;
	const comment = adapterFor(language)?.lineComment ?? '//';
	const only = params.context.only;
	const actions: CodeAction[] = [];
	const text = document.getText();

	if (wants(only, CodeActionKind.QuickFix)) {
		const ours = params.context.diagnostics.filter((diagnostic) => diagnostic.source === SOURCE && isDiagnosticData(diagnostic.data));
		const disables: CodeAction[] = [];
		for (const diagnostic of ours) {
			const data = diagnostic.data as DiagnosticData;
			const rule = ruleById(data.ruleId);
			if (!rule) continue;
			const ruleId = rule.meta.id as RuleId;
			let fixes: LspFixes | undefined = data.version === document.version ? data.fixes : undefined;
			if (!fixes) {
				const finding = (await findingsWithFixes(server, document)).find((candidate) => candidate.ruleId === ruleId && sameRange(diagnostic, candidate));
				fixes = finding ? fixesData(document, finding.fixes) : [];
			}
			for (const fix of [...fixes].sort((a, b) => Number(!!b.isPreferred) - Number(!!a.isPreferred))) {
				const action = editAction(fix.title, CodeActionKind.QuickFix, document, fix.edits, diagnostic);
				if (fix.isPreferred) action.isPreferred = true;
				actions.push(action);
			}
			const line = disableForLineEdits(text, diagnostic.range.start.line, ruleId, comment);
			if (line.length > 0) disables.push(editAction(`Disable ${ruleId} for this line`, CodeActionKind.QuickFix, document, toLspEdits(document, line), diagnostic));
			const file = disableForFileEdits(text, ruleId, comment);
			if (file.length > 0) disables.push(editAction(`Disable ${ruleId} for this file`, CodeActionKind.QuickFix, document, toLspEdits(document, file), diagnostic));
			if (server.capabilities.clientCommands) {
				disables.push({
					title: `Show documentation for ${ruleId}`,
					kind: CodeActionKind.QuickFix,
					diagnostics: [diagnostic],
					command: { title: `Show documentation for ${ruleId}`, command: CommandIds.showRuleDocs, arguments: [ruleId] },
				});
			}
		}
		// Fixes first, for every diagnostic under the cursor; then the escape hatches.
		actions.push(...dedupeByTitle(disables));
	}

	if (only && wants(only, FIX_ALL_KIND)) {
		const current = await server.validator.current(document.uri);
		if (current && current.analysis.findings.length > 0) {
			const dependencies = await server.projectDependencies(document.uri);
			const { text: fixed } = await fixText(text, language, current.resolved.config, (t, l, c) => analyzeText(t, l, c, { withFixes: true, dependencies }));
			if (fixed !== text) actions.push(editAction('HTTP Guard: fix all safe problems', FIX_ALL_KIND, document, [minimalEdit(document, text, fixed)]));
		}
	}
	return actions;
}

/** Two diagnostics of one rule on one line would offer the same disable twice. */
function dedupeByTitle(actions: CodeAction[]): CodeAction[] {
	const seen = new Set<string>();
	return actions.filter((action) => {
		const key = `${action.title}\n${JSON.stringify(action.edit ?? action.command)}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
