// The Explain Error panel's only script: the "Copy as Markdown" button asks the extension
// to copy (the webview cannot reach the clipboard of the editor itself).
// @ts-check
(function () {
	// eslint-disable-next-line no-undef
	const vscode = acquireVsCodeApi();
	const button = document.getElementById('copy');
	if (button) button.addEventListener('click', () => vscode.postMessage({ command: 'copyMarkdown' }));
})();
