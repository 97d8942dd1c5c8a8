// Orders API client: the patterns HTTP Guard looks for, done right. Checking this file
// reports nothing. See examples/README.md.
import { randomUUID } from 'node:crypto';

const ORDERS_URL = process.env.ORDERS_URL ?? 'https://orders.internal.example.com';
const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 20_000;
const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class ApiError extends Error {
	constructor(message, status, requestId) {
		super(message);
		this.status = status;
		this.requestId = requestId;
	}
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
function retryAfterMs(res) {
	const value = res.headers.get('retry-after');
	if (!value) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Full jitter: a random wait between 0 and the capped exponential delay. */
function backoffMs(attempt) {
	return Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
}

/**
 * Creates an order. The Idempotency-Key is made once, before the first attempt, so a
 * retry after a timeout cannot create the order twice.
 */
export async function createOrder(order, token) {
	const idempotencyKey = randomUUID();
	for (let attempt = 1; ; attempt++) {
		const started = Date.now();
		let res;
		try {
			res = await fetch(`${ORDERS_URL}/v2/orders`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
				body: JSON.stringify(order),
				signal: AbortSignal.timeout(10_000),
			});
		} catch (err) {
			// Network error or timeout: retry with backoff, then give up with the cause.
			console.warn('POST /v2/orders failed', { attempt, elapsedMs: Date.now() - started, error: err.message });
			if (attempt >= MAX_ATTEMPTS) throw err;
			await sleep(backoffMs(attempt));
			continue;
		}
		if (res.ok) return res.json();

		const requestId = res.headers.get('x-request-id') ?? undefined;
		if (res.status === 401 || res.status === 403) {
			// Credentials or permissions: retrying cannot fix it; the caller must re-authenticate.
			throw new ApiError(`POST /v2/orders was refused with ${res.status}`, res.status, requestId);
		}
		if (!RETRYABLE.has(res.status) || attempt >= MAX_ATTEMPTS) {
			throw new ApiError(`POST /v2/orders failed with ${res.status} after ${attempt} attempt(s)`, res.status, requestId);
		}
		const wait = retryAfterMs(res) ?? backoffMs(attempt);
		console.warn('POST /v2/orders will be retried', { status: res.status, requestId, attempt, waitMs: Math.round(wait) });
		await sleep(Math.min(wait, MAX_DELAY_MS));
	}
}

/** Reads an order; a missing order is `undefined`, every other failure is an error. */
export async function getOrder(orderId, token) {
	const res = await fetch(`${ORDERS_URL}/v2/orders/${encodeURIComponent(orderId)}`, {
		headers: { Authorization: `Bearer ${token}` },
		signal: AbortSignal.timeout(10_000),
	});
	if (res.status === 404) return undefined;
	if (!res.ok) {
		throw new ApiError(`GET /v2/orders/${orderId} failed with ${res.status}`, res.status, res.headers.get('x-request-id') ?? undefined);
	}
	return res.json();
}
