// The Explain Error panel: one webview, reused and refreshed for each new explanation,
// scripts only by nonce, resources only from media/.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { explainHtml, makeNonce } from './explain-html';

interface Content {
	title: string;
	query: string;
	markdown: string;
}

/** Messages the webview sends (media/explain.js). */
type FromWebview = { command: 'copyMarkdown' };

export class ExplainPanel {
	static readonly viewType = 'httpGuard.explain';
	private static current: ExplainPanel | undefined;
	private readonly disposables: vscode.Disposable[] = [];
	private content: Content;

	static show(extensionUri: vscode.Uri, content: Content): void {
		if (ExplainPanel.current) {
			ExplainPanel.current.update(content);
			ExplainPanel.current.panel.reveal(undefined, true);
			return;
		}
		const media = vscode.Uri.joinPath(extensionUri, 'media');
		const panel = vscode.window.createWebviewPanel(ExplainPanel.viewType, content.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
			enableScripts: true,
			enableCommandUris: false,
			localResourceRoots: [media],
		});
		ExplainPanel.current = new ExplainPanel(panel, media, content);
	}

	private constructor(
		private readonly panel: vscode.WebviewPanel,
		private readonly media: vscode.Uri,
		content: Content,
	) {
		this.content = content;
		this.render();
		this.panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
		this.panel.webview.onDidReceiveMessage((message: FromWebview) => this.onMessage(message), undefined, this.disposables);
	}

	private update(content: Content): void {
		this.content = content;
		this.render();
	}

	private render(): void {
		const webview = this.panel.webview;
		this.panel.title = this.content.title;
		webview.html = explainHtml({
			query: this.content.query,
			markdown: this.content.markdown,
			nonce: makeNonce((size) => randomBytes(size)),
			cspSource: webview.cspSource,
			styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'explain.css')).toString(),
			scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'explain.js')).toString(),
		});
	}

	private onMessage(message: FromWebview): void {
		if (message?.command === 'copyMarkdown') {
			void vscode.env.clipboard.writeText(this.content.markdown).then(() => vscode.window.setStatusBarMessage('HTTP Guard: copied as Markdown', 3000));
		}
	}

	private dispose(): void {
		ExplainPanel.current = undefined;
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}
