/**
 * What every webview of the extension shares: its options (scripts on, local resources only from
 * media/ and dist/webview/), a static HTML skeleton with a strict Content Security Policy and a
 * fresh nonce per render, and the check of addresses a webview may ask to open.
 *
 * The skeleton holds no document data: data goes to the webview by postMessage after its `ready`
 * message, and the webview script puts it into the page with textContent and createElement.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { linkUrl } from '../../core/urls';
import * as config from '../config';

export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: localResourceRoots(extensionUri) };
}

/** Options and tab icon of one of our panels. */
export function preparePanel(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): void {
  panel.webview.options = webviewOptions(extensionUri);
  panel.iconPath = {
    light: vscode.Uri.joinPath(extensionUri, 'media', 'kamervraag-light.svg'),
    dark: vscode.Uri.joinPath(extensionUri, 'media', 'kamervraag-dark.svg'),
  };
}

/** 128 random bits, base64: a new one for every render. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(webview: vscode.Webview, nonce: string): string {
  const source = webview.cspSource;
  return `default-src 'none'; style-src ${source}; script-src 'nonce-${nonce}'; img-src ${source}; font-src ${source}`;
}

/**
 * The page: one stylesheet from media/, one script from dist/webview/ (allowed by its nonce), and
 * an empty `main` that the script fills. `script` and `stylesheet` are our own file names.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, script: 'panel' | 'statistics' | 'reuseReport', stylesheet: 'panel.css' | 'statistics.css' | 'reuseReport.css'): string {
  const nonce = newNonce();
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', stylesheet));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${script}.js`));
  const lang = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(vscode.env.language) ? vscode.env.language : 'en';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css.toString()}">
<title>Kamervragen</title>
</head>
<body>
<main id="app" aria-busy="true"></main>
<script nonce="${nonce}" src="${js.toString()}"></script>
</body>
</html>`;
}

/**
 * The address as a link by the one URL policy (core/urls.ts): an official site or a configured
 * endpoint; null for anything else (other sites are shown as text; javascript:, data:, file:,
 * command:, vscode:, relative or malformed addresses never).
 */
export function externalUrl(raw: string | null | undefined): string | null {
  return linkUrl(raw, Object.values(config.endpoints()));
}
