/**
 * KOOP metadata records of a Kamervragen publication, in both shapes repository.overheid.nl
 * serves: metadata.xml (`metadata_gegevens > metadata[name][content]`, names like
 * "OVERHEIDop.vraagnummer") and metadata_owms.xml (`owms-metadata` with dcterms:, overheid: and
 * overheidop: elements). The HTML manifestation carries the same fields as `<meta>` tags, so
 * koopHtml reads them with `draftFromMetaFields` too. Fixtures: test/fixtures/koop/*.metadata.xml
 * and *.metadata_owms.xml (ah-tk-20202021-3235, kv-tk-2020Z13248, kv-ek-215160000,
 * ah-ek-20192020-10; h-tk as a record that is not a Kamervraag).
 */
import type { DocumentKind, DocumentRef, KamervraagDraft, Submitter } from '../model';
import { ParseError } from '../model';
import { topicsFromCategories } from '../topics';
import { isoDate, squash } from '../text';
import { isQuestionHeading, parseQuestionHeading } from './headings';
import {
  attr, parseXml, childElements, descendants, houseIn, localName, nonEmpty, textOf, vergaderjaarIn,
  zaakOfQuestionsId, } from './domText';
import { publicationUrl } from '../ids';

/** Metadata values by field, keyed by the last part of the name in lower case ("vraagnummer", "identifier"). */
export type MetaFields = ReadonlyMap<string, readonly string[]>;

export function parseMetadata(xml: string): KamervraagDraft {
  const { doc, root } = parseXml(xml, 'The metadata record');
  const rootEl = childElements(doc)[0]!;
  const fields = new Map<string, string[]>();
  const add = (name: string, value: string): void => {
    const key = fieldKey(name);
    fields.set(key, [...(fields.get(key) ?? []), value]);
  };
  if (localName(rootEl) === 'metadata_gegevens') {
    for (const el of childElements(rootEl).filter((e) => localName(e) === 'metadata')) {
      const name = attr(el, 'name');
      if (name !== undefined) add(name, attr(el, 'content') ?? '');
    }
  } else if (localName(rootEl) === 'owms-metadata') {
    for (const el of descendants(rootEl, (e) => childElements(e).length === 0)) add(el.name ?? '', textOf(el));
  } else {
    throw new ParseError(`Not a KOOP metadata record: the root element is <${root}>, not <metadata_gegevens> or <owms-metadata>.`);
  }
  const id = first(fields, 'identifier');
  const publication = first(fields, 'publicationname');
  const types = (fields.get('type') ?? []).map(squash);
  const kamervraag = /^(?:ah|kv)-/i.test(id ?? '') || /kamervragen/i.test(publication ?? '') ||
    types.some((t) => /kamervra|aanhangsel/i.test(t));
  if (!kamervraag) {
    const what = [publication, ...types.filter((t) => t !== publication && !/officiële publicatie/i.test(t))]
      .filter((t) => t !== undefined && t.length > 0);
    throw new ParseError(`Not a Kamervraag: the metadata record describes ${id ?? 'a publication'}${what.length > 0 ? `, a publication of type ${what.join(' / ')}` : ''}, not Kamervragen or an Aanhangsel.`);
  }
  return draftFromMetaFields(fields);
}

/** "DC.identifier", "OVERHEIDop.vraagnummer", "dcterms:issued", "dcterms.modified" → "identifier", … */
export function fieldKey(name: string): string {
  return name.slice(Math.max(name.lastIndexOf('.'), name.lastIndexOf(':')) + 1).toLowerCase();
}

function first(fields: MetaFields, key: string): string | undefined {
  return fields.get(key)?.map(squash).find((v) => v.length > 0);
}

/** What the fields of a metadata record (or the `<meta>` tags of a KOOP HTML page) tell about a Kamervraag. */
export function draftFromMetaFields(fields: MetaFields): KamervraagDraft {
  const get = (key: string): string | undefined => first(fields, key);
  const all = (key: string): string[] => (fields.get(key) ?? []).map(squash).filter((v) => v.length > 0);
  const vergaderjaar = vergaderjaarIn(get('vergaderjaar'));
  const house = houseIn(get('creator')) ?? houseIn(get('identifier'));
  const submitted = isoDate(get('datumindiening'));
  const answered = isoDate(get('datumontvangst'));
  const nummer = get('aanhangselnummer');
  const id = get('identifier') ??
    (nummer && house && vergaderjaar ? `ah-${house}-${vergaderjaar.replace('-', '')}-${nummer}` : undefined);

  const documents: DocumentRef[] = [];
  if (id !== undefined) {
    const kind = documentKind(id, all('type'));
    const date = (kind === 'questions' ? submitted : answered) ?? isoDate(get('issued')) ?? null;
    documents.push({ id, kind, date, url: publicationUrl(id) });
  }
  for (const answer of all('aanhangsel')) documents.push({ id: answer, kind: 'answer', date: null, url: publicationUrl(answer) });

  const categories = all('category');
  // Eerste Kamer records (and old ones) title the document with the whole question sentence:
  // "Vragen van de leden Knip (VVD), … aan de Minister van … inzake … (ingezonden 25 september 2015)."
  const title = get('title');
  const heading = title !== undefined && isQuestionHeading(title) ? parseQuestionHeading(title) : undefined;
  const indieners = all('indiener').map((name) => ({ name: personName(name), party: null }));
  return {
    zaak: get('vraagnummer') ?? zaakOfQuestionsId(id),
    house,
    title: heading?.subject ?? title,
    submitted: submitted ?? heading?.submitted,
    answered,
    vergaderjaar,
    submitters: nonEmpty(withParties(indieners, heading?.submitters ?? [])),
    ...(heading ? { addressees: nonEmpty(heading.addressees) } : {}),
    answeredBy: nonEmpty(all('ontvanger').map((name) => ({ name: personName(name), role: null, party: null }))),
    topics: nonEmpty(topicsFromCategories(categories)),
    documents: nonEmpty(documents),
  };
}

/**
 * The indiener fields spell names best ("D.J.H. van Dijk"); the title sentence has the parties
 * ("D.J.H. vanDijk (SGP)"). When both list the same number of people, in the same order, take the
 * names from the one and the parties from the other.
 */
function withParties(indieners: Submitter[], fromTitle: Submitter[]): Submitter[] {
  if (fromTitle.length === 0) return indieners;
  if (indieners.length !== fromTitle.length) return indieners.length > 0 ? indieners : fromTitle;
  return indieners.map((p, i) => ({ name: p.name, party: fromTitle[i]!.party }));
}

function documentKind(id: string, types: readonly string[]): DocumentKind {
  if (/^kv-/i.test(id)) return 'questions';
  if (types.some((t) => /^mededeling/i.test(t))) return 'notice';
  return 'answer';
}

/** "Dijk, D.J.H. van" → "D.J.H. van Dijk"; names in reading order stay as they are. */
function personName(name: string): string {
  const m = /^([^,]+),\s*(.+)$/.exec(name);
  return m ? `${m[2]} ${m[1]}` : name;
}
