/** Reading a local document (official XML/HTML, metadata, text export) into a draft. */
import * as vscode from 'vscode';
import type { KamervraagDraft } from '../core/model';
import { parseDocument } from '../core/parse';
import { isPdf } from '../core/parse/pdfFile';

/** Throws the file system's error when the file cannot be read, a ParseError when it is no Kamervraag. */
export async function readDraft(uri: vscode.Uri): Promise<KamervraagDraft> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  // The PDF reader (PDF.js, dist/pdf.js) is loaded only when a PDF is opened.
  if (isPdf(bytes)) return (await import('../core/parse/pdf.js')).parsePdf(bytes);
  // The bytes, not text: the document names its encoding (a BOM, the XML declaration, a meta charset).
  return parseDocument(bytes);
}
