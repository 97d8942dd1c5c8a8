// "Check Workspace": analyses every served file under the workspace folders and publishes
// diagnostics for each, yielding between files so hovers and edits stay responsive, and
// stopping as soon as the request is cancelled.
import * as fs from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { CancellationToken } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
// The CLI's walker, so the editor and `http-guard check` see the same files (.gitignore, build output, size).
import { collectFiles } from '../workspace/files';
import { analyzeText } from '../core/analyze';
import { languageForPath } from '../core/languages/index';
import { CheckWorkspaceProgress, type CheckWorkspaceResult } from '../shared/protocol';
import { toDiagnostic } from './convert';
import type { ServerState } from './server';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function checkWorkspace(server: ServerState, token: CancellationToken | undefined): Promise<CheckWorkspaceResult> {
	const cancelled = () => !!token?.isCancellationRequested;
	const result: CheckWorkspaceResult = { files: 0, findings: 0, skipped: 0, cancelled: false };
	const files: string[] = [];
	for (const folder of server.workspaceFolders) {
		const folderUri = pathToFileURL(folder).toString();
		const resolved = await server.settings.resolve(folderUri, `${folder}/.`);
		if (!resolved.settings.enable) continue;
		const collected = await collectFiles([folder], resolved.config, { cwd: folder });
		result.skipped += collected.skipped.length;
		files.push(...collected.files.map((file) => file.path));
	}
	let done = 0;
	for (const file of files) {
		if (cancelled()) break;
		await yieldToEventLoop();
		done++;
		if (done % 10 === 0 || done === files.length) void server.connection.sendNotification(CheckWorkspaceProgress, { done, total: files.length });
		const uri = pathToFileURL(file).toString();
		const language = languageForPath(file);
		if (!language) continue;
		// Open documents are the editor's truth: revalidate them instead of reading the disk.
		if (server.documents.get(uri)) {
			const current = await server.validator.current(uri);
			result.files++;
			result.findings += current?.analysis.findings.length ?? 0;
			continue;
		}
		try {
			const resolved = await server.settings.resolve(uri, file);
			if (resolved.isIgnored(file) || (resolved.settings.languages.length > 0 && !resolved.settings.languages.includes(language))) continue;
			const text = await fs.readFile(file, 'utf8');
			const analysis = await analyzeText(text, language, resolved.config, { withFixes: false });
			result.files++;
			if (analysis.skipped) result.skipped++;
			const document = TextDocument.create(uri, language, 0, text);
			const diagnostics = analysis.findings.map((finding) =>
				toDiagnostic(finding, document, { relatedInformation: server.capabilities.relatedInformation, withFixes: false }),
			);
			result.findings += diagnostics.length;
			if (diagnostics.length > 0) await server.connection.sendDiagnostics({ uri, diagnostics });
		} catch (error) {
			server.connection.console.error(`cannot check ${file}: ${String(error)}`);
		}
	}
	result.cancelled = cancelled();
	server.connection.console.log(`workspace check: ${result.files} files, ${result.findings} findings${result.cancelled ? ' (cancelled)' : ''}`);
	return result;
}
