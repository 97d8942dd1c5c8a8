// Edit builders for "Disable <rule> for this line / file" (src/core/fixes/suppression.ts).
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../src/core/fixes/edits';
import { disableForFileEdits, disableForLineEdits } from '../../src/core/fixes/suppression';
import { isSuppressed, parseSuppressions } from '../../src/core/suppressions';

describe('suppression edits', () => {
	it('inserts a next-line comment with the line indentation', () => {
		const text = 'def f(u):\n    r = requests.get(u)\n';
		const out = applyEdits(text, disableForLineEdits(text, 1, 'missing-request-timeout', '#'));
		assert.equal(out, 'def f(u):\n    # http-guard-disable-next-line missing-request-timeout\n    r = requests.get(u)\n');
		assert.ok(isSuppressed(parseSuppressions(out, '#'), 'missing-request-timeout', 2));
	});

	it('keeps tabs and CRLF, and adds a reason after --', () => {
		const text = 'function f() {\r\n\t\twhile (true) fetch(u);\r\n}\r\n';
		const out = applyEdits(text, disableForLineEdits(text, 1, 'tight-retry-loop', '//', 'load test only'));
		assert.equal(out, 'function f() {\r\n\t\t// http-guard-disable-next-line tight-retry-loop -- load test only\r\n\t\twhile (true) fetch(u);\r\n}\r\n');
	});

	it('extends an existing next-line comment instead of stacking another', () => {
		const text = '  // http-guard-disable-next-line unbounded-retry -- reason\n  while (true) fetch(u);\n';
		const out = applyEdits(text, disableForLineEdits(text, 1, 'tight-retry-loop', '//'));
		assert.equal(out, '  // http-guard-disable-next-line unbounded-retry, tight-retry-loop -- reason\n  while (true) fetch(u);\n');
		const suppressions = parseSuppressions(out, '//');
		assert.ok(isSuppressed(suppressions, 'tight-retry-loop', 1));
		assert.ok(isSuppressed(suppressions, 'unbounded-retry', 1));
	});

	it('does nothing when the rule is already disabled there', () => {
		const text = '# http-guard-disable-next-line missing-request-timeout\nrequests.get(u)\n';
		assert.deepEqual(disableForLineEdits(text, 1, 'missing-request-timeout', '#'), []);
	});

	it('puts the file comment after a shebang and an encoding line', () => {
		const text = '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\nimport requests\n';
		const out = applyEdits(text, disableForFileEdits(text, 'missing-request-timeout', '#'));
		assert.equal(out, '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# http-guard-disable-file missing-request-timeout\nimport requests\n');
		const js = '#!/usr/bin/env node\nfetch(u);\n';
		assert.equal(applyEdits(js, disableForFileEdits(js, 'unchecked-response-status', '//')), '#!/usr/bin/env node\n// http-guard-disable-file unchecked-response-status\nfetch(u);\n');
	});

	it('extends a file comment in the leading comment block', () => {
		const text = '// Copyright\n// http-guard-disable-file unbounded-retry\nfetch(u);\n';
		const out = applyEdits(text, disableForFileEdits(text, 'tight-retry-loop', '//'));
		assert.equal(out, '// Copyright\n// http-guard-disable-file unbounded-retry, tight-retry-loop\nfetch(u);\n');
		assert.ok(isSuppressed(parseSuppressions(out, '//'), 'tight-retry-loop', 2));
	});

	it('copes with a file that is only a shebang', () => {
		const text = '#!/usr/bin/env node';
		assert.equal(applyEdits(text, disableForFileEdits(text, 'tight-retry-loop', '//')), '#!/usr/bin/env node\n// http-guard-disable-file tight-retry-loop');
	});
});
