// The log and plain-text status scanner (src/core/log-status.ts).
import * as assert from 'node:assert/strict';
import { findStatusMentions, statusMentionAt } from '../../src/core/log-status';

function codes(text: string): number[] {
	return findStatusMentions(text).map((mention) => mention.code);
}

describe('log status scanner', () => {
	it('finds status lines and access-log statuses', () => {
		assert.deepEqual(codes('HTTP/1.1 503 Service Unavailable'), [503]);
		assert.deepEqual(codes('< HTTP/2 429'), [429]);
		assert.deepEqual(codes('10.0.0.1 - - [01/May/2024] "GET /x HTTP/1.1" 404 512'), [404]);
	});

	it('finds status keys', () => {
		assert.deepEqual(codes('level=warn status=429 path=/api'), [429]);
		assert.deepEqual(codes('{"status": 500, "msg": "boom"}'), [500]);
		assert.deepEqual(codes('status_code=401'), [401]);
		assert.deepEqual(codes('statusCode: 502'), [502]);
		assert.deepEqual(codes('http.status_code=503'), [503]);
	});

	it('finds a code followed by its own reason phrase, and common client phrasings', () => {
		assert.deepEqual(codes('request failed: 401 Unauthorized'), [401]);
		assert.deepEqual(codes('403 Forbidden'), [403]);
		assert.deepEqual(codes('Error: Request failed with status code 401'), [401]);
		assert.deepEqual(codes('requests.exceptions.HTTPError: 403 Client Error: Forbidden for url'), [403]);
		assert.deepEqual(codes('urllib.error.HTTPError: HTTP Error 429: Too Many Requests'), [429]);
	});

	it('ignores numbers that are not statuses', () => {
		assert.deepEqual(codes('took 401 ms'), []);
		assert.deepEqual(codes('user 403 logged in'), []);
		assert.deepEqual(codes('200 Unauthorized'), []); // the phrase must match the code
		assert.deepEqual(codes('status=999'), []);
		assert.deepEqual(codes('port 4011 status=1401'), []);
		assert.deepEqual(codes('x'.repeat(5000) + ' status=429'), []); // huge lines are skipped
	});

	it('reports each number once, at the digits', () => {
		const text = 'HTTP/1.1 401 Unauthorized';
		const mentions = findStatusMentions(text);
		assert.equal(mentions.length, 1);
		assert.equal(text.slice(mentions[0].startIndex, mentions[0].endIndex), '401');
	});

	it('finds the mention under the cursor on any line', () => {
		const text = 'first line\nGET /x -> status=429\nlast';
		const at = text.indexOf('429');
		assert.equal(statusMentionAt(text, at)?.code, 429);
		assert.equal(statusMentionAt(text, at + 3)?.code, 429);
		assert.equal(statusMentionAt(text, at + 4), undefined);
		assert.equal(statusMentionAt(text, 2), undefined);
	});
});
