// A linear-time parser for WWW-Authenticate / Proxy-Authenticate (RFC 9110, Section 11.6.1):
//   challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ], challenges separated by commas.
// It never throws; malformed parts are skipped.

import type { AuthChallenge } from './types';

const MAX_HEADER = 8192;
const MAX_CHALLENGES = 16;
const MAX_PARAMS = 32;

function isTchar(c: string): boolean {
	return /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(c);
}

function isToken68Char(c: string): boolean {
	return /[A-Za-z0-9\-._~+/]/.test(c);
}

/** Parse a header value (without the `WWW-Authenticate:` name) into challenges. */
export function parseWwwAuthenticate(input: string): AuthChallenge[] {
	const s = input.length > MAX_HEADER ? input.slice(0, MAX_HEADER) : input;
	const out: AuthChallenge[] = [];
	let current: AuthChallenge | undefined;
	let i = 0;
	const n = s.length;
	const skipWs = (): void => {
		while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
	};
	while (i < n && out.length <= MAX_CHALLENGES) {
		while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === ',' || s[i] === '\r' || s[i] === '\n')) i++;
		if (i >= n) break;
		const start = i;
		while (i < n && isTchar(s[i]!)) i++;
		if (i === start) {
			i++; // not a token: skip the character
			continue;
		}
		const token = s.slice(start, i);
		skipWs();
		if (s[i] === '=') {
			// auth-param: token BWS "=" BWS ( token / quoted-string )
			i++;
			skipWs();
			let value = '';
			if (s[i] === '"') {
				i++;
				while (i < n && s[i] !== '"') {
					if (s[i] === '\\' && i + 1 < n) i++;
					value += s[i];
					i++;
				}
				i++; // closing quote
			} else {
				const vs = i;
				while (i < n && isTchar(s[i]!)) i++;
				value = s.slice(vs, i);
			}
			if (!current) {
				current = { scheme: '', params: {} };
				out.push(current);
			}
			if (Object.keys(current.params).length < MAX_PARAMS) current.params[token.toLowerCase()] = value;
			continue;
		}
		// a new challenge: the token is its scheme
		current = { scheme: token, params: {} };
		out.push(current);
		// token68? a run of token68 characters, then '='s, then the end or a comma
		const t0 = i;
		let j = i;
		while (j < n && isToken68Char(s[j]!)) j++;
		if (j > t0) {
			let k = j;
			while (k < n && s[k] === '=') k++;
			let m = k;
			while (m < n && (s[m] === ' ' || s[m] === '\t')) m++;
			const atEnd = m >= n || s[m] === ',' || s[m] === '\r' || s[m] === '\n';
			if (atEnd) {
				// `Negotiate abc==`, `NTLM TlRMTVNTUAAB`
				current.token68 = s.slice(t0, k);
				i = k;
			}
		}
	}
	return out.slice(0, MAX_CHALLENGES);
}

export interface ChallengeReading {
	/** Advice specific to the parsed parameters. */
	notes: string[];
	/** The status the challenge implies, when the error code says (invalid_token → 401). */
	status?: number;
	/** An OAuth error code found in `error`. */
	oauthError?: string;
	/** The one-line reading of the error, for a headline ("The access token expired: refresh it ..."). */
	specific?: string;
}

function quote(s: string): string {
	return `"${s.length > 200 ? `${s.slice(0, 200)}…` : s}"`;
}

/** What a challenge tells the caller, beyond the generic knowledge of its error code. */
export function readChallenge(c: AuthChallenge): ChallengeReading {
	const notes: string[] = [];
	const scheme = c.scheme.toLowerCase();
	const p = c.params;
	const r: ChallengeReading = { notes };
	if (p.realm !== undefined) notes.push(`Realm ${quote(p.realm)}: the protection space; credentials for one realm may not work in another.`);
	if (scheme === 'bearer' || scheme === 'dpop' || scheme === '') {
		const error = p.error;
		const desc = p.error_description ?? '';
		if (error) {
			const before = notes.length;
			r.oauthError = error;
			if (error === 'invalid_token') {
				r.status = 401;
				if (/expire/i.test(desc)) notes.push('The access token expired: refresh it (once) and repeat the request; if the refresh fails, sign in again.');
				else if (/audience|aud\b/i.test(desc)) notes.push('The token was issued for another audience: request a token for this API (audience/resource parameter).');
				else if (/signature|kid|key/i.test(desc)) notes.push('The token signature did not verify: it was signed by another issuer or key, or the API has not picked up rotated keys.');
				else if (/revoke/i.test(desc)) notes.push('The token was revoked: obtain a new one; a refresh may also be revoked.');
				else notes.push('The token was rejected: check that it is current, complete and issued for this API; get a new one and retry once.');
			} else if (error === 'insufficient_scope') {
				r.status = 403;
				const scope = p.scope;
				if (scope) notes.push(`The token lacks the scope ${quote(scope)}: get a new token that includes it (re-authorise, or create a key with that scope). Refreshing keeps the old scopes.`);
				else notes.push('The token lacks a required scope; the server did not say which: check the endpoint\'s documentation.');
			} else if (error === 'invalid_request') {
				r.status = 400;
				notes.push('The request was malformed from the resource server\'s point of view (for example the token sent twice or in an unsupported way).');
			} else if (error === 'use_dpop_nonce') {
				r.status = 401;
				notes.push('Repeat the request with a new DPoP proof that includes the nonce from the DPoP-Nonce response header.');
			}
			if (notes.length > before) r.specific = notes[notes.length - 1];
			if (desc) notes.push(`The server says: ${quote(desc)}.`);
		} else if (c.scheme !== '') {
			notes.push(`No error code: per RFC 6750 this usually means the request carried no ${c.scheme} token at all. Check that the Authorization header is sent (and survives redirects).`);
		}
		if (p.scope !== undefined && error !== 'insufficient_scope') notes.push(`Scopes involved: ${quote(p.scope)}.`);
		if (p.resource_metadata !== undefined) notes.push(`resource_metadata ${quote(p.resource_metadata)} points to the resource's metadata (RFC 9728), which lists the authorization servers to get a token from.`);
		if (p.algs !== undefined) notes.push(`DPoP proof algorithms accepted: ${quote(p.algs)}.`);
	} else if (scheme === 'basic') {
		notes.push('The server wants a user name and password: send Authorization: Basic with base64("user:password"), only over HTTPS. A 401 with this challenge after sending them means they were wrong.');
		if (p.charset !== undefined) notes.push(`Encode the credentials as ${quote(p.charset)} before base64.`);
	} else if (scheme === 'digest') {
		notes.push('Digest authentication: use the nonce from this challenge to compute the response; most clients do it for you (requests: HTTPDigestAuth).');
		if (p.stale?.toLowerCase() === 'true') notes.push('stale=true: your credentials were right but the nonce expired; retry with the new nonce without asking for the password again.');
		if (p.algorithm !== undefined) notes.push(`Algorithm: ${quote(p.algorithm)}.`);
	} else if (scheme === 'negotiate' || scheme === 'ntlm') {
		notes.push(`${c.scheme} is Windows integrated authentication (Kerberos or NTLM): the client must use the logged-in identity or a keytab; a plain token or password header will not do.`);
	} else {
		notes.push(`Scheme ${quote(c.scheme)}: see the API's documentation for how to authenticate with it.`);
	}
	return r;
}

/** Finds header lines (`WWW-Authenticate: ...`, `Proxy-Authenticate: ...`) in free text. */
export function findChallengeHeaders(text: string): { proxy: boolean; value: string }[] {
	const out: { proxy: boolean; value: string }[] = [];
	const re = /\b(www|proxy)-authenticate["']?\s{0,5}[:=]\s{0,5}["']?([^\r\n]{0,2000})/gi;
	let m: RegExpExecArray | null;
	while ((m = re.exec(text)) !== null && out.length < 8) {
		out.push({ proxy: m[1]!.toLowerCase() === 'proxy', value: m[2]!.replace(/["']\s*[,}]?\s*$/, '') });
	}
	return out;
}

const SCHEMES = /^(Bearer|Basic|Digest|Negotiate|NTLM|DPoP|HOBA|Mutual|PrivateToken|Concealed|SCRAM-SHA-1|SCRAM-SHA-256|vapid)(?:\s|$)/i;

/** True when the whole input looks like a challenge value (`Bearer error="..."`). */
export function looksLikeChallenge(text: string): boolean {
	const t = text.trim();
	if (SCHEMES.test(t)) return /^\S+\s*$/.test(t) || /^\S+\s+[A-Za-z0-9_\-.]+\s*=/.test(t) || /^\S+\s+[A-Za-z0-9\-._~+/]+=*\s*$/.test(t);
	return /^(error|realm)\s*=\s*"/.test(t);
}
