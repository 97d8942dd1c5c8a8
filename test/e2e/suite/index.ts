// Entry point the extension host loads through `extensionTestsPath`: runs every
// compiled *.e2e.js suite beside it with mocha (TDD UI) inside the real extension host.
// Progress goes to the results file named in run-config.json (one JSON line per event),
// since the host's own console is not a reliable channel; the exit code goes back to the
// harness through the workbench's codeAutomationExit.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { runConfig } from './helpers';

export async function run(): Promise<void> {
	const config = runConfig();
	const write = (event: Record<string, unknown>) => fs.appendFileSync(config.resultsFile, `${JSON.stringify(event)}\n`);
	const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
	if (config.grep) mocha.grep(config.grep);
	const files = fs
		.readdirSync(__dirname)
		.filter((file) => file.endsWith('.e2e.js'))
		.sort();
	for (const file of files) mocha.addFile(path.join(__dirname, file));
	write({ event: 'start', files });
	await new Promise<void>((resolve, reject) => {
		try {
			const runner = mocha.run((failures) => {
				write({ event: 'end', failures });
				if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
				else resolve();
			});
			const title = (test: Mocha.Runnable) => test.fullTitle();
			runner.on('pass', (test) => write({ event: 'pass', title: title(test), ms: test.duration }));
			runner.on('fail', (test, error: Error) => write({ event: 'fail', title: title(test), error: String(error?.stack ?? error) }));
			runner.on('pending', (test) => write({ event: 'skip', title: title(test) }));
		} catch (error) {
			write({ event: 'end', failures: -1, error: String((error as Error)?.stack ?? error) });
			reject(error);
		}
	});
}
