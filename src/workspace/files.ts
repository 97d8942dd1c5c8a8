// Finds the files `http-guard check` and the editor's Check Workspace analyse: walks
// folders in a stable order, honours `.gitignore` files (from the repository root down) and
// the config's `ignore` globs, skips dependency, VCS and build-output folders, and files too
// large to be hand-written.
// Files named on the command line are checked even when a `.gitignore` lists them; the
// config's globs still apply to them. Unknown extensions are skipped silently while
// walking and reported when the file was named explicitly.
import type { Dirent, Stats } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import ignore from 'ignore';
import picomatch from 'picomatch';
import type { SkipReason } from '../core/analyze';
import type { Config } from '../core/config';
import { languageForPath } from '../core/languages/index';
import type { LanguageId } from '../core/types';

/** Folders never worth walking into: dependencies, VCS data, caches and build output. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
	'node_modules',
	'bower_components',
	'jspm_packages',
	'.git',
	'.hg',
	'.svn',
	'dist',
	'build',
	'out',
	'coverage',
	'.next',
	'.nuxt',
	'.svelte-kit',
	'.turbo',
	'vendor',
	'__pycache__',
	'.venv',
	'venv',
	'.tox',
	'.nox',
	'.mypy_cache',
	'.pytest_cache',
	'site-packages',
	'target',
	'bin',
	'obj',
]);

/** Why a file was found but not analysed. */
export type FileSkipReason = SkipReason | 'ignored' | 'unreadable' | 'analysis-failed';

export interface CheckFile {
	/** Absolute path. */
	path: string;
	language: LanguageId;
	/** Named on the command line rather than found by walking a folder. */
	explicit: boolean;
	/** The configuration that applies to the file. */
	config: Config;
}

export interface SkippedFile {
	path: string;
	reason: FileSkipReason;
	explicit: boolean;
	/** A few words more, e.g. the system error code of an unreadable file. */
	detail?: string;
}

export interface CollectResult {
	files: CheckFile[];
	skipped: SkippedFile[];
}

export interface CollectOptions {
	/** Relative paths and config globs without a config root are resolved against it. */
	cwd?: string;
	/** Honour `.gitignore` files (default true). */
	gitignore?: boolean;
	/** Stop walking once this many files were found (default 100,000). */
	limit?: number;
}

/** A path on the command line that does not exist or cannot be read. */
export class PathError extends Error {
	override name = 'PathError';
}

/** A config for every folder: fixed, or the nearest `.http-guard.json` to the folder. */
export type ConfigSource = Config | ((dir: string) => Config);

interface GitignoreLevel {
	base: string;
	rules: ignore.Ignore;
}

const ERRNO_WORDS: Record<string, string> = {
	ENOENT: 'no such file or directory',
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	ENOTDIR: 'not a directory',
	ELOOP: 'too many symbolic links',
	EISDIR: 'is a directory',
	ENAMETOOLONG: 'file name too long',
};

/** `no such file or directory` for ENOENT, the message otherwise. */
export function describeFsError(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code && ERRNO_WORDS[code]) return ERRNO_WORDS[code];
	return code ?? (error instanceof Error ? error.message : String(error));
}

function toPosix(relative: string): string {
	return relative.split(path.sep).join('/');
}

function isInside(file: string, dir: string): boolean {
	const relative = path.relative(dir, file);
	return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

const matchers = new WeakMap<Config, (relative: string) => boolean>();

/** True when one of the config's `ignore` globs matches the file or folder. */
export function isIgnoredByConfig(target: string, config: Config, cwd: string): boolean {
	if (config.ignore.length === 0) return false;
	const root = config.root ?? cwd;
	if (!isInside(target, root)) return false;
	let match = matchers.get(config);
	if (!match) {
		match = picomatch(config.ignore, { dot: true });
		matchers.set(config, match);
	}
	return match(toPosix(path.relative(root, target)));
}

async function readGitignore(dir: string): Promise<GitignoreLevel | undefined> {
	let text: string;
	try {
		text = await fs.readFile(path.join(dir, '.gitignore'), 'utf8');
	} catch {
		return undefined;
	}
	return { base: dir, rules: ignore({ allowRelativePaths: true }).add(text) };
}

function gitignored(levels: readonly GitignoreLevel[], target: string, isDir: boolean): boolean {
	for (const level of levels) {
		if (!isInside(target, level.base)) continue;
		const relative = toPosix(path.relative(level.base, target)) + (isDir ? '/' : '');
		if (level.rules.ignores(relative)) return true;
	}
	return false;
}

/** The `.gitignore` files above `dir` up to the repository root (none outside a repository). */
async function ancestorGitignores(dir: string): Promise<GitignoreLevel[]> {
	const above: string[] = [];
	let current = path.dirname(dir);
	let repositoryRoot: string | undefined;
	if (await exists(path.join(dir, '.git'))) return [];
	for (;;) {
		above.push(current);
		if (await exists(path.join(current, '.git'))) {
			repositoryRoot = current;
			break;
		}
		const parent = path.dirname(current);
		if (parent === current) break;
		current = parent;
	}
	if (!repositoryRoot) return [];
	const levels: GitignoreLevel[] = [];
	for (const folder of above.reverse()) {
		const level = await readGitignore(folder);
		if (level) levels.push(level);
	}
	return levels;
}

async function exists(file: string): Promise<boolean> {
	try {
		await fs.access(file);
		return true;
	} catch {
		return false;
	}
}

/**
 * The files to analyse under `paths` (files or folders), each with its config, and the
 * files found but left out with the reason. Throws PathError for a path that does not
 * exist or cannot be read; a ConfigError from `config` propagates.
 */
export async function collectFiles(paths: readonly string[], config: ConfigSource, options: CollectOptions = {}): Promise<CollectResult> {
	const cwd = options.cwd ?? process.cwd();
	const useGitignore = options.gitignore ?? true;
	const limit = options.limit ?? 100_000;
	const configFor = typeof config === 'function' ? config : () => config;
	const result: CollectResult = { files: [], skipped: [] };
	const seen = new Set<string>();

	const roots: { full: string; given: string; stats: Stats }[] = [];
	for (const given of paths) {
		const full = path.resolve(cwd, given);
		let stats: Stats;
		try {
			stats = await fs.stat(full);
			if (stats.isDirectory()) await fs.access(full, fs.constants.R_OK | fs.constants.X_OK);
			else await fs.access(full, fs.constants.R_OK);
		} catch (error) {
			throw new PathError(`cannot read '${given}': ${describeFsError(error)}`);
		}
		roots.push({ full, given, stats });
	}

	const addFile = (full: string, size: number, explicit: boolean, fileConfig: Config) => {
		if (seen.has(full) || result.files.length >= limit) return;
		seen.add(full);
		const language = languageForPath(full);
		if (!language) {
			// Unknown extensions are noise while walking; a named file deserves a word.
			if (explicit) result.skipped.push({ path: full, reason: 'unsupported-language', explicit });
			return;
		}
		if (isIgnoredByConfig(full, fileConfig, cwd)) {
			// Ignoring is what the user asked for: only a named file is worth a note.
			if (explicit) result.skipped.push({ path: full, reason: 'ignored', explicit });
			return;
		}
		if (size > fileConfig.maxFileSize) {
			result.skipped.push({ path: full, reason: 'too-large', explicit });
			return;
		}
		result.files.push({ path: full, language, explicit, config: fileConfig });
	};

	const walk = async (dir: string, levels: GitignoreLevel[], dirConfig: Config): Promise<void> => {
		if (result.files.length >= limit) return;
		let entries: Dirent[];
		try {
			entries = await fs.readdir(dir, { withFileTypes: true });
		} catch (error) {
			result.skipped.push({ path: dir, reason: 'unreadable', explicit: false, detail: describeFsError(error) });
			return;
		}
		const own = useGitignore ? await readGitignore(dir) : undefined;
		const here = own ? [...levels, own] : levels;
		entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const entry of entries) {
			const full = path.join(dir, entry.name);
			let isDir = entry.isDirectory();
			let isFile = entry.isFile();
			let size = -1;
			if (entry.isSymbolicLink()) {
				// Linked files count; linked folders are not followed (they can loop).
				try {
					const target = await fs.stat(full);
					isFile = target.isFile();
					size = target.size;
				} catch {
					continue;
				}
				isDir = false;
			}
			if (isDir) {
				if (SKIPPED_DIRS.has(entry.name)) continue;
				if (gitignored(here, full, true) || isIgnoredByConfig(full, dirConfig, cwd)) continue;
				await walk(full, here, configFor(full));
			} else if (isFile) {
				if (!languageForPath(entry.name) || seen.has(full)) continue;
				if (gitignored(here, full, false)) continue;
				if (size < 0) {
					try {
						size = (await fs.stat(full)).size;
					} catch (error) {
						result.skipped.push({ path: full, reason: 'unreadable', explicit: false, detail: describeFsError(error) });
						continue;
					}
				}
				addFile(full, size, false, dirConfig);
			}
			if (result.files.length >= limit) return;
		}
	};

	for (const root of roots) {
		if (root.stats.isDirectory()) {
			const levels = useGitignore ? await ancestorGitignores(root.full) : [];
			await walk(root.full, levels, configFor(root.full));
		} else {
			addFile(root.full, root.stats.size, true, configFor(path.dirname(root.full)));
		}
	}
	return result;
}
