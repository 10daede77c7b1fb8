/**
 * The services' own words when they refuse a request (pure). The Open Data Portal answers a bad
 * query with an OData JSON error body, `{"error": {"code", "message", "details"?, "innererror"?}}`
 * (OData v4 JSON Format, "Error Response"; seen on the portal in OpenDataPortaal issue #137 and
 * read the same way by openkamer/tkapi's `_request_json`); KOOP's SRU service sends
 * `sru:diagnostics/diag:diagnostic` with `diag:message` and `diag:details` (SRU 2.0, Part 3,
 * diagnostics) — with which HTTP status is not known, so both a 200 and an error status are read.
 */
import { parseSruResponse } from '../parse/sru';
import { squash } from '../text';
import { FetchError } from './resolve';

/** Longest service message shown to a user; the whole body goes to the log. */
export const SHORT_MESSAGE_CHARS = 300;

/** A request the service refused, with its own message; `details` is everything it said, for the log. */
export class ServiceError extends FetchError {
  constructor(message: string, readonly details: string, readonly status: number | null = null) {
    super(message);
  }
}

/**
 * The short message of an error answer: the OData error's message (and those of its details), or
 * the SRU diagnostics' "message: details". Null when the body is neither (an HTML error page, say).
 */
export function serviceErrorMessage(body: string | null | undefined): string | null {
  if (!body) return null;
  const text = body.replace(/^\uFEFF/, '').trim();
  const message = text.startsWith('{') ? odataErrorMessage(text) : text.startsWith('<') ? sruDiagnosticMessage(text) : null;
  return message ? shorten(message) : null;
}

function odataErrorMessage(json: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch (_) {
    return null;
  }
  const error = field(body, 'error');
  if (!error) return null;
  const parts = [stringField(error, 'message')];
  const details = field(error, 'details');
  if (Array.isArray(details)) for (const d of details) parts.push(stringField(d, 'message'));
  const inner = field(error, 'innererror');
  if (inner) parts.push(stringField(inner, 'message'));
  const said = [...new Set(parts.filter((p): p is string => p !== null && p.length > 0))];
  if (said.length > 0) return said.join(' ');
  const code = stringField(error, 'code');
  return code ? `error ${code}` : null;
}

function sruDiagnosticMessage(xml: string): string | null {
  if (!/diagnostic/i.test(xml)) return null;
  try {
    const diagnostics = parseSruResponse(xml).diagnostics;
    return diagnostics.length > 0 ? diagnostics.join('; ') : null;
  } catch (_) {
    return null;
  }
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[name] ?? null : null;
}

function stringField(value: unknown, name: string): string | null {
  const v = field(value, name);
  return typeof v === 'string' ? squash(v) : null;
}

function shorten(message: string): string {
  const one = squash(message);
  return one.length <= SHORT_MESSAGE_CHARS ? one : `${one.slice(0, SHORT_MESSAGE_CHARS - 1).trimEnd()}…`;
}
