// 3xx: redirection. Not failures, but the source of surprising 401s and lost request bodies.

import type { StatusData } from './define';

const MOVED = 'Neither, usually: the resource lives at another URL. Update your configuration so you stop paying for the extra round trip.';
const NORMAL = 'Neither: this is normal behaviour.';
const AUTH_DROP = 'After a redirect to another host, clients drop the `Authorization` header (fetch, requests, Go), so a redirect can end in a 401.';

export const REDIRECTION: StatusData[] = [
	{
		code: 300, rfc: [9110, '15.4.1'],
		summary: 'Several representations are available; choose one.',
		meaning: 'The server offers alternatives (languages, formats) and lets the client pick. `Location` may name the preferred one. Rare in APIs.',
		server: ['The server uses agent-driven content negotiation.'],
		fix: ['Request one of the listed alternatives directly, or follow `Location` when present.'],
		retry: 'follow-redirect', headers: { Location: 'The server\'s preferred choice, if any.' },
		side: 'none', sideNote: MOVED,
	},
	{
		code: 301, rfc: [9110, '15.4.2'],
		summary: 'The resource moved for good; use the new URL from now on.',
		meaning: 'A permanent redirect. Clients follow it, and many change POST into GET when they do, which silently drops the body.',
		client: ['The URL uses http:// instead of https://, lacks or adds a trailing slash, or names an old API version or domain.', AUTH_DROP],
		fix: ['Update the URL in your configuration to the `Location` value.', 'For non-GET requests, use the final URL directly, or expect the server to use 308, which keeps the method.'],
		retry: 'follow-redirect', headers: { Location: 'The new URL.' },
		side: 'client', sideNote: MOVED,
	},
	{
		code: 302, rfc: [9110, '15.4.3'],
		summary: 'The resource is temporarily at another URL.',
		meaning: 'A temporary redirect; keep using the original URL. Clients usually turn POST into GET when following it. In APIs, a 302 to a login page often means the request was not authenticated.',
		client: ['The request hit a web login flow (SSO) instead of the API, usually because credentials were missing.', AUTH_DROP],
		server: ['Load balancing or maintenance redirects.'],
		fix: ['If `Location` points at a login page, send API credentials (token, API key) instead of relying on a browser session.', 'For non-GET requests that must keep their method, the server should use 307.'],
		retry: 'follow-redirect', headers: { Location: 'Where to go this time.' },
		side: 'either', sideNote: 'Usually neither; but a 302 to a login page means your request was not authenticated, which is on your side.',
	},
	{
		code: 303, rfc: [9110, '15.4.4'],
		summary: 'See the result at another URL, with GET.',
		meaning: 'Typically sent after a POST: the result (or a status resource) is at `Location` and must be fetched with GET.',
		server: ['Post/redirect/get pattern, or an asynchronous job pointing at its status.'],
		fix: ['Follow with GET; most clients do it automatically.'],
		retry: 'follow-redirect', headers: { Location: 'Where to GET the result.' },
		side: 'none', sideNote: NORMAL,
	},
	{
		code: 304, rfc: [9110, '15.4.5'],
		summary: 'Not modified: the cached copy is still valid.',
		meaning: 'The answer to a conditional GET (`If-None-Match`, `If-Modified-Since`). There is no body; use the copy you have.',
		client: ['The request sent a validator that still matches (it may come from the browser or a caching layer, not your code).'],
		fix: ['Use the cached representation. If your code got a 304 it did not ask for, a cache added the validator; read the body from the cache or remove the conditional header.'],
		retry: 'not-an-error', headers: { ETag: 'The current version tag.', 'Cache-Control': 'How long the copy may be reused.' },
		side: 'none', sideNote: NORMAL,
	},
	{
		code: 305, rfc: [9110, '15.4.6'],
		summary: 'Deprecated: access the resource through a proxy.',
		meaning: 'Once asked the client to repeat the request through the proxy in `Location`. It is deprecated for security reasons and clients ignore it.',
		server: ['A very old server or a misconfiguration.'],
		fix: ['Do not follow it. If you really need a proxy, configure it in the client yourself.'],
		retry: 'never',
		side: 'server', sideNote: 'Theirs: the server sends a deprecated code that clients must not act on.',
	},
	{
		code: 306, rfc: [9110, '15.4.7'], registryName: '(Unused)',
		summary: 'Reserved; no longer used.',
		meaning: 'Was "Switch Proxy" in a draft specification. It is reserved and has no meaning today.',
		server: ['A buggy or experimental server.'],
		fix: ['Treat it as an unknown 3xx: report it to the server owner.'],
		retry: 'never',
		side: 'server', sideNote: 'Theirs: no correct server sends 306.',
	},
	{
		code: 307, rfc: [9110, '15.4.8'],
		summary: 'Temporary redirect that keeps the method and body.',
		meaning: 'Repeat the same request, same method and body, at `Location`, and keep using the original URL afterwards. Also used by HSTS-aware browsers internally (an "Internal Redirect" to https).',
		client: ['The service is moving traffic temporarily, or the URL uses http:// and the site enforces https.', AUTH_DROP],
		fix: ['Let the client follow it. With a streamed body, the client may be unable to resend it: buffer the body or send to the final URL.'],
		retry: 'follow-redirect', headers: { Location: 'Where to repeat the request this time.' },
		side: 'none', sideNote: MOVED,
	},
	{
		code: 308, rfc: [9110, '15.4.9'],
		summary: 'Permanent redirect that keeps the method and body.',
		meaning: 'Like 301, but the client must not change POST to GET. First defined in RFC 7538, now part of RFC 9110.',
		client: ['An old URL, http:// instead of https://, or a trailing-slash rule (Next.js, Vercel and others answer 308).', AUTH_DROP],
		fix: ['Update your configuration to the `Location` URL.'],
		retry: 'follow-redirect', headers: { Location: 'The new URL.' },
		side: 'client', sideNote: MOVED,
		links: [{ title: 'RFC 7538 (the original definition)', url: 'https://www.rfc-editor.org/rfc/rfc7538' }],
	},
];
