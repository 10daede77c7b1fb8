/**
 * The Open Data Portal's collection answers, as the real portal gives them (README.md next to this
 * file, with the source of each behaviour):
 * - query options are checked: an unknown property, a bad literal or a syntax error in `$filter` or
 *   `$orderby`, an unknown navigation property in `$expand`, an unknown `$` option or a bad number
 *   is 400 with `{"error": {"code": "", "message": …}}`;
 * - with `$top` the answer holds at most that many (and never more than 250) and NO nextLink
 *   (OpenDataPortaal issue #70, closed as wontfix);
 * - without `$top` the portal pages by itself: 250 per page and an `@odata.nextLink` carrying an
 *   opaque `$skiptoken` (OpenDataPortaal issue #82, solved with skiptoken paging in July 2024);
 * - `@odata.count` is the number of all matches when `$count=true`;
 * - navigation properties are only in the answer when `$expand`ed, filtered by the expansion's own
 *   `$filter`.
 */
import { corpusOf } from './corpus';
import { compareBy, matches, parseFilter, parseOrderBy, qualified, QueryError, type OrderKey } from './odataFilter';

type Json = Record<string, unknown>;

export const ODATA_PAGE = 250;

const KNOWN_OPTIONS = new Set(['$filter', '$orderby', '$expand', '$top', '$skip', '$count', '$skiptoken', '$select', '$format']);

export interface ODataAnswer {
  status: number;
  body: string;
}

export function odataError(status: number, message: string): ODataAnswer {
  return { status, body: JSON.stringify({ error: { code: '', message } }) };
}

/** Checks a request's query options against the schema; throws QueryError for what the portal refuses. */
export async function checkODataQuery(root: string, entity: string, query: URLSearchParams): Promise<void> {
  const { schema } = await corpusOf(root);
  if (!schema.has(entity)) throw new QueryError(`No HTTP resource was found that matches the request URI for entity set '${entity}'.`);
  for (const key of query.keys()) {
    if (key.startsWith('$') && !KNOWN_OPTIONS.has(key)) throw new QueryError(`The query parameter '${key}' is not supported.`);
  }
  const filter = query.get('$filter');
  if (filter !== null) parseFilter(filter, schema, entity);
  const orderby = query.get('$orderby');
  if (orderby !== null) parseOrderBy(orderby, schema, entity);
  expansions(query.get('$expand'), schema, entity);
  selection(query.get('$select'), schema, entity);
  for (const option of ['$top', '$skip']) {
    const v = query.get(option);
    if (v !== null && !/^\d{1,9}$/.test(v)) throw new QueryError(`Invalid value '${v}' for ${option} query option found. The ${option} query option requires a non-negative integer value.`);
  }
  const count = query.get('$count');
  if (count !== null && count !== 'true' && count !== 'false') throw new QueryError(`'${count}' is not a valid count option.`);
}

interface Expansion {
  name: string;
  filter: string | null;
}

/** `Document($filter=Verwijderd eq false),ZaakActor(…)`: the names and their own filters. */
export function expansions(text: string | null, schema: Awaited<ReturnType<typeof corpusOf>>['schema'], entity: string): Expansion[] {
  if (text === null || text.trim() === '') return [];
  const type = schema.get(entity)!;
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw new QueryError(`Syntax error in '$expand=${text}'.`);
  }
  if (depth !== 0) throw new QueryError(`Syntax error in '$expand=${text}': unbalanced parentheses.`);
  parts.push(text.slice(start));
  return parts.map((part) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*$/s.exec(part);
    if (!m) throw new QueryError(`Syntax error in '$expand=${text}'.`);
    const target = type.navigation.get(m[1]!);
    if (!target) throw new QueryError(`Could not find a property named '${m[1]}' on type '${qualified(type.name)}'.`);
    let filter: string | null = null;
    for (const option of (m[2] ?? '').split(';').filter((o) => o.trim().length > 0)) {
      const o = /^\s*(\$\w+)=(.*)$/s.exec(option);
      if (!o) throw new QueryError(`Syntax error in '$expand=${text}'.`);
      if (o[1] === '$filter') {
        parseFilter(o[2]!, schema, target);
        filter = o[2]!;
      }
    }
    return { name: m[1]!, filter };
  });
}

/** A search over the corpus: filtered, ordered, paged the portal's way. */
export async function odataCollection(root: string, entity: string, query: URLSearchParams, rawPath: string, baseUrl: string): Promise<ODataAnswer> {
  const corpus = await corpusOf(root);
  const { schema } = corpus;
  if (entity === 'Toezegging') return toezeggingCollection(corpus, query, rawPath, baseUrl);
  if (entity !== 'Zaak') return odataError(501, `The fixture server searches Zaak and Toezegging only, not ${entity}.`);
  const filterText = query.get('$filter');
  const filter = filterText !== null ? parseFilter(filterText, schema, entity) : null;
  const orderText = query.get('$orderby');
  // The key comes last, so the order is total and a skiptoken names one place in it.
  const keys: OrderKey[] = [...(orderText ? parseOrderBy(orderText, schema, entity) : []), { property: 'Id', type: 'Edm.Guid', descending: false }];
  const expand = expansions(query.get('$expand'), schema, entity);
  const all = corpus.zaken.filter((z) => filter === null || matches(filter, z)).sort((a, b) => compareBy(keys, a, b));

  const context = `${baseUrl}/OData/v4/2.0/$metadata#${entity}${expand.length > 0 ? `(${expand.map((e) => `${e.name}()`).join(',')})` : ''}`;
  const out = odataPage(all, keys, query, context, `${baseUrl}${rawPath.split('?')[0]!}`, (z) => shaped(z, expand, schema));
  return { status: 200, body: JSON.stringify(out) };
}

/**
 * The Toezeggingen: filtered and ordered like the zaken, paged the portal's way, each cut to the
 * `$select`ed properties (OData v4.01 Part 1 §11.2.5.1: only those are in the answer).
 */
function toezeggingCollection(corpus: Awaited<ReturnType<typeof corpusOf>>, query: URLSearchParams, rawPath: string, baseUrl: string): ODataAnswer {
  const { schema } = corpus;
  const filterText = query.get('$filter');
  const filter = filterText !== null ? parseFilter(filterText, schema, 'Toezegging') : null;
  const orderText = query.get('$orderby');
  const keys: OrderKey[] = [...(orderText ? parseOrderBy(orderText, schema, 'Toezegging') : []), { property: 'Id', type: 'Edm.Guid', descending: false }];
  const all = corpus.toezeggingen.filter((t) => filter === null || matches(filter, t)).sort((a, b) => compareBy(keys, a, b));
  const select = selection(query.get('$select'), schema, 'Toezegging');
  const context = `${baseUrl}/OData/v4/2.0/$metadata#Toezegging${select ? `(${select.join(',')})` : ''}`;
  const shape = (t: Json): Json => (select ? Object.fromEntries(select.map((name) => [name, t[name] ?? null])) : { ...t });
  return { status: 200, body: JSON.stringify(odataPage(all, keys, query, context, `${baseUrl}${rawPath.split('?')[0]!}`, shape)) };
}

/** `$select=Id,Nummer`: the property names, each checked against the schema; null when not given. */
export function selection(text: string | null, schema: Awaited<ReturnType<typeof corpusOf>>['schema'], entity: string): string[] | null {
  if (text === null) return null;
  const type = schema.get(entity)!;
  return text.split(',').map((part) => {
    const name = part.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new QueryError(`Syntax error in '$select=${text}'.`);
    if (!type.properties.has(name) && !type.navigation.has(name)) throw new QueryError(`Could not find a property named '${name}' on type '${qualified(type.name)}'.`);
    return name;
  });
}

/**
 * One page of `all` (in `keys` order) as the portal answers it: from `$skip` or after the opaque
 * `$skiptoken`, at most 250 rows, `@odata.count` when asked, and a nextLink only when no `$top` was
 * given (OpenDataPortaal #70, #82). `link` is the address the nextLink repeats, without its query.
 */
export function odataPage(all: Json[], keys: OrderKey[], query: URLSearchParams, context: string, link: string, shape: (entity: Json) => Json): Json {
  let from = Number(query.get('$skip') ?? '0');
  const token = query.get('$skiptoken');
  if (token !== null) {
    const at = all.findIndex((z) => skiptokenOf(keys, z) === token);
    if (at < 0) throw new QueryError(`The skiptoken value '${token}' is not valid.`);
    from = at + 1;
  }
  const topText = query.get('$top');
  const size = topText !== null ? Math.min(Number(topText), ODATA_PAGE) : ODATA_PAGE;
  const page = all.slice(from, from + size);
  const out: Json = { '@odata.context': context };
  if (query.get('$count') === 'true') out['@odata.count'] = all.length;
  out['value'] = page.map(shape);
  if (topText === null && from + size < all.length) {
    const params = new URLSearchParams(query);
    params.delete('$skip');
    params.set('$skiptoken', skiptokenOf(keys, page[page.length - 1]!));
    out['@odata.nextLink'] = `${link}?${queryString(params)}`;
  }
  return out;
}

/** The entity as the answer holds it: its own properties, and the expanded navigation properties only. */
export function shaped(entity: Json, expand: Expansion[], schema: Awaited<ReturnType<typeof corpusOf>>['schema']): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(entity)) {
    if (!Array.isArray(value)) out[key] = value;
  }
  for (const e of expand) {
    const items = Array.isArray(entity[e.name]) ? (entity[e.name] as Json[]) : [];
    const target = schema.get('Zaak')!.navigation.get(e.name)!;
    const filter = e.filter !== null ? parseFilter(e.filter, schema, target) : null;
    out[e.name] = items.filter((i) => filter === null || matches(filter, i));
  }
  return out;
}

/** Where a page ended, in the style of ASP.NET OData's skiptoken (the order's values and the key); opaque to clients. */
export function skiptokenOf(keys: OrderKey[], entity: Json): string {
  return keys.map((k) => `${k.property}-${String(entity[k.property])}`).join(',');
}

/** Query options as OData writes them: %20 for spaces, '$' kept readable. */
export function queryString(params: URLSearchParams): string {
  const enc = (s: string): string => encodeURIComponent(s).replace(/%24/g, '$');
  return [...params].map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}
