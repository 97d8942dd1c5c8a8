// The packages a file's project declares: the manifests (package.json, requirements*.txt,
// pyproject.toml, go.mod, pom.xml, build.gradle, *.csproj) in its folder and every folder
// above it, up to a workspace root, a repository root (a `.git` entry) or the file system
// root, merged. Library-aware fixes read them; plain checks never do, so `check` stays fast.
// Shared by the CLI (read once per folder) and the language server (which re-checks
// modification times, so an edited manifest counts on the next fix without a restart).
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { manifestDependencies, manifestKind } from '../core/dependencies';

interface Manifest {
	file: string;
	mtimeMs: number;
	dependencies: ReadonlySet<string>;
}

interface FolderManifests {
	/** The folder's own modification time: it changes when a manifest is added or removed. */
	mtimeMs: number;
	/** The folder holds `.git`: the walk stops here. */
	isRepositoryRoot: boolean;
	manifests: Manifest[];
}

export interface ProjectDependenciesOptions {
	/** Stat folders and manifests again on every lookup (a long-lived server); the CLI reads each once. */
	revalidate?: boolean;
}

export class ProjectDependencies {
	private readonly folders = new Map<string, Promise<FolderManifests | undefined>>();

	constructor(private readonly options: ProjectDependenciesOptions = {}) {}

	/**
	 * The merged dependencies of the manifests from the file's folder up to the first of:
	 * one of `roots` (workspace folders), a folder with `.git`, the file system root.
	 */
	async forFile(file: string, roots: readonly string[] = []): Promise<ReadonlySet<string>> {
		const stopAt = new Set(roots.map((root) => path.resolve(root)));
		const merged = new Set<string>();
		let dir = path.dirname(path.resolve(file));
		for (;;) {
			const folder = await this.folder(dir);
			for (const manifest of folder?.manifests ?? []) for (const name of manifest.dependencies) merged.add(name);
			const parent = path.dirname(dir);
			if (folder?.isRepositoryRoot || stopAt.has(dir) || parent === dir) return merged;
			dir = parent;
		}
	}

	private async folder(dir: string): Promise<FolderManifests | undefined> {
		const cached = this.folders.get(dir);
		if (cached && !this.options.revalidate) return cached;
		const previous = cached ? await cached : undefined;
		const next = this.readFolder(dir, previous);
		this.folders.set(dir, next);
		return next;
	}

	private async readFolder(dir: string, previous: FolderManifests | undefined): Promise<FolderManifests | undefined> {
		let mtimeMs: number;
		try {
			mtimeMs = (await fs.stat(dir)).mtimeMs;
		} catch {
			return undefined;
		}
		let entries: string[];
		if (previous && previous.mtimeMs === mtimeMs) {
			entries = previous.manifests.map((manifest) => path.basename(manifest.file));
		} else {
			try {
				entries = await fs.readdir(dir);
			} catch {
				return undefined;
			}
		}
		const isRepositoryRoot = previous && previous.mtimeMs === mtimeMs ? previous.isRepositoryRoot : entries.includes('.git');
		const manifests: Manifest[] = [];
		for (const name of entries.filter((entry) => manifestKind(entry)).sort()) {
			const file = path.join(dir, name);
			const manifest = await readManifest(file, previous?.manifests.find((known) => known.file === file));
			if (manifest) manifests.push(manifest);
		}
		return { mtimeMs, isRepositoryRoot, manifests };
	}
}

async function readManifest(file: string, known: Manifest | undefined): Promise<Manifest | undefined> {
	try {
		const { mtimeMs, isFile } = await fs.stat(file).then((stats) => ({ mtimeMs: stats.mtimeMs, isFile: stats.isFile() }));
		if (!isFile) return undefined;
		if (known && known.mtimeMs === mtimeMs) return known;
		return { file, mtimeMs, dependencies: manifestDependencies(path.basename(file), await fs.readFile(file, 'utf8')) };
	} catch {
		return undefined;
	}
}
