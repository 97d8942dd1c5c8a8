// The analysis pipeline: text -> (skip check) -> parse -> facts -> rules -> findings.
// `analyzeText` serves one-shot callers (CLI, tests); `DocumentAnalyzer` keeps the tree
// of an open document, re-parses incrementally after each edit and re-reads the facts of
// the top-level statements the edit touched only (editor, server).
import type { Parser, Tree } from 'web-tree-sitter';
import { Edit } from 'web-tree-sitter';
import { type Config, defaultConfig } from './config';
import type { AdapterOptions, LanguageAdapter } from './languages/adapter';
import { emptyFacts } from './languages/adapter';
import { adapterFor } from './languages/index';
import { attachFixes } from './fixes/index';
import { positionAt } from './fixes/edits';
import { canonicalFacts, extractEdited, extractWhole, PartParser, type PartedFacts, type TextChange } from './incremental';
import { createParser, reparse } from './parser';
import { RULES } from './rules/index';
import { isSuppressed, parseSuppressions } from './suppressions';
import type { FileFacts, Finding, LanguageId, Report, Rule } from './types';

/** What to compute beyond findings. */
export interface AnalysisOptions {
	/** Fill `Finding.fixes` (code actions, `http-guard fix`); skipped on keystrokes. */
	withFixes?: boolean;
	/** The project's declared packages, for fixes that configure a library it already uses. */
	dependencies?: ReadonlySet<string>;
}

/** Why a file was not analysed, in words for a summary line or a log. */
export type SkipReason = 'too-large' | 'binary' | 'minified' | 'unsupported-language';

export interface AnalysisResult {
	findings: Finding[];
	facts: FileFacts;
	/** Set when the file was not analysed at all. */
	skipped?: SkipReason;
	/** The tree had ERROR or MISSING nodes: findings come from the parts that parsed. */
	hasSyntaxErrors: boolean;
}

/** Cheap checks on raw text that keep the parser away from files no one writes by hand. */
export function skipReason(text: string, maxFileSize: number): SkipReason | undefined {
	// UTF-16 length is a fine stand-in for size: the limit is about cost, not bytes.
	if (text.length > maxFileSize) return 'too-large';
	const head = text.slice(0, 8192);
	if (head.includes('\u0000')) return 'binary';
	if (looksMinified(text)) return 'minified';
	return undefined;
}

function looksMinified(text: string): boolean {
	if (text.length < 2048) return false;
	// Long lines on average, or any line past 2,000 characters in the first 64 KB.
	let lines = 1;
	let longest = 0;
	let lineStart = 0;
	const end = Math.min(text.length, 65536);
	for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
		longest = Math.max(longest, i - lineStart);
		lineStart = i + 1;
		lines++;
	}
	longest = Math.max(longest, end - lineStart);
	return longest > 2000 || end / lines > 300;
}

function adapterOptions(config: Config): AdapterOptions {
	return { extraHttpFunctions: config.httpFunctions };
}

/** Runs every enabled rule over the facts and drops suppressed findings. */
export function runRules(facts: FileFacts, text: string, adapter: LanguageAdapter, config: Config, rules: readonly Rule[] = RULES): Finding[] {
	const suppressions = parseSuppressions(text, adapter.lineComment);
	const findings: Finding[] = [];
	for (const rule of rules) {
		const configured = config.rules[rule.meta.id];
		if (configured === 'off') continue;
		const severity = configured ?? rule.meta.defaultSeverity;
		rule.check(facts, (report: Report) => {
			if (isSuppressed(suppressions, rule.meta.id, report.span.start.line)) return;
			findings.push({
				ruleId: rule.meta.id,
				severity,
				message: report.message ?? rule.meta.message,
				span: report.span,
				related: report.related ?? [],
				subject: report.subject,
				fixes: [],
			});
		});
	}
	findings.sort((a, b) => a.span.startIndex - b.span.startIndex || a.ruleId.localeCompare(b.ruleId));
	return dedupe(findings);
}

/** One finding per rule and place: two facts describing the same construct report once. */
function dedupe(findings: Finding[]): Finding[] {
	const seen = new Set<string>();
	return findings.filter((finding) => {
		const key = `${finding.ruleId}:${finding.span.startIndex}:${finding.span.endIndex}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

const parsers = new Map<string, Promise<Parser>>();

function sharedParser(adapter: LanguageAdapter, language: LanguageId): Promise<Parser> {
	const grammar = adapter.grammarFor(language);
	let parser = parsers.get(grammar);
	if (!parser) {
		parser = createParser(grammar);
		parsers.set(grammar, parser);
	}
	return parser;
}

function analyzeTree(tree: Tree, text: string, language: LanguageId, adapter: LanguageAdapter, config: Config, options: AnalysisOptions, facts: FileFacts): AnalysisResult {
	const findings = runRules(facts, text, adapter, config);
	if (options.withFixes) attachFixes(findings, { text, tree, facts, language, dependencies: options.dependencies ?? NO_DEPENDENCIES });
	return { findings, facts, hasSyntaxErrors: tree.rootNode.hasError };
}

const NO_DEPENDENCIES: ReadonlySet<string> = new Set();

function skipped(language: LanguageId, reason: SkipReason): AnalysisResult {
	return { findings: [], facts: emptyFacts(language), skipped: reason, hasSyntaxErrors: false };
}

/** Analyses one text from scratch. */
export async function analyzeText(text: string, language: LanguageId, config: Config = defaultConfig(), options: AnalysisOptions = {}): Promise<AnalysisResult> {
	const adapter = adapterFor(language);
	if (!adapter) return skipped(language, 'unsupported-language');
	const reason = skipReason(text, config.maxFileSize);
	if (reason) return skipped(language, reason);
	if (!adapter.mightMatter(text, adapterOptions(config))) {
		return { findings: [], facts: emptyFacts(language), hasSyntaxErrors: false };
	}
	const parser = await sharedParser(adapter, language);
	const tree = parser.parse(text);
	if (!tree) return { findings: [], facts: emptyFacts(language), hasSyntaxErrors: true };
	try {
		return analyzeTree(tree, text, language, adapter, config, options, canonicalFacts(adapter.extractFacts(tree, language, adapterOptions(config))));
	} finally {
		tree.delete();
	}
}

/**
 * The analysis state of one open document. Each `update` finds the changed stretch by
 * comparing the old and new text, tells the old tree about it, lets tree-sitter re-parse
 * only what changed, and re-reads the facts of the changed top-level statements only.
 * The result is the same as `analyzeText` on the same text.
 */
export class DocumentAnalyzer {
	private tree: Tree | undefined;
	private text = '';
	/** The facts of `text` by top-level statement, and the options they were read with. */
	private facts: { parted: PartedFacts; httpFunctions: string } | undefined;

	private constructor(
		readonly language: LanguageId,
		private readonly adapter: LanguageAdapter,
		private readonly parser: Parser,
		/** Parses the changed statements alone. */
		private readonly partParser: PartParser,
	) {}

	static async create(language: LanguageId): Promise<DocumentAnalyzer | undefined> {
		const adapter = adapterFor(language);
		if (!adapter) return undefined;
		// Each document gets its own parsers: the shared one may be mid-parse for another.
		const grammar = adapter.grammarFor(language);
		return new DocumentAnalyzer(language, adapter, await createParser(grammar), new PartParser(await createParser(grammar)));
	}

	/** Analyses the new text of the document, reusing the previous tree and the facts the edit left alone. */
	update(text: string, config: Config = defaultConfig(), options: AnalysisOptions = {}): AnalysisResult {
		const reason = skipReason(text, config.maxFileSize);
		if (reason) {
			this.dispose();
			return skipped(this.language, reason);
		}
		const previousText = this.text;
		const change = this.tree ? changeBetween(previousText, text) : undefined;
		if (this.tree && change) {
			const edit = editOf(change, previousText, text);
			this.tree.edit(edit);
			this.partParser.edit(edit);
		}
		let tree = this.tree ? reparse(this.parser, text, this.tree) : this.parser.parse(text);
		// Error recovery can end differently when it starts from the old tree: a broken text is
		// parsed afresh, so that the editor reads the same tree as `http-guard check`.
		if (this.tree && tree?.rootNode.hasError) {
			tree.delete();
			tree = this.parser.parse(text);
		}
		this.tree?.delete();
		this.tree = tree ?? undefined;
		this.text = text;
		const previous = this.facts;
		this.facts = undefined;
		if (!tree) return { findings: [], facts: emptyFacts(this.language), hasSyntaxErrors: true };
		const adapterOptionsNow = adapterOptions(config);
		// As analyzeText: a file that cannot matter has no facts (the tree stays for the next edit).
		if (!this.adapter.mightMatter(text, adapterOptionsNow)) return { findings: [], facts: emptyFacts(this.language), hasSyntaxErrors: false };
		const httpFunctions = adapterOptionsNow.extraHttpFunctions.join('\n');
		let parted: PartedFacts | undefined;
		if (previous && change && previous.httpFunctions === httpFunctions) {
			parted = change.start === change.oldEnd && change.start === change.newEnd ? previous.parted : extractEdited(previous.parted, previousText, change, tree, text, this.partParser, this.adapter, this.language, adapterOptionsNow);
		}
		parted ??= extractWhole(tree, text, this.adapter, this.language, adapterOptionsNow);
		if (parted.parts) this.facts = { parted, httpFunctions };
		return analyzeTree(tree, text, this.language, this.adapter, config, options, parted.facts);
	}

	/** Forgets the document's tree and facts; the next update starts afresh. */
	dispose(): void {
		this.tree?.delete();
		this.tree = undefined;
		this.text = '';
		this.facts = undefined;
		this.partParser.forget();
	}

	/** Frees everything, parsers included (they live in WebAssembly memory): the document is gone. */
	close(): void {
		this.dispose();
		this.parser.delete();
		this.partParser.delete();
	}
}

/** Characters compared at once while looking for the change: string equality beats a loop of charCodeAt. */
const BLOCK = 2048;

/** The one stretch where two texts differ: the common head and tail left out. */
function changeBetween(before: string, after: string): TextChange {
	let start = 0;
	const shorter = Math.min(before.length, after.length);
	while (start + BLOCK <= shorter && before.slice(start, start + BLOCK) === after.slice(start, start + BLOCK)) start += BLOCK;
	while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	let oldEnd = before.length;
	let newEnd = after.length;
	while (oldEnd - BLOCK >= start && newEnd - BLOCK >= start && before.slice(oldEnd - BLOCK, oldEnd) === after.slice(newEnd - BLOCK, newEnd)) {
		oldEnd -= BLOCK;
		newEnd -= BLOCK;
	}
	while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
		oldEnd--;
		newEnd--;
	}
	return { start, oldEnd, newEnd };
}

function editOf(change: TextChange, before: string, after: string): Edit {
	const start = positionAt(before, change.start);
	// The ends from the start: only the changed stretch is scanned again.
	const endOf = (text: string, end: number) => {
		const lineStart = text.lastIndexOf('\n', end - 1) + 1;
		let lines = 0;
		for (let i = text.indexOf('\n', change.start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) lines++;
		return { row: start.line + lines, column: lines === 0 ? start.character + end - change.start : end - lineStart };
	};
	return new Edit({
		startIndex: change.start,
		oldEndIndex: change.oldEnd,
		newEndIndex: change.newEnd,
		startPosition: { row: start.line, column: start.character },
		oldEndPosition: endOf(before, change.oldEnd),
		newEndPosition: endOf(after, change.newEnd),
	});
}
