// Payments API client used by the checkout service.
// This file shows what HTTP Guard reports: see examples/README.md.
const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'https://payments.internal.example.com';
const API_KEY = process.env.PAYMENTS_API_KEY;

function authHeaders() {
	return { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' };
}

/** Loads a customer's saved cards. */
export async function listCards(customerId) {
	const res = await fetch(`${PAYMENTS_URL}/v1/customers/${customerId}/cards`, {
		headers: authHeaders(),
		signal: AbortSignal.timeout(10_000),
	});
	// A 401 from an expired key lands here as `{ error: ... }` and reads as "no cards".
	const body = await res.json();
	return body.data ?? [];
}

/** Charges a card; the gateway is flaky during deploys, so we try until it answers. */
export async function createCharge(customerId, amountCents, currency) {
	let attempt = 0;
	while (attempt < 5) {
		attempt++;
		try {
			const res = await fetch(`${PAYMENTS_URL}/v1/charges`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ customer: customerId, amount: amountCents, currency }),
			});
			if (res.ok) return await res.json();
		} catch (err) {
			console.warn(`charge attempt ${attempt} failed: ${err.message}`);
		}
	}
	throw new Error(`charge for ${customerId} failed after ${attempt} attempts`);
}

/** Refund status for the order page; the page shows "pending" when this returns null. */
export async function getRefundStatus(refundId) {
	try {
		const res = await fetch(`${PAYMENTS_URL}/v1/refunds/${refundId}`, { headers: authHeaders(), signal: AbortSignal.timeout(10_000) });
		if (!res.ok) return null;
		const refund = await res.json();
		return refund.status;
	} catch (err) {
		return null;
	}
}

/** Webhook endpoints are registered once at startup. */
export async function registerWebhook(url) {
	const res = await fetch(`${PAYMENTS_URL}/v1/webhook_endpoints`, {
		method: 'POST',
		headers: authHeaders(),
		body: JSON.stringify({ url, events: ['charge.succeeded', 'charge.failed'] }),
	});
	if (!res.ok) throw new Error(`webhook registration failed with ${res.status}`);
	return res.json();
}
