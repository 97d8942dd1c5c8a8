// The rule registry: every rule of the v1 contract, in the order the docs list them.
import type { Rule, RuleId } from '../types';
import { authRefreshLoop } from './auth-refresh-loop';
import { ignoredRetryAfter } from './ignored-retry-after';
import { missingRequestTimeout } from './missing-request-timeout';
import { retryNonIdempotent } from './retry-non-idempotent';
import { retryOnAuthFailure } from './retry-on-auth-failure';
import { retryWithoutBackoff } from './retry-without-backoff';
import { retryWithoutJitter } from './retry-without-jitter';
import { swallowedHttpError } from './swallowed-http-error';
import { tightRetryLoop } from './tight-retry-loop';
import { unboundedRetry } from './unbounded-retry';
import { uncheckedResponseStatus } from './unchecked-response-status';

export const RULES: readonly Rule[] = [
	uncheckedResponseStatus,
	swallowedHttpError,
	retryOnAuthFailure,
	tightRetryLoop,
	unboundedRetry,
	retryWithoutBackoff,
	retryWithoutJitter,
	ignoredRetryAfter,
	retryNonIdempotent,
	authRefreshLoop,
	missingRequestTimeout,
];

const BY_ID = new Map(RULES.map((rule) => [rule.meta.id, rule]));

export function ruleById(id: string): Rule | undefined {
	return BY_ID.get(id as RuleId);
}

/** Where each rule's documentation lives; the editor links `Diagnostic.code` here. */
export function ruleDocsUrl(id: RuleId): string {
	return `https://github.com/http-guard/http-guard/blob/main/docs/rules/${id}.md`;
}
