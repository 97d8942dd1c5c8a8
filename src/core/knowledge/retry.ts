import type { RetryAdvice } from './types';

const TEXT: Record<RetryAdvice, string> = {
	'not-an-error': 'Not an error: nothing to retry.',
	'follow-redirect': 'Not a failure: follow the Location header (most clients do it for you).',
	never: 'Do not retry: the same request will get the same answer.',
	'after-fixing-request': 'Do not retry as is: change the request, then send it again.',
	'after-fixing-credentials': 'Retry at most once, after refreshing or replacing the credentials; never in a loop.',
	'after-retry-after': 'Retry after the delay in Retry-After (or the rate-limit reset header); back off with jitter if none is given.',
	'with-backoff': 'Retry with exponential backoff and jitter, a few attempts at most, and only idempotent methods (or with an Idempotency-Key).',
};

/** One line of retry advice, for hovers and summaries. */
export function retryAdviceText(advice: RetryAdvice): string {
	return TEXT[advice];
}

export const RETRY_ADVICE_VALUES: readonly RetryAdvice[] = Object.keys(TEXT) as RetryAdvice[];
