/**
 * One entry point for every input format: detect the format from the content, parse it into a
 * draft, merge drafts into a Kamervraag.
 */
import type { Kamervraag, KamervraagDraft } from '../model';
import { ParseError } from '../model';
import { merge } from '../kamervraag';
import { parseKoopXml } from './koopXml';
import { parseKoopHtml } from './koopHtml';
import { parseMetadata } from './metadata';
import { isPageText, isTextExport, parsePlainText } from './plainText';
import { checkSize, decodeDocument } from './encoding';

export type InputFormat = 'koop-xml' | 'koop-html' | 'metadata' | 'text-export' | 'page-text';

/** The format of `content`, or undefined when it is none we read. */
export function detectFormat(content: string): InputFormat | undefined {
  const head = content.replace(/^\uFEFF/, '').slice(0, 4000);
  const trimmed = head.trimStart();
  if (trimmed.startsWith('<')) {
    if (/<officiele-publicatie[\s>]/.test(head)) return 'koop-xml';
    if (/<(?:metadata_gegevens|owms-metadata)[\s>]/.test(head)) return 'metadata';
    if (/<html[\s>]|<!DOCTYPE html|<div\s[^>]{0,500}?class="(?:vraag|antwoord)"/i.test(content.slice(0, 200_000))) return 'koop-html';
    return undefined;
  }
  if (isTextExport(content)) return 'text-export';
  if (isPageText(content)) return 'page-text';
  return undefined;
}

/**
 * Parse one document; throws ParseError with a message for the user when it is not a Kamervraag.
 * Give a file's bytes rather than its text where you have them: the document names its encoding.
 */
export function parseDocument(input: string | Uint8Array): KamervraagDraft {
  const content = typeof input === 'string' ? input : decodeDocument(input);
  checkSize(content.length);
  const format = detectFormat(content);
  switch (format) {
    case 'koop-xml': return parseKoopXml(content);
    case 'koop-html': return parseKoopHtml(content);
    case 'metadata': return parseMetadata(content);
    case 'text-export':
    case 'page-text': return parsePlainText(content);
    case undefined: {
      const xml = content.trimStart().startsWith('<');
      throw new ParseError(xml
        ? 'Not a Kamervragen document: the XML/HTML is neither an official publication (officiele-publicatie), a KOOP metadata record nor a KOOP HTML page.'
        : 'Not a Kamervragen document: expected official XML or HTML, a KOOP metadata record, a text export ("Kamervraag 2023Z11786" on the first line) or page text with "Vraag 1" labels.');
    }
  }
}

/** Parse documents that belong to one Kamervraag and merge them. */
export function parseKamervraag(contents: readonly (string | Uint8Array)[], today?: string): Kamervraag {
  return merge(contents.map(parseDocument), today);
}
