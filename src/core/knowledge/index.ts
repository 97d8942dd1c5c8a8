// The knowledge base: every HTTP status code, common network/TLS/OAuth errors, and the recognisers
// and renderers that turn free text into an explanation. No vscode, no LSP, no network.

export type {
	AuthChallenge, Cause, ErrorFamily, ErrorInfo, Explanation, ExplanationItem, Faq, HeaderNote, ItemKind, KnowledgeEntry,
	Language, LanguageAdvice, Link, ProblemDetails, RetryAdvice, Side, StatusClass, StatusInfo,
} from './types';
export { REASON_PHRASES, statusCodeForConstant } from './constants';
export { retryAdviceText, RETRY_ADVICE_VALUES } from './retry';
export { statusInfo, allStatuses } from './status/index';
export { explain, allErrors, errorInfo, MAX_SCAN } from './recognise';
export { renderMarkdown, renderText, statusHoverMarkdown, escapeMarkdown, type TextOptions } from './render';
export { parseWwwAuthenticate, readChallenge } from './www-authenticate';
export { findJson } from './problem-json';
