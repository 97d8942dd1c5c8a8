// `http-guard explain "<status code, error message or header>" [--format text|json|markdown]`
// `-` reads the text from stdin. Exit 0 for any explanation (including "not recognised"),
// 2 for bad usage with a one-line reason on stderr.

import { explain, renderMarkdown, renderText } from '../core/knowledge/index';

export interface ExplainIo {
	stdout: (s: string) => void;
	stderr: (s: string) => void;
	readStdin: () => Promise<string>;
}

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = 'usage: http-guard explain "<status code, error message or header>" [--format text|json|markdown] (use - to read stdin)';

/** Stdin is capped so that `cat huge.log | http-guard explain -` stays fast. */
const MAX_STDIN = 10 * 1024 * 1024;

export async function runExplain(args: string[], io: ExplainIo): Promise<number> {
	let format: Format = 'text';
	let color = false;
	const words: string[] = [];
	let endOfOptions = false;
	for (let i = 0; i < args.length; i++) {
		const a = args[i]!;
		if (endOfOptions || a === '-' || !a.startsWith('-')) {
			words.push(a);
			continue;
		}
		if (a === '--') {
			endOfOptions = true;
		} else if (a === '-h' || a === '--help') {
			io.stdout(`${USAGE}\n`);
			return 0;
		} else if (a === '--color') {
			color = true;
		} else if (a === '--format' || a.startsWith('--format=')) {
			const value = a === '--format' ? args[++i] : a.slice('--format='.length);
			if (value === undefined || !(FORMATS as readonly string[]).includes(value)) {
				io.stderr(`http-guard explain: --format must be text, json or markdown${value === undefined ? '' : `, not "${value.slice(0, 40)}"`}\n`);
				return 2;
			}
			format = value as Format;
		} else {
			io.stderr(`http-guard explain: unknown option "${a.slice(0, 40)}"; ${USAGE}\n`);
			return 2;
		}
	}
	if (words.length === 0) {
		io.stderr(`http-guard explain: nothing to explain; ${USAGE}\n`);
		return 2;
	}
	let text: string;
	if (words.length === 1 && words[0] === '-') {
		try {
			text = await io.readStdin();
		} catch (err) {
			io.stderr(`http-guard explain: cannot read stdin: ${err instanceof Error ? err.message : String(err)}\n`);
			return 2;
		}
		if (text.length > MAX_STDIN) text = text.slice(0, MAX_STDIN);
	} else {
		text = words.join(' ');
	}
	if (text.trim().length === 0) {
		io.stderr(`http-guard explain: the text to explain is empty; ${USAGE}\n`);
		return 2;
	}
	const e = explain(text);
	if (format === 'json') io.stdout(`${JSON.stringify(e, null, 2)}\n`);
	else if (format === 'markdown') io.stdout(renderMarkdown(e));
	else io.stdout(renderText(e, { color }));
	return 0;
}
