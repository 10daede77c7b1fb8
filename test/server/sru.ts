/**
 * KOOP's SRU 2.0 searchRetrieve over the fixture records, the way the service behaves (README.md
 * next to this file): CQL with the indexes the service's records carry, `and`/`or`/`not`,
 * parentheses, and a `sortBy` clause (CQL 1.2); results in order of relevance unless `sortBy` is
 * sent; a query it cannot read is answered with `sru:diagnostics` (SRU 2.0 diagnostics list:
 * 1/10 query syntax error, 1/16 unsupported index, 1/80 sort not supported) and no records.
 */
import type { Corpus, SruRecordEntry } from './corpus';

export class CqlError extends Error {
  constructor(readonly uri: string, message: string, readonly details: string) {
    super(message);
  }
}

type Clause =
  | { kind: 'term'; index: string; relation: string; value: string }
  | { kind: 'bool'; op: 'and' | 'or' | 'not'; left: Clause; right: Clause };

interface Sort {
  index: string;
  descending: boolean;
}

const INDEXES = new Set(['c.product-area', 'w.publicatienaam', 'dt.identifier', 'w.vraagnummer', 'dt.date', 'cql.textandindexes', 'cql.serverchoice', 'dt.title']);
const SORTABLE = new Set(['dt.date', 'dt.modified']);
const RELATIONS = ['==', '<>', '>=', '<=', '=', '>', '<'];

const SYNTAX = 'info:srw/diagnostic/1/10';

function tokenize(cql: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < cql.length) {
    const c = cql[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < cql.length && cql[j] !== '"') {
        if (cql[j] === '\\' && j + 1 < cql.length) j++;
        value += cql[j];
        j++;
      }
      if (j >= cql.length) throw new CqlError(SYNTAX, 'Query syntax error', cql);
      tokens.push(`"${value}`); // a leading quote marks a quoted term
      i = j + 1;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else {
      const rel = RELATIONS.find((r) => cql.startsWith(r, i));
      if (rel) {
        tokens.push(rel);
        i += rel.length;
        continue;
      }
      let j = i;
      while (j < cql.length && !/[\s()"=<>]/.test(cql[j]!)) j++;
      tokens.push(cql.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

export function parseCql(cql: string): { clause: Clause; sort: Sort[] } {
  const tokens = tokenize(cql);
  let pos = 0;
  const fail = (): never => {
    throw new CqlError(SYNTAX, 'Query syntax error', cql);
  };
  const word = (t: string | undefined, w: string): boolean => t !== undefined && t.toLowerCase() === w;
  const orQ = (): Clause => {
    let left = andQ();
    while (word(tokens[pos], 'or')) {
      pos++;
      left = { kind: 'bool', op: 'or', left, right: andQ() };
    }
    return left;
  };
  const andQ = (): Clause => {
    let left = primary();
    while (word(tokens[pos], 'and') || word(tokens[pos], 'not')) {
      const op = tokens[pos]!.toLowerCase() as 'and' | 'not';
      pos++;
      left = { kind: 'bool', op, left, right: primary() };
    }
    return left;
  };
  const primary = (): Clause => {
    const t = tokens[pos];
    if (t === undefined || t === ')' || word(t, 'sortby')) return fail();
    if (t === '(') {
      pos++;
      const inner = orQ();
      if (tokens[pos] !== ')') fail();
      pos++;
      return inner;
    }
    pos++;
    const next = tokens[pos];
    if (next !== undefined && RELATIONS.includes(next)) {
      pos++;
      const value = tokens[pos];
      if (value === undefined || value === '(' || value === ')' || RELATIONS.includes(value)) return fail();
      pos++;
      const index = t.toLowerCase();
      if (!INDEXES.has(index)) throw new CqlError('info:srw/diagnostic/1/16', 'Unsupported index', t);
      return { kind: 'term', index, relation: next, value: unquote(value) };
    }
    return { kind: 'term', index: 'cql.serverchoice', relation: '=', value: unquote(t) };
  };
  const clause = orQ();
  const sort: Sort[] = [];
  if (word(tokens[pos], 'sortby')) {
    pos++;
    if (pos >= tokens.length) fail();
    while (pos < tokens.length) {
      const [index, ...modifiers] = tokens[pos]!.split('/');
      pos++;
      if (!SORTABLE.has(index!.toLowerCase())) throw new CqlError('info:srw/diagnostic/1/80', 'Sort not supported', tokens[pos - 1]!);
      sort.push({ index: index!.toLowerCase(), descending: modifiers.some((m) => m.toLowerCase() === 'sort.descending') });
    }
  }
  if (pos < tokens.length) fail();
  return { clause, sort };
}

function unquote(token: string): string {
  return token.startsWith('"') ? token.slice(1) : token;
}

function holds(c: Clause, r: SruRecordEntry): boolean {
  if (c.kind === 'bool') {
    if (c.op === 'and') return holds(c.left, r) && holds(c.right, r);
    if (c.op === 'or') return holds(c.left, r) || holds(c.right, r);
    return holds(c.left, r) && !holds(c.right, r);
  }
  const value = c.value;
  const exact = (field: string | null): boolean => c.relation === '<>' ? field !== value : field !== null && (c.relation === '==' ? field === value : field.toLowerCase() === value.toLowerCase());
  switch (c.index) {
    case 'c.product-area': return exact(r.productArea);
    case 'w.publicatienaam': return exact(r.publicatienaam);
    case 'dt.identifier': return exact(r.identifier);
    case 'w.vraagnummer': return exact(r.vraagnummer);
    case 'dt.date': {
      if (r.date === null) return false;
      switch (c.relation) {
        case '>=': return r.date >= value;
        case '<=': return r.date <= value;
        case '>': return r.date > value;
        case '<': return r.date < value;
        case '<>': return r.date !== value;
        default: return r.date === value;
      }
    }
    default: // cql.textAndIndexes, cql.serverChoice, dt.title: every word, anywhere, ignoring case
      return value.toLowerCase().split(/\s+/).filter((w) => w.length > 0).every((w) => r.text.includes(w));
  }
}

/** Relevance, as far as a fixture can have one: how often the query's words occur in the record. */
function score(c: Clause, r: SruRecordEntry): number {
  if (c.kind === 'bool') return score(c.left, r) + (c.op === 'not' ? 0 : score(c.right, r));
  if (c.index !== 'cql.textandindexes' && c.index !== 'cql.serverchoice') return 0;
  return c.value.toLowerCase().split(/\s+/).filter((w) => w.length > 0).reduce((n, w) => n + r.text.split(w).length - 1, 0);
}

/** The records a query finds, in the service's order. */
export function searchRecords(corpus: Corpus, cql: string): SruRecordEntry[] {
  const { clause, sort } = parseCql(cql);
  const found = corpus.sru.map((r, i) => ({ r, i, s: score(clause, r) })).filter((x) => holds(clause, x.r));
  found.sort((a, b) => {
    for (const key of sort) {
      const x = a.r.date ?? '';
      const y = b.r.date ?? '';
      if (x !== y) return (x < y ? -1 : 1) * (key.descending ? -1 : 1);
    }
    return sort.length > 0 ? a.i - b.i : b.s - a.s || a.i - b.i;
  });
  return found.map((x) => x.r);
}

const FRAME_START = `<?xml version="1.0" encoding="UTF-8"?>
<sru:searchRetrieveResponse xmlns:overheidwetgeving="http://standaarden.overheid.nl/wetgeving/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:cd="http://standaarden.overheid.nl/cup/data" xmlns:sru="http://docs.oasis-open.org/ns/search-ws/sruResponse" xmlns:gzd="http://standaarden.overheid.nl/sru" xmlns:diag="http://docs.oasis-open.org/ns/search-ws/diagnostic" xmlns:facet="http://docs.oasis-open.org/ns/search-ws/facetedResults" xmlns:c="http://standaarden.overheid.nl/collectie/">
    <sru:version>2.0</sru:version>`;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function echoed(cql: string, start: number, max: number): string {
  return `    <sru:echoedSearchRetrieveRequest>
        <sru:query>${escapeXml(cql)}</sru:query>
        <sru:startRecord>${start}</sru:startRecord>
        <sru:maximumRecords>${max}</sru:maximumRecords>
        <sru:recordXMLEscaping>xml</sru:recordXMLEscaping>
        <sru:recordSchema>http://standaarden.overheid.nl/sru/</sru:recordSchema>
    </sru:echoedSearchRetrieveRequest>`;
}

/** One page of a searchRetrieveResponse. */
export function sruPage(records: SruRecordEntry[], cql: string, start: number, max: number): string {
  const page = records.slice(start - 1, start - 1 + max).map((r, i) => r.xml.replace(/<sru:recordPosition>\d*<\/sru:recordPosition>/, `<sru:recordPosition>${start + i}</sru:recordPosition>`));
  const next = start - 1 + max < records.length ? `\n    <sru:nextRecordPosition>${start + max}</sru:nextRecordPosition>` : '';
  return `${FRAME_START}
    <sru:numberOfRecords>${records.length}</sru:numberOfRecords>
    <sru:records>
${page.join('\n')}
    </sru:records>${next}
${echoed(cql, start, max)}
    <sru:resultCountPrecision>info:srw/vocabulary/resultCountPrecision/1/estimate</sru:resultCountPrecision>
</sru:searchRetrieveResponse>
`;
}

/** A refusal, as SRU 2.0 writes it: no records, one diagnostic. */
export function sruDiagnostic(err: CqlError, cql: string, start: number, max: number): string {
  return `${FRAME_START}
    <sru:numberOfRecords>0</sru:numberOfRecords>
    <sru:diagnostics>
        <diag:diagnostic>
            <diag:uri>${err.uri}</diag:uri>
            <diag:details>${escapeXml(err.details)}</diag:details>
            <diag:message>${escapeXml(err.message)}</diag:message>
        </diag:diagnostic>
    </sru:diagnostics>
${echoed(cql, start, max)}
</sru:searchRetrieveResponse>
`;
}
