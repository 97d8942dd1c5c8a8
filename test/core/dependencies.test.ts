// Project dependencies: each manifest format read into package names, a broken manifest
// read as none, and the lookup that merges the manifests of a file's folder and its parents.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProjectDependencies } from '../../src/workspace/project-dependencies';
import { manifestDependencies, manifestKind } from '../../src/core/dependencies';

const names = (fileName: string, text: string) => [...manifestDependencies(fileName, text)].sort();

describe('project dependencies', () => {
	it('reads every dependency section of package.json', () => {
		const text = JSON.stringify({ name: 'app', dependencies: { axios: '^1' }, devDependencies: { 'p-retry': '^6' }, peerDependencies: { react: '*' }, optionalDependencies: { 'axios-retry': '4' }, scripts: { test: 'mocha' } });
		assert.deepEqual(names('package.json', text), ['axios', 'axios-retry', 'p-retry', 'react']);
	});

	it('reads requirements files: PEP 503 names, no options, comments, markers or extras', () => {
		const text = [
			'# pinned',
			'-r base.txt',
			'--index-url https://pypi.example.com/simple',
			'-e .',
			'Requests[socks]>=2.31 ; python_version >= "3.8"',
			'tenacity==8.2.3  # retries',
			'Back_Off.Lib~=2.2 \\',
			'    --hash=sha256:abc',
			'urllib3 @ https://files.example.com/urllib3-2.2.0.whl',
			'https://files.example.com/some.whl',
		].join('\n');
		assert.deepEqual(names('requirements-dev.txt', text), ['back-off-lib', 'requests', 'tenacity', 'urllib3']);
	});

	it('reads pyproject.toml: PEP 621, optional dependencies, dependency groups and Poetry', () => {
		const text = [
			'[project]',
			'name = "svc"',
			'dependencies = [',
			'  "requests>=2",',
			'  "Tenacity[doc] ; python_version > \'3.8\'",',
			']',
			'[project.optional-dependencies]',
			'retry = ["backoff>=2"]',
			'[dependency-groups]',
			'test = ["pytest", { include-group = "lint" }]',
			'[tool.poetry.dependencies]',
			'python = "^3.11"',
			'httpx = "^0.27"',
			'[tool.poetry.group.dev.dependencies]',
			'Ruff_Lint = "*"',
		].join('\n');
		assert.deepEqual(names('pyproject.toml', text), ['backoff', 'httpx', 'pytest', 'requests', 'ruff-lint', 'tenacity']);
	});

	it('reads go.mod require lines and blocks', () => {
		const text = ['module example.com/svc', '', 'go 1.22', '', 'require github.com/cenkalti/backoff/v4 v4.3.0', 'require (', '\tgolang.org/x/net v0.25.0 // indirect', '\tgithub.com/hashicorp/go-retryablehttp v0.7.7', ')', 'replace foo.com/bar => ../bar'].join('\n');
		assert.deepEqual(names('go.mod', text), ['github.com/cenkalti/backoff/v4', 'github.com/hashicorp/go-retryablehttp', 'golang.org/x/net']);
	});

	it('reads pom.xml dependencies, not exclusions, plugins or comments', () => {
		const text = `<project><dependencies>
			<dependency><groupId>io.github.resilience4j</groupId><artifactId>resilience4j-retry</artifactId><version>2.2.0</version>
				<exclusions><exclusion><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId></exclusion></exclusions></dependency>
			<!-- <dependency><groupId>old</groupId><artifactId>gone</artifactId></dependency> -->
			<dependency>
				<groupId>com.squareup.okhttp3</groupId>
				<artifactId>okhttp</artifactId>
			</dependency>
		</dependencies><build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId></plugin></plugins></build></project>`;
		assert.deepEqual(names('pom.xml', text), ['com.squareup.okhttp3:okhttp', 'io.github.resilience4j:resilience4j-retry']);
	});

	it('reads build.gradle and build.gradle.kts coordinates in dependency configurations', () => {
		const groovy = "plugins { id 'java' }\ndependencies {\n  implementation 'io.github.resilience4j:resilience4j-retry:2.2.0'\n  testImplementation \"org.junit.jupiter:junit-jupiter:5.10.0\"\n  api group: 'com.squareup.okhttp3', name: 'okhttp', version: '4.12.0'\n  // implementation 'commented:out:1'\n}";
		assert.deepEqual(names('build.gradle', groovy), ['com.squareup.okhttp3:okhttp', 'io.github.resilience4j:resilience4j-retry', 'org.junit.jupiter:junit-jupiter']);
		const kotlin = 'dependencies {\n  implementation("dev.failsafe:failsafe:3.3.2")\n  implementation(platform("com.squareup.okhttp3:okhttp-bom:4.12.0"))\n}';
		assert.deepEqual(names('build.gradle.kts', kotlin), ['com.squareup.okhttp3:okhttp-bom', 'dev.failsafe:failsafe']);
	});

	it('reads PackageReference includes from a .csproj', () => {
		const text = '<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>\n<PackageReference Include="Polly" Version="8.4.0" />\n<PackageReference Version="8.0.0" Include="Microsoft.Extensions.Http.Resilience"></PackageReference>\n<!-- <PackageReference Include="Old" /> -->\n<ProjectReference Include="..\\Lib\\Lib.csproj" />\n</ItemGroup></Project>';
		assert.deepEqual(names('Api.csproj', text), ['Microsoft.Extensions.Http.Resilience', 'Polly']);
	});

	it('reads a malformed manifest as declaring nothing, and ignores other files', () => {
		assert.deepEqual(names('package.json', '{ "dependencies": { "p-retry": '), []);
		assert.deepEqual(names('package.json', '[1, 2]'), []);
		assert.deepEqual(names('pyproject.toml', '[project\ndependencies = ["requests"'), []);
		assert.deepEqual(names('pom.xml', '<dependency><groupId>a</groupId>'), []);
		assert.deepEqual(names('README.md', '"p-retry": "1"'), []);
		assert.equal(manifestKind('requirements.in'), undefined);
	});

	describe('lookup', () => {
		let root: string;
		beforeEach(() => {
			root = fs.mkdtempSync(path.join(os.tmpdir(), 'http-guard-deps-'));
		});
		afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

		it('merges the manifests of the folder and its parents, up to the repository root', async () => {
			const repo = path.join(root, 'repo');
			const service = path.join(repo, 'services', 'billing');
			fs.mkdirSync(path.join(service, 'src'), { recursive: true });
			fs.mkdirSync(path.join(repo, '.git'));
			fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { 'outside-the-repo': '1' } }));
			fs.writeFileSync(path.join(repo, 'package.json'), JSON.stringify({ devDependencies: { 'p-retry': '6' } }));
			fs.writeFileSync(path.join(service, 'requirements.txt'), 'tenacity\n');
			const lookup = new ProjectDependencies();
			const found = await lookup.forFile(path.join(service, 'src', 'client.ts'));
			assert.deepEqual([...found].sort(), ['p-retry', 'tenacity']);
			// A workspace root stops the walk too.
			assert.deepEqual([...(await lookup.forFile(path.join(service, 'src', 'client.ts'), [service]))], ['tenacity']);
		});

		it('sees an edited or new manifest when it revalidates', async () => {
			fs.mkdirSync(path.join(root, '.git'));
			const manifest = path.join(root, 'package.json');
			fs.writeFileSync(manifest, JSON.stringify({ dependencies: { axios: '1' } }));
			const lookup = new ProjectDependencies({ revalidate: true });
			const file = path.join(root, 'index.js');
			assert.deepEqual([...(await lookup.forFile(file))], ['axios']);
			fs.writeFileSync(manifest, JSON.stringify({ dependencies: { axios: '1', 'axios-retry': '4' } }));
			const later = new Date(Date.now() + 5000);
			fs.utimesSync(manifest, later, later);
			fs.writeFileSync(path.join(root, 'requirements.txt'), 'backoff\n');
			fs.utimesSync(root, later, later);
			assert.deepEqual([...(await lookup.forFile(file))].sort(), ['axios', 'axios-retry', 'backoff']);
		});
	});
});
