// The VS Code language ids the extension serves, shared by the client (document selector,
// status item) and checked against the core and package.json by test/client/manifest.test.ts.

/** Languages with diagnostics: must equal the core's `servedLanguages()`. */
export const CODE_LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'go', 'csharp', 'java'] as const;

/** Languages with status-code hovers only. */
export const TEXT_LANGUAGES = ['log', 'plaintext'] as const;
