/**
 * What the features know of the library: the Kamervragen the note's identifiers name, looked up
 * (through the host) before a feature runs, so that features are plain synchronous functions.
 */
import { canonicalId, type KamervraagId } from '../../core/ids';
import type { Kamervraag } from '../../core/model';
import type { FoundKamervraag } from '../../shared/lspProtocol';

export interface NoteData {
  /** The library's copy of what `id` names; undefined when it is not in the library (or unknown). */
  lookup(id: KamervraagId): FoundKamervraag | undefined;
  /** Today as an ISO date (for "open for N days"). */
  today: string;
}

/** NoteData over a map of canonical id → found (null: not in the library). */
export function noteData(found: ReadonlyMap<string, FoundKamervraag | null>, today = new Date().toISOString().slice(0, 10)): NoteData {
  return { lookup: (id) => found.get(canonicalId(id)) ?? undefined, today };
}

/** Every identifier that names this Kamervraag: its key, zaak, kv-tk-{zaak} and its document ids. */
export function idsNaming(key: string, kv: Kamervraag | undefined): Set<string> {
  const ids = new Set<string>([key]);
  if (kv?.zaak) ids.add(kv.zaak);
  for (const d of kv?.documents ?? []) ids.add(d.id);
  for (const id of [...ids]) {
    if (/^(?:19|20)\d{2}Z\d{5}$/.test(id)) ids.add(`kv-tk-${id}`);
    const m = /^kv-tk-((?:19|20)\d{2}Z\d{5})$/.exec(id);
    if (m) ids.add(m[1]!);
  }
  return ids;
}
