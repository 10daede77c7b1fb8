/**
 * The one URL policy of every output (quotes, citations in every style, Markdown, exports, the hover
 * card, the reading panel): which addresses become links.
 *
 * A link is an `http:` or `https:` address, without user name or password, on the default port, whose
 * host is one of the official sites below or a subdomain of one:
 *
 * | Host                     | What lives there                                                        |
 * |--------------------------|-------------------------------------------------------------------------|
 * | officielebekendmakingen.nl | the official publications (zoek.…, the permanent links of documents) |
 * | overheid.nl              | KOOP's repository and search (repository.…), the laws (wetten.…)        |
 * | tweedekamer.nl           | the Tweede Kamer, its Open Data Portal (opendata.…, gegevensmagazijn.…) |
 * | eerstekamer.nl           | the Eerste Kamer                                                        |
 * | rijksoverheid.nl         | the government, where answers point for reports and letters             |
 *
 * The configured endpoints (`kamervragen.endpoints.*`, a mirror or a proxy the user chose) may be
 * passed as `extra`: their origins are links too.
 *
 * Anything else is never a link: `javascript:`, `command:`, `data:`, `file:` and every other scheme
 * are dropped from links; an `https:` address on another site (a news article a footnote cites) is
 * shown as text, so it can be read and copied but is not one click away. `linkUrl` returns the
 * address in a form that is safe inside a Markdown link, a LaTeX field and an HTML attribute.
 */

export const OFFICIAL_SITES: readonly string[] = [
  'officielebekendmakingen.nl',
  'overheid.nl',
  'tweedekamer.nl',
  'eerstekamer.nl',
  'rijksoverheid.nl',
];

/** The most characters of an address we show or link; longer ones are refused (a `data:` blob). */
const MAX_URL = 2048;

/** The address as a link when the policy allows it, else null. */
export function linkUrl(raw: string | null | undefined, extra: readonly string[] = []): string | null {
  const url = webAddress(raw);
  if (!url) return null;
  const host = url.hostname;
  const official = url.port === '' && OFFICIAL_SITES.some((site) => host === site || host.endsWith(`.${site}`));
  if (!official && !extra.some((e) => sameOrigin(url, e))) return null;
  return safeHref(url);
}

/** Whether `raw` is an `http(s)` address (any site, no credentials): the only addresses the model keeps. */
export function isWebAddress(raw: string | null | undefined): boolean {
  return webAddress(raw) !== null;
}

/** Whether `raw` becomes a link under the policy. */
export function isLinkable(raw: string | null | undefined, extra: readonly string[] = []): boolean {
  return linkUrl(raw, extra) !== null;
}

/**
 * An `http(s)` address on any site (no credentials), normalised — for showing an address as text,
 * never as a link. Null for other schemes, unreadable or overlong addresses.
 */
export function textUrl(raw: string | null | undefined): string | null {
  const url = webAddress(raw);
  return url ? safeHref(url) : null;
}

function webAddress(raw: string | null | undefined): URL | null {
  if (!raw) return null;
  const text = raw.trim();
  // The URL parser drops tabs and line breaks inside an address ("java\nscript:"); refuse them instead.
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (text.length === 0 || text.length > MAX_URL || /[\u0000-\u001f\u007f-\u009f]/.test(text)) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || !url.hostname) return null;
  return url;
}

function sameOrigin(url: URL, endpoint: string): boolean {
  try {
    const e = new URL(endpoint);
    return (e.protocol === 'https:' || e.protocol === 'http:') && e.origin === url.origin;
  } catch {
    return false;
  }
}

/** The href with the characters that end a Markdown link, a LaTeX group or an attribute percent-encoded. */
function safeHref(url: URL): string {
  return url.href.replace(/[()[\]<>"'`\\{}|^]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
