// 1xx: interim responses. Clients consume them before the final response; code rarely sees them.

import type { StatusData } from './define';

const INTERIM = 'Neither: an interim response is part of normal operation. If your code sees it as the final status, the client library or a proxy mishandled it.';

export const INFORMATIONAL: StatusData[] = [
	{
		code: 100, rfc: [9110, '15.2.1'],
		summary: 'The server has the request headers; the client may send the body.',
		meaning: 'An interim answer to a request that carried `Expect: 100-continue`. The client waits for it before uploading a large body, so a rejected request (401, 413) costs no upload. The final status follows.',
		client: ['The client sent `Expect: 100-continue` (curl does so for large uploads, .NET when `ExpectContinue` is set).'],
		fix: ['Nothing to fix. If your code treats 100 as the final status, upgrade the client or stop sending `Expect: 100-continue`.'],
		retry: 'not-an-error', headers: { Expect: 'The request header that asks for this interim response.' },
		side: 'none', sideNote: INTERIM,
	},
	{
		code: 101, rfc: [9110, '15.2.2'],
		summary: 'The server is switching to the protocol the client asked for in Upgrade.',
		meaning: 'The connection changes protocol after this response, most often to WebSocket. What follows on the connection is no longer HTTP/1.1.',
		client: ['The client sent `Upgrade: websocket` (or another protocol) with `Connection: Upgrade`.'],
		fix: ['Nothing to fix for a WebSocket handshake. If you expected an ordinary response, remove the `Upgrade` header.'],
		retry: 'not-an-error', headers: { Upgrade: 'The protocol being switched to.', Connection: 'Must list `Upgrade`.' },
		side: 'none', sideNote: INTERIM,
	},
	{
		code: 102, rfc: [2518, '10.1'],
		summary: 'WebDAV: the server is still working on the request (deprecated).',
		meaning: 'An interim response a WebDAV server may send during a long operation so the client does not time out. RFC 4918 dropped it; few servers send it today.',
		server: ['A WebDAV server processing a long COPY, MOVE or PROPFIND.'],
		fix: ['Nothing to fix; wait for the final response. If your client times out first, raise its read timeout.'],
		retry: 'not-an-error',
		side: 'none', sideNote: INTERIM,
	},
	{
		code: 103, rfc: [8297, '2'],
		summary: 'Early hints: headers (usually Link preload) sent before the final response.',
		meaning: 'The server sends `Link` headers early so a browser can preload resources while the page is generated. Non-browser clients ignore it.',
		server: ['The server or CDN (Cloudflare, Fastly) has Early Hints enabled.'],
		fix: ['Nothing to fix. Headers in a 103 are hints only; read the final response\'s headers.'],
		retry: 'not-an-error', headers: { Link: 'Resources to preload or preconnect to.' },
		side: 'none', sideNote: INTERIM,
	},
	{
		code: 104, provisional: true,
		source: { spec: 'draft-ietf-httpbis-resumable-upload (temporary IANA registration)', reference: { title: 'Resumable Uploads for HTTP (IETF draft)', url: 'https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload/' } },
		summary: 'The server supports resumable uploads and says where to resume this one.',
		meaning: 'An interim response from the IETF resumable-upload draft. It gives the client the URL of an upload resource, so an interrupted upload can continue from the last byte the server stored instead of starting over. The registration is provisional.',
		server: ['The server implements the resumable-upload draft and the client announced support for it.'],
		fix: ['Nothing to fix. Keep the upload URL from `Location` if you want to resume after a network failure.'],
		retry: 'not-an-error', headers: { Location: 'The upload resource to query and resume.' },
		side: 'none', sideNote: INTERIM,
	},
];
