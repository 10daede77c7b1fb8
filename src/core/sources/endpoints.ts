/**
 * Where the official services live. Every endpoint is a setting (`kamervragen.endpoints.*`), so
 * tests, mirrors and proxies work; URLs that documents carry (always the real hosts) are moved onto
 * the configured endpoints before they are fetched.
 */

export interface Endpoints {
  /** Tweede Kamer Open Data Portal, OData v4. */
  odata: string;
  /** repository.overheid.nl, the root under which /frbr/… lives. */
  repository: string;
  /** repository.overheid.nl's SRU 2.0 search service. */
  sru: string;
  /** zoek.officielebekendmakingen.nl, for the HTML pages of publications. */
  zoek: string;
}

export const DEFAULT_ENDPOINTS: Endpoints = {
  odata: 'https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/',
  repository: 'https://repository.overheid.nl/',
  sru: 'https://repository.overheid.nl/sru',
  zoek: 'https://zoek.officielebekendmakingen.nl/',
};

const REAL_REPOSITORY = 'https://repository.overheid.nl/';
const REAL_ZOEK = 'https://zoek.officielebekendmakingen.nl/';

/** `base` with exactly one trailing slash. */
export function withSlash(base: string): string {
  return base.replace(/\/+$/, '') + '/';
}

/**
 * A URL on one of the real KOOP hosts, moved to the configured endpoint
 * (https://repository.overheid.nl/frbr/… → {repository}frbr/…). Other URLs stay as they are.
 */
export function onEndpoint(url: string, endpoints: Endpoints): string {
  const real = url.replace(/^http:\/\//, 'https://');
  if (real.startsWith(REAL_REPOSITORY) && !real.startsWith(`${REAL_REPOSITORY}sru`)) {
    return withSlash(endpoints.repository) + real.slice(REAL_REPOSITORY.length);
  }
  if (real.startsWith(REAL_ZOEK)) return withSlash(endpoints.zoek) + real.slice(REAL_ZOEK.length);
  return url;
}

/** Check user-configured endpoints: each must be an absolute http(s) URL. Returns the problems. */
export function endpointProblems(endpoints: Endpoints): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(endpoints)) {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      problems.push(`kamervragen.endpoints.${name} is "${value}", which is not an http(s) address.`);
    }
  }
  return problems;
}
