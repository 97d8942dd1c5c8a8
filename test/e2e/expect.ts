// Computes, with the analysis core alone, what the editor must show for each file of the
// e2e workspace: rule ids, ranges and severities. The extension-host suite compares the
// diagnostics VS Code really holds against this, so the test follows the rules as they
// grow without restating them. Run: node -r esbuild-register test/e2e/expect.ts <workspace> <out.json>
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { analyzeText } from '../../src/core/analyze';
import { type Config, defaultConfig, findConfigFile, loadConfigFile } from '../../src/core/config';
import { languageForPath, servedLanguages } from '../../src/core/languages/index';

export interface ExpectedDiagnostic {
	code: string;
	severity: string;
	/** [startLine, startCharacter, endLine, endCharacter], zero-based UTF-16. */
	range: [number, number, number, number];
}

export interface Expectations {
	servedLanguages: string[];
	/** Workspace-relative path (forward slashes) -> language id and expected diagnostics. */
	files: Record<string, { language: string; diagnostics: ExpectedDiagnostic[] }>;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.vscode', '__pycache__', '.venv']);

function walk(dir: string, out: string[]): void {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) walk(full, out);
		else if (entry.isFile()) out.push(full);
	}
}

async function main(): Promise<void> {
	const [workspace, outFile] = process.argv.slice(2);
	if (!workspace || !outFile) throw new Error('usage: expect.ts <workspace> <out.json>');
	const root = path.resolve(workspace);
	// The nearest .http-guard.json inside the workspace governs a file, as in the server.
	const configs = new Map<string, { config: Config; ignored: (relative: string) => boolean }>();
	const configFor = (file: string) => {
		const found = findConfigFile(path.dirname(file));
		const inside = found && (path.dirname(found) + path.sep).startsWith(root + path.sep) ? found : '';
		let entry = configs.get(inside);
		if (!entry) {
			const config = inside ? loadConfigFile(inside) : defaultConfig();
			const matcher = config.ignore.length > 0 ? picomatch(config.ignore, { dot: true }) : () => false;
			entry = { config, ignored: matcher };
			configs.set(inside, entry);
		}
		const base = entry.config.root ?? root;
		return { config: entry.config, ignored: entry.ignored(path.relative(base, file).split(path.sep).join('/')) };
	};
	const result: Expectations = { servedLanguages: servedLanguages(), files: {} };
	const files: string[] = [];
	walk(workspace, files);
	for (const file of files) {
		const language = languageForPath(file);
		const relative = path.relative(workspace, file).split(path.sep).join('/');
		if (!language) continue;
		const { config, ignored } = configFor(file);
		if (ignored) continue;
		const analysis = await analyzeText(fs.readFileSync(file, 'utf8'), language, config);
		result.files[relative] = {
			language,
			diagnostics: analysis.findings.map((finding) => ({
				code: finding.ruleId,
				severity: finding.severity,
				range: [finding.span.start.line, finding.span.start.character, finding.span.end.line, finding.span.end.character],
			})),
		};
	}
	fs.writeFileSync(outFile, JSON.stringify(result, null, 1));
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
