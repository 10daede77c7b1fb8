/**
 * What a user types into the search box: free words (the subject) plus `key:value` parts, in Dutch
 * or English, values in quotes when they hold spaces:
 *
 *   scanners indiener:Rajkowski partij:VVD minister:"Buitenlandse Zaken" van:2023-01-01 tot:2023-12-31 status:open
 */
import type { SearchQuery, SearchStatus } from './odataQuery';

const KEYS: Record<string, keyof SearchQuery> = {
  indiener: 'submitter', submitter: 'submitter', lid: 'submitter',
  partij: 'party', fractie: 'party', party: 'party',
  minister: 'addressee', aan: 'addressee', addressee: 'addressee', ministerie: 'addressee',
  van: 'from', vanaf: 'from', from: 'from', sinds: 'from',
  tot: 'to', to: 'to', until: 'to',
  status: 'status',
};

const STATUSES: Record<string, SearchStatus> = {
  open: 'open', overdue: 'overdue', verlopen: 'overdue', 'te-laat': 'answered-late', laat: 'answered-late',
  late: 'answered-late', 'answered-late': 'answered-late', answered: 'answered', beantwoord: 'answered',
};

export interface ParsedSearch {
  query: SearchQuery;
  /** Parts that could not be understood, for a hint. */
  problems: string[];
}

export function parseSearchInput(input: string): ParsedSearch {
  const query: SearchQuery = {};
  const problems: string[] = [];
  const words: string[] = [];
  for (const m of input.matchAll(/(\S+?):("[^"]*"|\S+)|"([^"]*)"|(\S+)/g)) {
    if (m[1] !== undefined) {
      const key = KEYS[m[1].toLowerCase()];
      const value = m[2]!.replace(/^"|"$/g, '');
      if (!key) {
        words.push(m[0]);
        continue;
      }
      if (key === 'status') {
        const status = STATUSES[value.toLowerCase()];
        if (status) query.status = status;
        else problems.push(`status:${value}`);
      } else if (key === 'from' || key === 'to') {
        const date = dateOfInput(value, key === 'to');
        if (date) query[key] = date;
        else problems.push(`${m[1]}:${value}`);
      } else {
        query[key] = value;
      }
    } else {
      words.push(m[3] ?? m[4]!);
    }
  }
  const text = words.join(' ').trim();
  if (text) query.text = text;
  return { query, problems };
}

/** "2023-06-23", "23-06-2023", or a year ("2023": its first or, for `end`, last day); a day that exists. */
export function dateOfInput(value: string, end: boolean): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return existing(value);
  const dmy = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(value);
  if (dmy) return existing(`${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`);
  if (/^\d{4}$/.test(value)) return end ? `${value}-12-31` : `${value}-01-01`;
  return undefined;
}

/** The date when it is a real day of the calendar ("2023-02-30" is not). */
function existing(date: string): string | undefined {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date ? date : undefined;
}

/** True when the query asks for nothing (no words, no filters). */
export function isEmptyQuery(q: SearchQuery): boolean {
  return Object.values(q).every((v) => v === undefined || v === '');
}
