// `http-guard`: parses the command, dispatches to it and returns its exit code.
// Exit codes: 0 nothing found, 1 findings, 2 bad usage, bad config or an unreadable path
// (with one line on stderr saying what is wrong). `run` takes its I/O as an argument so
// tests call it in-process; the bottom of the file runs it when this is the script.
import pkg from '../../package.json';
import { runCheck } from './check';
import { HELP } from './help';
import { runExplain } from './explain';
import { runFix } from './fix';

export interface CliIo {
	stdout(s: string): void;
	stderr(s: string): void;
	readStdin(): Promise<string>;
	/** The working folder paths are resolved against (default: the process's). */
	cwd?: string;
	/** Environment for NO_COLOR (default: the process's). */
	env?: Record<string, string | undefined>;
	/** Colour is used only when stdout is a terminal. */
	stdoutIsTTY?: boolean;
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
	const [command, ...rest] = argv;
	try {
		switch (command) {
			case undefined:
				io.stderr(`http-guard: missing command; run 'http-guard --help' for usage\n`);
				return 2;
			case '-h':
			case '--help':
			case 'help':
				io.stdout(HELP);
				return 0;
			case '-v':
			case '--version':
				io.stdout(`${pkg.version}\n`);
				return 0;
			case 'check':
				return await runCheck(rest, io);
			case 'explain':
				return await runExplain(rest, io);
			case 'fix':
				return await runFix(rest, io);
			default: {
				const what = command.startsWith('-') ? 'option' : 'command';
				io.stderr(`http-guard: unknown ${what} '${command.slice(0, 60)}'; run 'http-guard --help' for usage\n`);
				return 2;
			}
		}
	} catch (error) {
		// A bug of ours: still one line, and not exit 1 (which means "findings").
		const message = error instanceof Error ? error.message : String(error);
		io.stderr(`http-guard: internal error: ${message.split('\n')[0]}\n`);
		return 2;
	}
}

function readStdin(): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
		process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		process.stdin.on('error', reject);
	});
}

if (require.main === module) {
	// `http-guard check | head` closes the pipe early: that is not an error.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
		throw error;
	});
	const io: CliIo = {
		stdout: (s) => process.stdout.write(s),
		stderr: (s) => process.stderr.write(s),
		readStdin,
		cwd: process.cwd(),
		env: process.env,
		stdoutIsTTY: process.stdout.isTTY === true,
	};
	void run(process.argv.slice(2), io).then((code) => {
		process.exitCode = code;
	});
}
