// Codes outside the IANA registry that developers meet anyway. Each names who sends it.

import type { Link } from '../types';
import type { StatusData } from './define';

const WIKI: Link = { title: 'Wikipedia: unofficial HTTP status codes', url: 'https://en.wikipedia.org/wiki/List_of_HTTP_status_codes#Unofficial_codes' };
const CLOUDFLARE: Link = { title: 'Cloudflare: 5xx errors', url: 'https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-5xx-errors/' };
const NGINX: Link = { title: 'nginx: ngx_http_core_module', url: 'https://nginx.org/en/docs/http/ngx_http_core_module.html' };
const NGINX_SSL: Link = { title: 'nginx: ngx_http_ssl_module (error processing)', url: 'https://nginx.org/en/docs/http/ngx_http_ssl_module.html#errors' };
const ALB: Link = { title: 'AWS: troubleshoot Application Load Balancers', url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html' };
const IIS: Link = { title: 'Microsoft: HTTP status codes in IIS', url: 'https://learn.microsoft.com/en-us/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-status-code' };

function src(spec: string, reference: Link): { spec: string; reference: Link } {
	return { spec, reference };
}

const CF_ORIGIN = 'Theirs (the site owner\'s): Cloudflare could not get a good answer from the origin server. Nothing in your request causes it.';
const NGINX_LOG = 'This code is written to nginx\'s access log; the client never receives it as a status.';

export const UNOFFICIAL: StatusData[] = [
	{
		code: 419, name: 'Page Expired', usedBy: 'Laravel (PHP framework)', source: src('Laravel CSRF protection', { title: 'Laravel: CSRF protection', url: 'https://laravel.com/docs/csrf' }),
		summary: 'Laravel: the CSRF token is missing or the session expired.',
		meaning: 'Laravel rejects a state-changing request whose CSRF token does not match the session, typically after the session timed out.',
		client: ['A form or AJAX call without the `X-CSRF-TOKEN` / `_token` value.', 'The session expired while a page stayed open.', 'Cookies blocked, so the session is new on every request.'],
		fix: ['Send the CSRF token with every POST/PUT/PATCH/DELETE; reload the page to get a fresh one.', 'For API routes, use token authentication and the `api` middleware group instead of session CSRF.'],
		retry: 'after-fixing-credentials', side: 'client', sideNote: 'Yours: the request lacks a valid CSRF token or session.',
	},
	{
		code: 420, name: 'Enhance Your Calm', usedBy: 'Twitter API v1 (historic); Spring once used 420 for "Method Failure"', source: src('Twitter API v1 (retired)', WIKI),
		summary: 'Historic Twitter rate limiting: slow down.',
		meaning: 'The old Twitter Search and Streaming APIs sent 420 when a client was rate limited; today 429 is used. Spring\'s deprecated `METHOD_FAILURE` constant also maps to 420.',
		client: ['Too many requests or connections in a short time.'],
		fix: ['Treat it like 429: back off exponentially before reconnecting.'],
		retry: 'after-retry-after', side: 'client', sideNote: 'Yours: you exceeded the rate allowed.',
	},
	{
		code: 430, name: 'Shopify Security Rejection', usedBy: 'Shopify', source: src('Shopify API status codes', { title: 'Shopify: API response status codes', url: 'https://shopify.dev/docs/api/usage/response-codes' }),
		summary: 'Shopify: the request was judged to be potentially malicious.',
		meaning: 'Shopify\'s edge refuses requests it considers abusive. (A draft of RFC 6585 once used 430 for oversized headers; it was never registered.)',
		client: ['Scraping-like traffic patterns, a suspicious user agent, or very high request rates.'],
		fix: ['Use the official APIs with proper authentication, lower the rate, and set an honest `User-Agent`.'],
		retry: 'never', side: 'client', sideNote: 'Yours: the traffic pattern triggered Shopify\'s protection.',
	},
	{
		code: 440, name: 'Login Time-out', usedBy: 'Microsoft IIS, Outlook Web Access', source: src('Microsoft IIS', IIS),
		summary: 'IIS/OWA: the login session expired.',
		meaning: 'The client\'s session timed out and it must log in again.',
		client: ['An expired session cookie.'],
		fix: ['Log in again to get a new session.'],
		retry: 'after-fixing-credentials', side: 'client', sideNote: 'Yours: the session must be renewed.',
	},
	{
		code: 444, name: 'No Response', usedBy: 'nginx', source: src('nginx `return 444`', NGINX),
		summary: 'nginx closed the connection without sending any response.',
		meaning: `A configuration uses \`return 444\` to drop unwanted requests (unknown Host, blocked bots). The client sees an empty reply or a reset (curl: "Empty reply from server"). ${NGINX_LOG}`,
		client: ['A request to an unknown `Host` or default server block.', 'A request matching a block rule (user agent, path, country).'],
		fix: ['Check the URL and `Host` header; if you own the server, look for `return 444` in the nginx configuration.'],
		retry: 'never', side: 'either', sideNote: 'Deliberate on their side, triggered by something in your request.',
	},
	{
		code: 449, name: 'Retry With', usedBy: 'Microsoft IIS', source: src('Microsoft IIS', IIS),
		summary: 'IIS: retry after supplying the information asked for.',
		meaning: 'A Microsoft extension asking the client to repeat the request with more information.',
		client: ['The request lacked information the server needs.'],
		fix: ['Read the response for what is missing and send the request again with it.'],
		retry: 'after-fixing-request', side: 'client', sideNote: 'Yours: supply what is missing.',
	},
	{
		code: 460, name: 'Client Closed Connection (ALB)', usedBy: 'AWS Application Load Balancer (access logs)', source: src('AWS ALB access logs', ALB),
		summary: 'AWS ALB: the client closed the connection before the load balancer could answer.',
		meaning: 'Logged by the load balancer when the client disconnected, usually because the client\'s timeout is shorter than the load balancer\'s idle timeout. The client never receives it.',
		client: ['A client timeout shorter than the time the backend needs.'],
		fix: ['Raise the client timeout or make the backend answer faster.'],
		retry: 'with-backoff', side: 'client', sideNote: 'Yours: your client gave up first.',
	},
	{
		code: 463, name: 'Too Many Forwarded IPs (ALB)', usedBy: 'AWS Application Load Balancer', source: src('AWS ALB troubleshooting', ALB),
		summary: 'AWS ALB: X-Forwarded-For lists more than 30 addresses.',
		meaning: 'The load balancer refuses requests whose `X-Forwarded-For` header is too long, often a proxy loop.',
		client: ['A chain or loop of proxies appending to `X-Forwarded-For`.'],
		fix: ['Break the proxy loop or strip the header at your edge.'],
		retry: 'never', side: 'either', sideNote: 'Whoever runs the proxies in the chain.',
	},
	{
		code: 494, name: 'Request Header Too Large', usedBy: 'nginx', source: src('nginx `large_client_header_buffers`', NGINX),
		summary: 'nginx: the request headers are too large.',
		meaning: 'nginx\'s internal code for headers that exceed `large_client_header_buffers`; clients receive 400 Bad Request.',
		client: ['Big cookies or tokens.'],
		fix: ['Send smaller headers, or raise `large_client_header_buffers` if you own the server.'],
		retry: 'after-fixing-request', side: 'client', sideNote: 'Yours, unless the limit is unreasonably low.',
	},
	{
		code: 495, name: 'SSL Certificate Error', usedBy: 'nginx (client certificate authentication)', source: src('nginx ssl_verify_client', NGINX_SSL),
		summary: 'nginx: the client certificate is invalid.',
		meaning: 'Mutual TLS is on and the client certificate failed verification. nginx reports it as a 400 unless configured otherwise.',
		client: ['An expired, revoked or untrusted client certificate.'],
		fix: ['Present a valid client certificate signed by the CA the server trusts.'],
		retry: 'after-fixing-credentials', side: 'client', sideNote: 'Yours: the client certificate.',
	},
	{
		code: 496, name: 'SSL Certificate Required', usedBy: 'nginx (client certificate authentication)', source: src('nginx ssl_verify_client', NGINX_SSL),
		summary: 'nginx: a client certificate is required but none was sent.',
		meaning: 'Mutual TLS is required and the client presented no certificate.',
		client: ['The client is not configured with a certificate and key.'],
		fix: ['Configure the client certificate (Node: `cert`/`key` agent options; requests: `cert=`; Go: `tls.Config.Certificates`).'],
		retry: 'after-fixing-credentials', side: 'client', sideNote: 'Yours: send a client certificate.',
	},
	{
		code: 497, name: 'HTTP Request Sent to HTTPS Port', usedBy: 'nginx', source: src('nginx ssl module', NGINX_SSL),
		summary: 'nginx: a plain-HTTP request arrived on the TLS port.',
		meaning: 'The client spoke HTTP to a port that expects TLS.',
		client: ['`http://host:443` instead of `https://host`.'],
		fix: ['Use https:// for that port.'],
		retry: 'after-fixing-request', side: 'client', sideNote: 'Yours: wrong scheme.',
	},
	{
		code: 499, name: 'Client Closed Request', usedBy: 'nginx (access logs)', source: src('nginx (log-only status)', NGINX),
		summary: 'nginx: the client disconnected before the response was ready.',
		meaning: `The client gave up (a timeout, a user cancelled, a process ended) while nginx waited on the upstream. ${NGINX_LOG}`,
		client: ['A client timeout shorter than the server\'s processing time.', 'Cancelled requests (navigation, `AbortController`).'],
		server: ['A slow upstream that makes clients give up.'],
		fix: ['Compare client timeouts with upstream latency; speed up the upstream or raise the client timeout.'],
		retry: 'with-backoff', side: 'either', sideNote: 'Your client gave up, usually because their server was slow.',
	},
	{
		code: 509, name: 'Bandwidth Limit Exceeded', usedBy: 'Apache on shared hosting (cPanel)', source: src('cPanel bandwidth limits', WIKI),
		summary: 'Shared hosting: the site exceeded its bandwidth allowance.',
		meaning: 'The hosting account used up its traffic quota for the period.',
		server: ['The site\'s hosting plan ran out of bandwidth.'],
		fix: ['Wait for the quota period to reset, or the site owner upgrades the plan.'],
		retry: 'never', side: 'server', sideNote: 'Theirs: the site owner\'s hosting plan.',
	},
	{
		code: 520, name: 'Web Server Returned an Unknown Error', usedBy: 'Cloudflare', source: src('Cloudflare 5xx errors', CLOUDFLARE),
		summary: 'Cloudflare: the origin sent an empty, unknown or invalid response.',
		meaning: 'Cloudflare reached the origin but got something it could not use: a reset connection, an empty reply, headers too large.',
		server: ['The origin crashed or reset the connection.', 'Response headers over Cloudflare\'s size limit.'],
		fix: ['Retry idempotent requests with backoff; the site owner should check origin logs.'],
		retry: 'with-backoff', side: 'server', sideNote: CF_ORIGIN,
	},
	{
		code: 521, name: 'Web Server Is Down', usedBy: 'Cloudflare', source: src('Cloudflare 5xx errors', CLOUDFLARE),
		summary: 'Cloudflare: the origin refused the connection.',
		meaning: 'The origin web server is not running, or a firewall blocks Cloudflare\'s IP ranges.',
		server: ['The origin server is down.', 'The origin blocks Cloudflare IPs.'],
		fix: ['Wait and retry with backoff; the site owner must start the server or allow Cloudflare.'],
		retry: 'with-backoff', side: 'server', sideNote: CF_ORIGIN,
	},
	{
		code: 522, name: 'Connection Timed Out', usedBy: 'Cloudflare', source: src('Cloudflare 5xx errors', CLOUDFLARE),
		summary: 'Cloudflare: the TCP connection to the origin timed out.',
		meaning: 'Cloudflare could not complete a TCP handshake with the origin in time.',
		server: ['An overloaded origin, or packets from Cloudflare dropped by a firewall.'],
		fix: ['Retry with backoff; the site owner should check load and firewall rules.'],
		retry: 'with-backoff', side: 'server', sideNote: CF_ORIGIN,
	},
	{
		code: 523, name: 'Origin Is Unreachable', usedBy: 'Cloudflare', source: src('Cloudflare 5xx errors', CLOUDFLARE),
		summary: 'Cloudflare: cannot reach the origin (DNS or routing).',
		meaning: 'The origin\'s address is wrong in the DNS settings or unroutable.',
		server: ['Wrong origin IP in Cloudflare DNS, or a network outage at the host.'],
		fix: ['The site owner must fix the DNS record or routing.'],
		retry: 'with-backoff', side: 'server', sideNote: CF_ORIGIN,
	},
	{
		code: 524, name: 'A Timeout Occurred', usedBy: 'Cloudflare', source: src('Cloudflare 5xx errors', CLOUDFLARE),
		summary: 'Cloudflare: the origin accepted the connection but did not answer in time (100 s by default).',
		meaning: 'Cloudflare waited for the HTTP response longer than its proxy read timeout. The origin may still finish the work.',
		client: ['A request that triggers very long work.'],
		server: ['A slow origin: long queries, blocked workers.'],
		fix: ['Use asynchronous jobs for long work; retry idempotent requests with backoff.'],
		retry: 'with-backoff', side: 'server', sideNote: CF_ORIGIN,
	},
	{
		code: 525, name: 'SSL Handshake Failed', usedBy: 'Cloudflare', source: src('Cloudflare 5xx errors', CLOUDFLARE),
		summary: 'Cloudflare: the TLS handshake with the origin failed.',
		meaning: 'Cloudflare connects to the origin over TLS and the handshake failed (no common cipher, no certificate, SNI mismatch).',
		server: ['The origin is not configured for TLS on port 443 or rejects Cloudflare\'s handshake.'],
		fix: ['The site owner must fix the origin\'s TLS configuration.'],
		retry: 'never', side: 'server', sideNote: CF_ORIGIN,
	},
	{
		code: 526, name: 'Invalid SSL Certificate', usedBy: 'Cloudflare', source: src('Cloudflare 5xx errors', CLOUDFLARE),
		summary: 'Cloudflare: the origin\'s certificate failed validation (Full (strict) mode).',
		meaning: 'The origin certificate is expired, self-signed or for another host name, and the zone requires a valid one.',
		server: ['An expired or mismatched origin certificate.'],
		fix: ['The site owner must install a valid certificate (or a Cloudflare Origin CA certificate).'],
		retry: 'never', side: 'server', sideNote: CF_ORIGIN,
	},
	{
		code: 529, name: 'Site Is Overloaded', usedBy: 'Anthropic API (overloaded_error), Qualys SSL Labs', source: src('Anthropic API errors', { title: 'Anthropic: API errors', url: 'https://docs.anthropic.com/en/api/errors' }),
		summary: 'The service is temporarily overloaded.',
		meaning: 'A service-specific form of 503: the provider is shedding load across all users, not limiting you specifically (that would be 429).',
		server: ['Provider-wide overload.'],
		fix: ['Back off with jitter and retry later; check the provider\'s status page.'],
		retry: 'with-backoff', side: 'server', sideNote: 'Theirs: overall load, not your usage.', howLong: 'Usually seconds to minutes.',
	},
	{
		code: 530, name: 'Origin Error (Cloudflare 1xxx) / Site Frozen', usedBy: 'Cloudflare (with a 1xxx error page), Pantheon', source: src('Cloudflare 1xxx errors', { title: 'Cloudflare: 1xxx errors', url: 'https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/' }),
		summary: 'Cloudflare: a 1xxx error occurred (see the page); Pantheon: the site is frozen.',
		meaning: 'On Cloudflare, 530 accompanies a 1xxx error such as 1016 (origin DNS error); the page names it.',
		server: ['An origin DNS or configuration error on the site.'],
		fix: ['Read the 1xxx code in the body; the site owner must fix it.'],
		retry: 'never', side: 'server', sideNote: 'Theirs: the site\'s configuration.',
	},
	{
		code: 561, name: 'Unauthorized (ALB)', usedBy: 'AWS Application Load Balancer (authenticate action)', source: src('AWS ALB troubleshooting', ALB),
		summary: 'AWS ALB: the identity provider returned an error during authentication.',
		meaning: 'The load balancer\'s built-in OIDC or Cognito authentication failed at the identity provider.',
		server: ['A misconfigured identity provider, client secret or callback URL on the load balancer.'],
		fix: ['The owner must check the ALB authentication settings and the IdP logs.'],
		retry: 'never', side: 'server', sideNote: 'Theirs: the load balancer\'s authentication setup.',
	},
	{
		code: 598, name: 'Network Read Timeout Error', usedBy: 'some HTTP proxies (informal convention)', source: src('Informal proxy convention', WIKI),
		summary: 'A proxy timed out reading from the upstream.',
		meaning: 'Used by some proxies to signal a read timeout behind them, similar to 504.',
		network: ['A slow or unreachable upstream behind the proxy.'],
		fix: ['Retry idempotent requests with backoff.'],
		retry: 'with-backoff', side: 'server', sideNote: 'Theirs or the network between their proxy and upstream.',
	},
	{
		code: 599, name: 'Network Connect Timeout Error', usedBy: 'some HTTP proxies; Tornado\'s HTTP client for timeouts and connection errors', source: src('Informal proxy convention', WIKI),
		summary: 'A connection timeout behind a proxy, or a client library\'s stand-in for "no response".',
		meaning: 'Some proxies send it when they cannot connect upstream in time. Tornado\'s client reports 599 when no HTTP response was received at all (timeout, refused connection).',
		network: ['The upstream could not be reached in time.'],
		client: ['With Tornado: a client-side timeout or connection failure, not a server response.'],
		fix: ['Retry idempotent requests with backoff; with Tornado, inspect the underlying exception.'],
		retry: 'with-backoff', side: 'network', sideNote: 'Usually the network or their upstream; with Tornado it may be your client\'s timeout.',
	},
];
