/**
 * The part of OData v4's `$filter` and `$orderby` that the portal's clients send, read and
 * evaluated as the portal does it (contract and sources: README.md next to this file): comparisons
 * (eq ne gt ge lt le) of properties and literals, `and`/`or`/`not`, parentheses, lambda `any` over a
 * navigation collection, and the string functions contains, startswith, endswith, tolower,
 * toupper. DateTimeOffset values compare as instants ("2023-03-26T00:00:00+01:00" is before
 * "2023-03-26T00:00:00Z"); `contains` compares as written (case-sensitive, as OData defines it).
 * Anything else — an unknown property, a bad literal, operands of types that do not compare, a
 * syntax error — is a `QueryError`, which the server answers with 400 and the portal's JSON error.
 */

export class QueryError extends Error {}

/** The type of a property, as far as the fixtures show it. */
export type EdmType = 'Edm.String' | 'Edm.Boolean' | 'Edm.Int64' | 'Edm.DateTimeOffset' | 'Edm.Guid';

export interface EntityType {
  name: string;
  properties: Map<string, EdmType>;
  /** Navigation properties: their name → the type of the entities they lead to (all collections here). */
  navigation: Map<string, string>;
}

export type Schema = Map<string, EntityType>;

type Json = Record<string, unknown>;

type Node =
  | { kind: 'literal'; type: EdmType | 'null' | 'Edm.Date'; value: unknown }
  | { kind: 'property'; path: string[]; type: EdmType; variable: string | null }
  | { kind: 'any'; path: string[]; variable: string; body: Node; target: EntityType; variableOf: string | null }
  | { kind: 'call'; name: string; args: Node[]; type: EdmType }
  | { kind: 'not'; operand: Node }
  | { kind: 'logical'; op: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'compare'; op: string; left: Node; right: Node };

type Token = { t: 'word' | 'string' | 'punct' | 'number' | 'datetime' | 'date' | 'guid'; v: string; at: number };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= text.length) throw new QueryError(`There is an unterminated string literal at position ${i} in '${text}'.`);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j];
        j++;
      }
      tokens.push({ t: 'string', v: value, at: i });
      i = j + 1;
      continue;
    }
    const m = DATETIME.exec(rest) ?? null;
    if (m) {
      tokens.push({ t: 'datetime', v: m[0], at: i });
      i += m[0].length;
      continue;
    }
    const g = GUID.exec(rest);
    if (g) {
      tokens.push({ t: 'guid', v: g[0], at: i });
      i += g[0].length;
      continue;
    }
    const d = DATE.exec(rest);
    if (d) {
      tokens.push({ t: 'date', v: d[0], at: i });
      i += d[0].length;
      continue;
    }
    if ('(),/:'.includes(c)) {
      tokens.push({ t: 'punct', v: c, at: i });
      i++;
      continue;
    }
    const n = /^-?\d+(?:\.\d+)?(?![\w])/.exec(rest);
    if (n) {
      tokens.push({ t: 'number', v: n[0], at: i });
      i += n[0].length;
      continue;
    }
    const w = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (w) {
      tokens.push({ t: 'word', v: w[0], at: i });
      i += w[0].length;
      continue;
    }
    throw new QueryError(`Syntax error: character '${c}' is not valid at position ${i} in '${text}'.`);
  }
  return tokens;
}

const COMPARE = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS: Record<string, { args: EdmType[]; type: EdmType }> = {
  contains: { args: ['Edm.String', 'Edm.String'], type: 'Edm.Boolean' },
  startswith: { args: ['Edm.String', 'Edm.String'], type: 'Edm.Boolean' },
  endswith: { args: ['Edm.String', 'Edm.String'], type: 'Edm.Boolean' },
  tolower: { args: ['Edm.String'], type: 'Edm.String' },
  toupper: { args: ['Edm.String'], type: 'Edm.String' },
};

/** A parsed `$filter`, checked against the schema; evaluate it with `matches`. */
export function parseFilter(text: string, schema: Schema, entity: string): Node {
  const type = schema.get(entity)!;
  const tokens = tokenize(text);
  let pos = 0;
  const scopes: { name: string; type: EntityType }[] = [];
  const peek = (): Token | undefined => tokens[pos];
  const isWord = (v: string): boolean => peek()?.t === 'word' && peek()!.v === v;
  const expect = (v: string): void => {
    const t = tokens[pos];
    if (!t || t.v !== v) throw new QueryError(`Syntax error at position ${t?.at ?? text.length} in '${text}': '${v}' expected.`);
    pos++;
  };

  const orExpr = (): Node => {
    let left = andExpr();
    while (isWord('or')) {
      pos++;
      left = { kind: 'logical', op: 'or', left: boolean(left), right: boolean(andExpr()) };
    }
    return left;
  };
  const andExpr = (): Node => {
    let left = notExpr();
    while (isWord('and')) {
      pos++;
      left = { kind: 'logical', op: 'and', left: boolean(left), right: boolean(notExpr()) };
    }
    return left;
  };
  const notExpr = (): Node => {
    if (isWord('not')) {
      pos++;
      return { kind: 'not', operand: boolean(notExpr()) };
    }
    return compare();
  };
  const compare = (): Node => {
    const left = primary();
    const t = peek();
    if (t?.t === 'word' && COMPARE.has(t.v)) {
      pos++;
      const right = primary();
      checkComparable(t.v, left, right);
      return { kind: 'compare', op: t.v, left, right };
    }
    return left;
  };
  const boolean = (n: Node): Node => {
    if (typeOf(n) !== 'Edm.Boolean') throw new QueryError(`The expression at position ${tokens[Math.max(0, pos - 1)]?.at ?? 0} in '${text}' is not of type Edm.Boolean.`);
    return n;
  };
  const primary = (): Node => {
    const t = tokens[pos];
    if (!t) throw new QueryError(`Syntax error: the expression '${text}' ends too early.`);
    if (t.v === '(' && t.t === 'punct') {
      pos++;
      const inner = orExpr();
      expect(')');
      return inner;
    }
    pos++;
    switch (t.t) {
      case 'string': return { kind: 'literal', type: 'Edm.String', value: t.v };
      case 'number': return { kind: 'literal', type: 'Edm.Int64', value: Number(t.v) };
      case 'datetime': return { kind: 'literal', type: 'Edm.DateTimeOffset', value: Date.parse(t.v) };
      case 'date': return { kind: 'literal', type: 'Edm.Date', value: t.v };
      case 'guid': return { kind: 'literal', type: 'Edm.Guid', value: t.v.toLowerCase() };
      case 'punct': throw new QueryError(`Syntax error at position ${t.at} in '${text}'.`);
      case 'word': break;
    }
    if (t.v === 'true' || t.v === 'false') return { kind: 'literal', type: 'Edm.Boolean', value: t.v === 'true' };
    if (t.v === 'null') return { kind: 'literal', type: 'null', value: null };
    if (peek()?.v === '(' && FUNCTIONS[t.v] === undefined && !/^[A-Z]/.test(t.v)) {
      throw new QueryError(`An unknown function with name '${t.v}' was found. This may also be a function import or a key lookup on a navigation property, which is not allowed.`);
    }
    const fn = FUNCTIONS[t.v];
    if (fn && peek()?.v === '(') {
      pos++;
      const args: Node[] = [];
      if (peek()?.v !== ')') {
        args.push(orExpr());
        while (peek()?.v === ',') {
          pos++;
          args.push(orExpr());
        }
      }
      expect(')');
      if (args.length !== fn.args.length) throw new QueryError(`No function signature for the function with name '${t.v}' matches the specified arguments.`);
      args.forEach((a, i) => {
        const at = typeOf(a);
        if (at !== fn.args[i] && at !== 'null') throw new QueryError(`No function signature for the function with name '${t.v}' matches the specified arguments. The function signatures considered are: ${t.v}(${fn.args.join(', ')}).`);
      });
      return { kind: 'call', name: t.v, args, type: fn.type };
    }
    // A property path, maybe starting at a lambda variable, maybe ending in /any(v: …).
    let variable: string | null = null;
    let current = type;
    const path: string[] = [];
    const scope = scopes.find((s) => s.name === t.v);
    if (scope) {
      variable = scope.name;
      current = scope.type;
    } else {
      pos--;
    }
    for (;;) {
      if (variable !== null && path.length === 0) {
        if (peek()?.v !== '/') return { kind: 'property', path: [], type: 'Edm.String', variable };
        pos++;
      }
      const name = tokens[pos];
      if (!name || name.t !== 'word') throw new QueryError(`Syntax error at position ${name?.at ?? text.length} in '${text}': a property name was expected.`);
      pos++;
      const propType = current.properties.get(name.v);
      if (propType) {
        path.push(name.v);
        return { kind: 'property', path, type: propType, variable };
      }
      const nav = current.navigation.get(name.v);
      if (!nav) throw new QueryError(`Could not find a property named '${name.v}' on type '${qualified(current.name)}'.`);
      path.push(name.v);
      const target = schema.get(nav)!;
      if (peek()?.v === '/' && tokens[pos + 1]?.v === 'any') {
        pos += 2;
        expect('(');
        const v = tokens[pos];
        if (!v || v.t !== 'word') throw new QueryError(`Syntax error at position ${v?.at ?? text.length} in '${text}': a lambda variable was expected.`);
        pos++;
        expect(':');
        scopes.unshift({ name: v.v, type: target });
        const body = boolean(orExpr());
        scopes.shift();
        expect(')');
        return { kind: 'any', path, variable: v.v, body, target, variableOf: variable };
      }
      throw new QueryError(`The parent value for a property access of a property '${name.v}' is not a single value. Property access can only be applied to a single value.`);
    }
  };

  const tree = orExpr();
  if (pos < tokens.length) throw new QueryError(`Syntax error at position ${tokens[pos]!.at} in '${text}'.`);
  return boolean(tree);
}

export function qualified(name: string): string {
  return `TK.DA.GGM.OData.${name}`;
}

function typeOf(n: Node): EdmType | 'null' | 'Edm.Date' {
  switch (n.kind) {
    case 'literal': return n.type;
    case 'property': return n.type;
    case 'call': return n.type;
    default: return 'Edm.Boolean';
  }
}

const OPERATOR_NAMES: Record<string, string> = { eq: 'Equal', ne: 'NotEqual', gt: 'GreaterThan', ge: 'GreaterThanOrEqual', lt: 'LessThan', le: 'LessThanOrEqual' };

function checkComparable(op: string, left: Node, right: Node): void {
  const a = typeOf(left);
  const b = typeOf(right);
  if (a === 'null' || b === 'null' || a === b) return;
  throw new QueryError(`A binary operator with incompatible types was detected. Found operand types '${a}' and '${b}' for operator kind '${OPERATOR_NAMES[op]}'.`);
}

/** Whether an entity passes a parsed filter (null counts as false, as in OData). */
export function matches(node: Node, entity: Json): boolean {
  return evaluate(node, entity, new Map()) === true;
}

function evaluate(node: Node, entity: Json, vars: Map<string, Json>): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'property': {
      let value: unknown = node.variable !== null ? vars.get(node.variable) : entity;
      for (const p of node.path) value = value !== null && typeof value === 'object' ? (value as Json)[p] ?? null : null;
      if (node.type === 'Edm.DateTimeOffset' && typeof value === 'string') return Date.parse(value);
      if (node.type === 'Edm.Guid' && typeof value === 'string') return value.toLowerCase();
      return value ?? null;
    }
    case 'any': {
      let owner: unknown = node.variableOf !== null ? vars.get(node.variableOf) : entity;
      for (const p of node.path) owner = owner !== null && typeof owner === 'object' ? (owner as Json)[p] ?? null : null;
      if (!Array.isArray(owner)) return false;
      return owner.some((item) => evaluate(node.body, entity, new Map(vars).set(node.variable, item as Json)) === true);
    }
    case 'call': {
      const args = node.args.map((a) => evaluate(a, entity, vars));
      if (args.some((a) => a === null || a === undefined)) return null;
      const [s, t] = args as string[];
      switch (node.name) {
        case 'contains': return s!.includes(t!);
        case 'startswith': return s!.startsWith(t!);
        case 'endswith': return s!.endsWith(t!);
        case 'tolower': return s!.toLowerCase();
        case 'toupper': return s!.toUpperCase();
      }
      return null;
    }
    case 'not': {
      const v = evaluate(node.operand, entity, vars);
      return v === null ? null : !v;
    }
    case 'logical': {
      const a = evaluate(node.left, entity, vars) === true;
      const b = evaluate(node.right, entity, vars) === true;
      return node.op === 'and' ? a && b : a || b;
    }
    case 'compare': {
      const a = evaluate(node.left, entity, vars);
      const b = evaluate(node.right, entity, vars);
      if (node.op === 'eq') return a === b;
      if (node.op === 'ne') return a !== b;
      if (a === null || b === null) return false;
      const c = compareValues(a, b);
      return node.op === 'gt' ? c > 0 : node.op === 'ge' ? c >= 0 : node.op === 'lt' ? c < 0 : c <= 0;
    }
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export interface OrderKey {
  property: string;
  type: EdmType;
  descending: boolean;
}

/** `$orderby=GestartOp desc,Nummer desc` against the schema. */
export function parseOrderBy(text: string, schema: Schema, entity: string): OrderKey[] {
  const type = schema.get(entity)!;
  return text.split(',').map((part) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/.exec(part);
    if (!m) throw new QueryError(`Syntax error in '$orderby=${text}'.`);
    const propType = type.properties.get(m[1]!);
    if (!propType) throw new QueryError(`Could not find a property named '${m[1]}' on type '${qualified(type.name)}'.`);
    return { property: m[1]!, type: propType, descending: m[2] === 'desc' };
  });
}

/** Compares two entities by the keys (nulls first when ascending, as SQL Server sorts them). */
export function compareBy(keys: OrderKey[], a: Json, b: Json): number {
  for (const k of keys) {
    const x = sortValue(a[k.property], k.type);
    const y = sortValue(b[k.property], k.type);
    let c = 0;
    if (x === null && y !== null) c = -1;
    else if (x !== null && y === null) c = 1;
    else if (x !== null && y !== null) c = compareValues(x, y);
    if (c !== 0) return k.descending ? -c : c;
  }
  return 0;
}

function sortValue(v: unknown, type: EdmType): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'Edm.DateTimeOffset' && typeof v === 'string') return Date.parse(v);
  return v;
}

/** The schema the fixtures imply: each property's type from its first non-null value (String when always null). */
export function schemaOf(samples: Record<string, Json[]>, navigation: Record<string, Record<string, string>>): Schema {
  const schema: Schema = new Map();
  for (const [name, entities] of Object.entries(samples)) {
    const nav = new Map(Object.entries(navigation[name] ?? {}));
    const properties = new Map<string, EdmType>();
    for (const e of entities) {
      for (const [key, value] of Object.entries(e)) {
        if (nav.has(key) || key.startsWith('@') || properties.has(key)) continue;
        const type = edmTypeOf(key, value);
        if (type !== null) properties.set(key, type);
      }
    }
    for (const e of entities) for (const key of Object.keys(e)) if (!nav.has(key) && !key.startsWith('@') && !properties.has(key)) properties.set(key, 'Edm.String');
    schema.set(name, { name, properties, navigation: nav });
  }
  return schema;
}

function edmTypeOf(key: string, value: unknown): EdmType | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return 'Edm.Boolean';
  if (typeof value === 'number') return 'Edm.Int64';
  if (typeof value === 'string' && DATETIME.test(value) && DATETIME.exec(value)![0].length === value.length) return 'Edm.DateTimeOffset';
  if (typeof value === 'string' && (key === 'Id' || key.endsWith('_Id')) && GUID.test(value)) return 'Edm.Guid';
  return 'Edm.String';
}
