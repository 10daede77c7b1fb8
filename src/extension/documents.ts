/** Reading a local document (official XML/HTML, metadata, text export) into a draft. */
import * as vscode from 'vscode';
import type { KamervraagDraft } from '../core/model';
import { parseDocument } from '../core/parse';

/** Throws the file system's error when the file cannot be read, a ParseError when it is no Kamervraag. */
export async function readDraft(uri: vscode.Uri): Promise<KamervraagDraft> {
  return parseDocument(new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)));
}
