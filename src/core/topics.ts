/**
 * Topics (onderwerpen). Official sources classify a publication with terms of the
 * TaxonomieBeleidsagenda ("Economie | Ondernemen"); text exports and web pages print the terms
 * lower-cased and run together ("economie financieel toezicht financiën handel …"). We keep the
 * terms lower-cased, one per topic, without duplicates, in the order first seen.
 */

/**
 * The multi-word terms of the TaxonomieBeleidsagenda (main terms and sub-terms). One-word terms
 * need no listing: a word that starts no multi-word term is a topic on its own.
 */
const MULTI_WORD_TERMS = [
  'arbeidsomstandigheden en veiligheid', 'bedrijfsleven en ondernemen', 'bouwen en verbouwen',
  'criminaliteit en veiligheid', 'cultuur en recreatie', 'europese zaken', 'financieel toezicht',
  'gemeenten en provincies', 'huren en verhuren', 'kopen en verkopen', 'landbouw en visserij',
  'lucht- en scheepvaart', 'lucht en scheepvaart', 'migratie en integratie', 'natuur en milieu',
  'natuur- en landschapsbeheer', 'ontwikkelingssamenwerking en hulp', 'onderwijs en wetenschap',
  'openbare orde en veiligheid', 'organisatie en beleid', 'politie, brandweer en hulpdiensten',
  'politie brandweer en hulpdiensten', 'recht en veiligheid', 'ruimte en infrastructuur',
  'ruimtelijke ordening', 'sociale zekerheid', 'voortgezet onderwijs', 'hoger onderwijs',
  'primair onderwijs', 'zorg en gezondheid', 'werk en inkomen', 'burgerlijk recht', 'gezin en kinderen',
  'ziekten en behandelingen', 'geneesmiddelen en medische hulpmiddelen', 'openbaar vervoer',
  'weg- en verkeersveiligheid', 'weg en verkeersveiligheid', 'nieuwe media', 'europese unie',
  'internationale samenwerking', 'buitenlandse zaken', 'koninklijk huis', 'gemeenschappelijk beleid',
];

const BY_FIRST_WORD = new Map<string, string[][]>();
for (const term of MULTI_WORD_TERMS) {
  const words = term.split(' ');
  const list = BY_FIRST_WORD.get(words[0]!) ?? [];
  list.push(words);
  list.sort((a, b) => b.length - a.length);
  BY_FIRST_WORD.set(words[0]!, list);
}

/** Split a run-together topic line into terms, longest multi-word term first. */
export function splitTopicLine(line: string): string[] {
  const words = line.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    const match = (BY_FIRST_WORD.get(words[i]!) ?? []).find((t) => t.every((w, k) => words[i + k] === w));
    const n = match ? match.length : 1;
    out.push(words.slice(i, i + n).join(' '));
    i += n;
  }
  return dedupe(out);
}

/** Official categories ("Economie | Ondernemen") → topics ["economie", "ondernemen"]. */
export function topicsFromCategories(categories: readonly string[]): string[] {
  return dedupe(categories.flatMap((c) => c.split('|').map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0)));
}

function dedupe(list: readonly string[]): string[] {
  return [...new Set(list)];
}
