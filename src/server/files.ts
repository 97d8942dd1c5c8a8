// Walks a workspace folder for files the analysis serves, for "Check Workspace". Skips
// dependency and VCS folders outright; the config's ignore globs are applied by the caller.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { languageForPath } from '../core/languages/index';

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', 'bower_components', 'site-packages']);

/** Files under `root` with a served language, in a stable order. Unreadable folders are skipped. */
export async function walkWorkspace(root: string, isIgnored: (file: string) => boolean, isCancelled: () => boolean, limit = 20000): Promise<string[]> {
	const found: string[] = [];
	const pending = [root];
	while (pending.length > 0 && found.length < limit && !isCancelled()) {
		const dir = pending.shift()!;
		let entries: import('node:fs').Dirent[];
		try {
			entries = await fs.readdir(dir, { withFileTypes: true });
		} catch {
			continue;
		}
		entries.sort((a, b) => a.name.localeCompare(b.name));
		for (const entry of entries) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.') && !isIgnored(full)) pending.push(full);
			} else if (entry.isFile() && languageForPath(entry.name) && !isIgnored(full)) {
				found.push(full);
			}
		}
	}
	return found;
}
