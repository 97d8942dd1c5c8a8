// Findings and edits from the core, as LSP diagnostics and text edits. The core speaks
// offsets and zero-based UTF-16 positions already, so this is mostly renaming.
import { type Diagnostic, DiagnosticSeverity, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl } from '../core/rules/index';
import type { Finding, Fix, Severity, Span, TextEdit as CoreTextEdit } from '../core/types';
import type { DiagnosticData } from '../shared/protocol';

export const SOURCE = 'http-guard';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
	error: DiagnosticSeverity.Error,
	warning: DiagnosticSeverity.Warning,
	information: DiagnosticSeverity.Information,
	hint: DiagnosticSeverity.Hint,
};

export function rangeOf(span: Span): Range {
	return { start: { ...span.start }, end: { ...span.end } };
}

export function toLspEdits(document: TextDocument, edits: readonly CoreTextEdit[]): TextEdit[] {
	return edits.map((edit) => ({
		range: { start: document.positionAt(edit.startIndex), end: document.positionAt(edit.endIndex) },
		newText: edit.newText,
	}));
}

export function fixesData(document: TextDocument, fixes: readonly Fix[]): NonNullable<DiagnosticData['fixes']> {
	return fixes.map((fix) => ({ title: fix.title, isPreferred: fix.isPreferred, safe: fix.safe, edits: toLspEdits(document, fix.edits) }));
}

export interface ConvertOptions {
	relatedInformation: boolean;
	/** Fixes were computed for this analysis, so they travel in `data`. */
	withFixes: boolean;
}

export function toDiagnostic(finding: Finding, document: TextDocument, options: ConvertOptions): Diagnostic {
	const data: DiagnosticData = {
		ruleId: finding.ruleId,
		version: document.version,
		fixes: options.withFixes ? fixesData(document, finding.fixes) : undefined,
	};
	const diagnostic: Diagnostic = {
		range: rangeOf(finding.span),
		severity: SEVERITY[finding.severity],
		source: SOURCE,
		code: finding.ruleId,
		codeDescription: { href: ruleDocsUrl(finding.ruleId) },
		message: finding.message,
		data,
	};
	if (options.relatedInformation && finding.related.length > 0) {
		diagnostic.relatedInformation = finding.related.map((related) => ({
			location: { uri: document.uri, range: rangeOf(related.span) },
			message: related.message,
		}));
	}
	return diagnostic;
}

export function isDiagnosticData(value: unknown): value is DiagnosticData {
	return !!value && typeof value === 'object' && typeof (value as DiagnosticData).ruleId === 'string' && typeof (value as DiagnosticData).version === 'number';
}
