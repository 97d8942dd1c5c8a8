// Status codes by the names code gives them: `HTTPStatus.FORBIDDEN`, `http.StatusUnauthorized`,
// `StatusCodes.Status403Forbidden`, `HttpURLConnection.HTTP_UNAVAILABLE`, `HttpStatusCode.Unauthorized`.
// Adapters call `statusCodeForConstant` on the last part of a member name.

/** IANA reason phrases, the names every library derives its constants from. */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
	100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints', 104: 'Upload Resumption Supported',
	200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
	205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used',
	300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
	305: 'Use Proxy', 306: '(Unused)', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
	400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
	405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
	409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Content Too Large',
	414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed',
	418: "I'm a teapot", 421: 'Misdirected Request', 422: 'Unprocessable Content', 423: 'Locked', 424: 'Failed Dependency',
	425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests',
	431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
	500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
	504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates', 507: 'Insufficient Storage',
	508: 'Loop Detected', 510: 'Not Extended (OBSOLETED)', 511: 'Network Authentication Required',
};

/** Older or library-specific names for the same codes. */
const ALIASES: Readonly<Record<string, number>> = {
	// RFC 7231 names, still used by most libraries.
	REQUESTENTITYTOOLARGE: 413, PAYLOADTOOLARGE: 413, ENTITYTOOLARGE: 413, REQUESTURITOOLONG: 414, REQUESTEDRANGENOTSATISFIABLE: 416,
	UNPROCESSABLEENTITY: 422, REQUESTTIMEOUT: 408, CLIENTTIMEOUT: 408, TEAPOT: 418, IAMATEAPOT: 418, IMATEAPOT: 418,
	NOTEXTENDED: 510, MOVEDTEMPORARILY: 302, MOVED: 301, REDIRECT: 302, REDIRECTMETHOD: 303, REDIRECTKEEPVERB: 307,
	AMBIGUOUS: 300, MULT_CHOICE: 300, MULTCHOICE: 300, MOVEDPERM: 301, MOVEDTEMP: 302, SEEOTHER: 303, NOTMODIFIED: 304,
	USEPROXY: 305, BADREQUEST: 400, NOTFOUND: 404, BADMETHOD: 405, NOTACCEPTABLE: 406, PROXYAUTH: 407,
	LENGTHREQUIRED: 411, PRECONFAILED: 412, REQTOOLONG: 414, UNSUPPORTEDTYPE: 415, INTERNALERROR: 500,
	NOTIMPLEMENTED: 501, BADGATEWAY: 502, UNAVAILABLE: 503, GATEWAYTIMEOUT: 504, VERSION: 505, HTTPVERSIONNOTSUPPORTED: 505,
	TOOMANYREQUESTS: 429, UNAUTHORIZED: 401, FORBIDDEN: 403, PAYMENTREQUIRED: 402, GONE: 410, CONFLICT: 409,
	OK: 200, CREATED: 201, ACCEPTED: 202, NOCONTENT: 204, NOTAUTHORITATIVE: 203, RESET: 205, PARTIAL: 206,
	MISDIRECTEDREQUEST: 421, TOOEARLY: 425, UNORDEREDCOLLECTION: 425, INSUFFICIENTSTORAGE: 507,
	REQUESTHEADERFIELDSTOOLARGE: 431, UNAVAILABLEFORLEGALREASONS: 451, NETWORKAUTHENTICATIONREQUIRED: 511,
};

function squash(name: string): string {
	return name.toUpperCase().replace(/[^A-Z]/g, '');
}

const BY_SQUASHED_NAME: ReadonlyMap<string, number> = new Map([
	...Object.entries(REASON_PHRASES).map(([code, phrase]) => [squash(phrase), Number(code)] as const),
	...Object.entries(ALIASES).map(([name, code]) => [squash(name), code] as const),
]);

/**
 * The status code a constant names, or undefined when the name is not a status name.
 * Accepts `UNAUTHORIZED`, `HTTP_401_UNAUTHORIZED`, `StatusUnauthorized`, `Status403Forbidden`,
 * `HTTP_FORBIDDEN`, `SC_NOT_FOUND`, `Unauthorized`; a number in the name must agree with it.
 */
export function statusCodeForConstant(name: string): number | undefined {
	const digits = /\d{3}/.exec(name)?.[0];
	const stripped = name.replace(/^(HTTP_?|Status_?|SC_)/i, '').replace(/\d{3}_?/, '');
	const code = BY_SQUASHED_NAME.get(squash(stripped));
	if (digits !== undefined) {
		const numbered = Number(digits);
		if (code !== undefined && code !== numbered) return undefined;
		return REASON_PHRASES[numbered] ? numbered : undefined;
	}
	return code;
}
