// The packages a project declares, read from its manifest texts (no file system here: the
// CLI and the server find and read the files). Names are the ones the package manager uses,
// so a fixer can ask "does the project depend on p-retry / tenacity / Polly?". A manifest
// that does not parse declares nothing: a broken file must not break a fix.
import { parse as parseToml } from 'smol-toml';

/** The manifest formats, by what their file is called. */
export type ManifestKind = 'npm' | 'requirements' | 'pyproject' | 'go' | 'maven' | 'gradle' | 'nuget';

/** Which manifest a file name is, if any: `package.json`, `requirements-dev.txt`, `App.csproj`... */
export function manifestKind(fileName: string): ManifestKind | undefined {
	if (fileName === 'package.json') return 'npm';
	if (/^requirements.*\.txt$/i.test(fileName)) return 'requirements';
	if (fileName === 'pyproject.toml') return 'pyproject';
	if (fileName === 'go.mod') return 'go';
	if (fileName === 'pom.xml') return 'maven';
	if (fileName === 'build.gradle' || fileName === 'build.gradle.kts') return 'gradle';
	if (/\.csproj$/i.test(fileName)) return 'nuget';
	return undefined;
}

/** The packages a manifest declares; empty for a file that is not a manifest or does not parse. */
export function manifestDependencies(fileName: string, text: string): Set<string> {
	const kind = manifestKind(fileName);
	if (!kind) return new Set();
	try {
		return READERS[kind](text);
	} catch {
		return new Set();
	}
}

const READERS: Record<ManifestKind, (text: string) => Set<string>> = {
	npm: npmDependencies,
	requirements: requirementsDependencies,
	pyproject: pyprojectDependencies,
	go: goDependencies,
	maven: mavenDependencies,
	gradle: gradleDependencies,
	nuget: nugetDependencies,
};

const NPM_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

function isTable(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function npmDependencies(text: string): Set<string> {
	const manifest: unknown = JSON.parse(text);
	const names = new Set<string>();
	if (!isTable(manifest)) return names;
	for (const section of NPM_SECTIONS) {
		const table = manifest[section];
		if (isTable(table)) for (const name of Object.keys(table)) names.add(name);
	}
	return names;
}

/** A Python distribution name as PEP 503 compares them: `Tenacity`, `back_off` -> `tenacity`, `back-off`. */
export function normalizePythonName(name: string): string {
	return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The name of a PEP 508 requirement (`tenacity[asyncio]>=8; python_version>"3.8"`), if it has one. */
function requirementName(requirement: string): string | undefined {
	const match = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(requirement);
	return match ? normalizePythonName(match[1]) : undefined;
}

export function requirementsDependencies(text: string): Set<string> {
	const names = new Set<string>();
	// A trailing backslash continues the line (hashes on the next lines).
	for (const raw of text.replace(/\\\r?\n/g, ' ').split(/\r?\n/)) {
		const line = raw.replace(/(^|\s)#.*$/, '').trim();
		// `-r other.txt`, `-e .`, `--index-url ...`: options, not requirements; a bare URL names no package here.
		if (!line || line.startsWith('-') || /^[a-z+]+:\/\//i.test(line)) continue;
		const name = requirementName(line);
		if (name) names.add(name);
	}
	return names;
}

export function pyprojectDependencies(text: string): Set<string> {
	const document = parseToml(text) as Record<string, unknown>;
	const names = new Set<string>();
	const addRequirements = (list: unknown) => {
		if (!Array.isArray(list)) return;
		for (const item of list) {
			const name = typeof item === 'string' ? requirementName(item) : undefined;
			if (name) names.add(name);
		}
	};
	const addKeys = (table: unknown) => {
		if (!isTable(table)) return;
		for (const key of Object.keys(table)) if (key.toLowerCase() !== 'python') names.add(normalizePythonName(key));
	};
	// PEP 621.
	const project = document.project;
	if (isTable(project)) {
		addRequirements(project.dependencies);
		if (isTable(project['optional-dependencies'])) Object.values(project['optional-dependencies']).forEach(addRequirements);
	}
	// PEP 735 dependency groups (entries may also be `{ include-group = ... }` tables, which name no package).
	if (isTable(document['dependency-groups'])) Object.values(document['dependency-groups']).forEach(addRequirements);
	// Poetry: the main table, the old dev table, and groups.
	const tool = document.tool;
	const poetry = isTable(tool) ? tool.poetry : undefined;
	if (isTable(poetry)) {
		addKeys(poetry.dependencies);
		addKeys(poetry['dev-dependencies']);
		if (isTable(poetry.group)) for (const group of Object.values(poetry.group)) if (isTable(group)) addKeys(group.dependencies);
	}
	return names;
}

export function goDependencies(text: string): Set<string> {
	const names = new Set<string>();
	const code = text.replace(/\/\/.*$/gm, '');
	for (const block of code.matchAll(/^\s*require\s*\(([^)]*)\)/gm)) {
		for (const line of block[1].split('\n')) {
			const path = /^\s*(\S+)\s+v\S+/.exec(line)?.[1];
			if (path) names.add(path);
		}
	}
	for (const single of code.matchAll(/^\s*require\s+([^\s(]+)\s+v\S+/gm)) names.add(single[1]);
	return names;
}

/** The text of the first `<tag>` element in an XML fragment, trimmed. */
function xmlElement(xml: string, tag: string): string | undefined {
	return new RegExp(`<${tag}>\\s*([^<]*?)\\s*</${tag}>`).exec(xml)?.[1];
}

export function mavenDependencies(text: string): Set<string> {
	const names = new Set<string>();
	const xml = text.replace(/<!--[\s\S]*?-->/g, '');
	if (!/<project[\s>]/.test(xml)) return names;
	for (const dependency of xml.matchAll(/<dependency>([\s\S]*?)<\/dependency>/g)) {
		// An exclusion names a package that is *not* wanted.
		const body = dependency[1].replace(/<exclusions>[\s\S]*?<\/exclusions>/g, '');
		const group = xmlElement(body, 'groupId');
		const artifact = xmlElement(body, 'artifactId');
		if (group && artifact) names.add(`${group}:${artifact}`);
	}
	return names;
}

/** Gradle's dependency configurations: `implementation`, `api`, `testImplementation`, `kapt`... */
const GRADLE_CONFIGURATION = String.raw`(?:\w*(?:[iI]mplementation|[aA]pi|[cC]ompileOnly|[rR]untimeOnly|[cC]ompile|[rR]untime)|kapt|ksp|annotationProcessor|classpath)`;

export function gradleDependencies(text: string): Set<string> {
	const names = new Set<string>();
	const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
	// `implementation 'group:artifact:1.0'`, `implementation("group:artifact:1.0")`, `api(platform("group:bom:1.0"))`.
	const coordinate = new RegExp(String.raw`\b${GRADLE_CONFIGURATION}\s*\(?\s*(?:(?:platform|enforcedPlatform)\s*\(\s*)?['"]([\w.-]+):([\w.-]+)(?::[^'"]*)?['"]`, 'g');
	for (const match of code.matchAll(coordinate)) names.add(`${match[1]}:${match[2]}`);
	// `implementation group: 'group', name: 'artifact', version: '1.0'` (and the Kotlin `group = ...` form).
	const map = new RegExp(String.raw`\b${GRADLE_CONFIGURATION}\s*\(?\s*group\s*[:=]\s*['"]([\w.-]+)['"]\s*,\s*name\s*[:=]\s*['"]([\w.-]+)['"]`, 'g');
	for (const match of code.matchAll(map)) names.add(`${match[1]}:${match[2]}`);
	return names;
}

export function nugetDependencies(text: string): Set<string> {
	const names = new Set<string>();
	const xml = text.replace(/<!--[\s\S]*?-->/g, '');
	for (const match of xml.matchAll(/<PackageReference\b[^>]*?\bInclude\s*=\s*"([^"]+)"/gi)) names.add(match[1].trim());
	return names;
}
