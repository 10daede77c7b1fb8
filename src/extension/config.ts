import * as vscode from 'vscode';
import { CITATION_STYLES, type CitationStyle } from '../core/cite';

/** Settings, read when used (never cached), for the given resource's scope. */
export function citationStyle(scope?: vscode.ConfigurationScope): CitationStyle {
  const value = vscode.workspace.getConfiguration('kamervragen', scope).get<string>('citation.style', 'leidraad');
  return (CITATION_STYLES as readonly string[]).includes(value) ? (value as CitationStyle) : 'leidraad';
}
