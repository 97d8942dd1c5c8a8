// Diagnostics for open documents: one incremental DocumentAnalyzer per document, runs
// debounced on typing and immediate on open and save, and a result is published only if
// the document is still at the version it was computed for (anything else is dropped).
import { DocumentAnalyzer, type AnalysisResult } from '../core/analyze';
import { servedLanguages } from '../core/languages/index';
import type { LanguageId } from '../core/types';
import { toDiagnostic } from './convert';
import type { ServerState } from './server';
import type { ResolvedConfig } from './settings';

export type Trigger = 'open' | 'change' | 'save' | 'config' | 'request';

/** Typing pauses shorter than this do not start an analysis. */
const CHANGE_DEBOUNCE_MS = 250;

export interface DocumentResult {
	version: number;
	analysis: AnalysisResult;
	resolved: ResolvedConfig;
	withFixes: boolean;
}

interface DocumentState {
	generation: number;
	openedVersion?: number;
	timer?: NodeJS.Timeout;
	analyzer?: Promise<DocumentAnalyzer | undefined>;
	analyzerLanguage?: string;
	result?: DocumentResult;
	/** The run in flight, so a request can wait for it instead of starting another. */
	running?: Promise<void>;
	/** Diagnostics are on screen for this document. */
	published: boolean;
}

export class Validator {
	private readonly states = new Map<string, DocumentState>();
	private readonly served = new Set<string>(servedLanguages());

	constructor(
		private readonly server: ServerState,
		private readonly uriToPath: (uri: string) => string | undefined,
		private readonly logError: (where: string, error: unknown) => void,
	) {}

	isServed(languageId: string): boolean {
		return this.served.has(languageId);
	}

	private state(uri: string): DocumentState {
		let state = this.states.get(uri);
		if (!state) {
			state = { generation: 0, published: false };
			this.states.set(uri, state);
		}
		return state;
	}

	/** Called for the open; the first content change of the same version is the open too. */
	opened(uri: string, version: number): void {
		this.state(uri).openedVersion = version;
		this.schedule(uri, 'open');
	}

	isOpenEcho(uri: string, version: number): boolean {
		return this.states.get(uri)?.openedVersion === version;
	}

	schedule(uri: string, trigger: Trigger): void {
		const state = this.state(uri);
		if (state.timer) clearTimeout(state.timer);
		const generation = ++state.generation;
		const delay = trigger === 'change' ? CHANGE_DEBOUNCE_MS : 0;
		state.timer = setTimeout(() => {
			state.timer = undefined;
			state.running = this.run(uri, generation, trigger);
		}, delay);
	}

	revalidateAll(): void {
		for (const document of this.server.documents.all()) this.schedule(document.uri, 'config');
	}

	/** The analysis of the document's current version, running it now if it is pending or stale. */
	async current(uri: string): Promise<DocumentResult | undefined> {
		const document = this.server.documents.get(uri);
		if (!document) return undefined;
		const state = this.state(uri);
		if (state.result?.version === document.version) return state.result;
		if (state.running) await state.running;
		if (state.result?.version === document.version) return state.result;
		if (state.timer) clearTimeout(state.timer);
		state.timer = undefined;
		const generation = ++state.generation;
		state.running = this.run(uri, generation, 'request');
		await state.running;
		return state.result?.version === document.version ? state.result : undefined;
	}

	hasResult(uri: string): boolean {
		return !!this.states.get(uri)?.result;
	}

	close(uri: string): void {
		const state = this.states.get(uri);
		if (!state) return;
		if (state.timer) clearTimeout(state.timer);
		state.generation++;
		void state.analyzer?.then((analyzer) => analyzer?.close());
		this.states.delete(uri);
		if (state.published) void this.server.connection.sendDiagnostics({ uri, diagnostics: [] });
	}

	private analyzerFor(state: DocumentState, language: string): Promise<DocumentAnalyzer | undefined> {
		if (!state.analyzer || state.analyzerLanguage !== language) {
			void state.analyzer?.then((analyzer) => analyzer?.close());
			state.analyzerLanguage = language;
			state.analyzer = DocumentAnalyzer.create(language as LanguageId);
		}
		return state.analyzer;
	}

	private clear(uri: string, state: DocumentState): void {
		state.result = undefined;
		if (state.published) {
			state.published = false;
			void this.server.connection.sendDiagnostics({ uri, diagnostics: [] });
		}
	}

	private async run(uri: string, generation: number, trigger: Trigger): Promise<void> {
		const state = this.state(uri);
		try {
			const document = this.server.documents.get(uri);
			if (!document) return;
			const version = document.version;
			const isStale = () => state.generation !== generation || this.server.documents.get(uri)?.version !== version || this.states.get(uri) !== state;
			const language = document.languageId;
			if (!this.served.has(language)) return; // log and plain text: hover only
			const file = this.uriToPath(uri);
			const resolved = await this.server.settings.resolve(uri, file);
			if (isStale()) return;
			const { settings } = resolved;
			const enabled = settings.enable && (settings.languages.length === 0 || settings.languages.includes(language)) && !(file && resolved.isIgnored(file));
			if (!enabled) {
				this.clear(uri, state);
				return;
			}
			const analyzer = await this.analyzerFor(state, language);
			if (isStale()) return;
			if (!analyzer) {
				this.clear(uri, state);
				return;
			}
			// Fixes cost a little: computed on open and save, and on demand after typing.
			const withFixes = trigger !== 'change';
			const dependencies = withFixes ? await this.server.projectDependencies(uri) : undefined;
			if (isStale()) return;
			const analysis = analyzer.update(document.getText(), resolved.config, { withFixes, dependencies });
			state.result = { version, analysis, resolved, withFixes };
			const options = { relatedInformation: this.server.capabilities.relatedInformation, withFixes };
			const diagnostics = analysis.findings.map((finding) => toDiagnostic(finding, document, options));
			state.published = true;
			await this.server.connection.sendDiagnostics({
				uri,
				version: this.server.capabilities.versionedDiagnostics ? version : undefined,
				diagnostics,
			});
		} catch (error) {
			this.logError(`analysis of ${uri}`, error);
		} finally {
			// Typing needs no refresh (the client asks again for the new version, and the
			// handler waits for its analysis); a settings or config file change does.
			if (trigger === 'config') this.server.refreshInlayHints();
		}
	}
}
