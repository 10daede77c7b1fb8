/**
 * An index file (PackedIndex) seen through the changes made since it was written: documents of the
 * file that are gone or were replaced are marked dead, new and changed items sit in a small
 * in-memory LibraryIndex (the overlay). Searching it is the same Searcher over both at once, with
 * the overlay's documents numbered after the file's; writing it (`pack`) gives the file
 * that the folder now calls for, without reindexing what the file already has.
 *
 * Term and party numbers of the two parts differ, so a merged term number is handed out for each
 * name asked for (termOf, expand) and names the pair (file term, overlay term). The table is
 * emptied by `forgetTerms()` between queries once it grows large.
 */
import type { Kamervraag } from '../model';
import type { LibraryIndex, PostingSource } from './search';
import { packMergedTo, type MergedParts, type PackedIndex } from './packedIndex';

const MAX_EXPANSIONS = 50;
/** Merged term numbers kept between queries before the table starts over. */
const TERM_TABLE_LIMIT = 50_000;

export class MergedIndex implements PostingSource, MergedParts {
  private readonly names = new Map<string, number>();
  private baseTerm: number[] = [];
  private overlayTerm: number[] = [];
  private readonly partyIds = new Map<string, number>();
  private readonly baseSize: number;
  private deadCount = 0;
  /** Per document of the file: 1 when it no longer counts (removed, or replaced in the overlay). */
  private readonly dead: Uint8Array;

  constructor(readonly base: PackedIndex | undefined, readonly overlay: LibraryIndex) {
    this.baseSize = base?.size ?? 0;
    this.dead = new Uint8Array(this.baseSize);
  }

  /** Marks the file's copy of `key` as no longer current; false when the file has none (or it is already dead). */
  kill(key: string): boolean {
    const doc = this.base?.docOfKey(key);
    return doc !== undefined && this.killDoc(doc);
  }

  /** Marks document `doc` of the file as no longer current; false when it already is. */
  killDoc(doc: number): boolean {
    if (doc >= this.baseSize || this.dead[doc]) return false;
    this.dead[doc] = 1;
    this.deadCount++;
    return true;
  }

  /** Adds or replaces an item: the file's copy dies, the new one goes into the overlay. */
  put(key: string, kv: Kamervraag, origin?: { file: string; stamp: string }): void {
    this.kill(key);
    this.overlay.add(key, kv, origin);
  }

  remove(key: string): void {
    this.kill(key);
    this.overlay.remove(key);
  }

  /** Whether this differs from the file it was opened on. */
  get changed(): boolean {
    return this.deadCount > 0 || this.overlay.size > 0;
  }

  /** Documents in the overlay and dead documents of the file. */
  get changes(): number {
    return this.deadCount + this.overlay.size;
  }

  /** Empties the merged term table when it has grown large (call it between queries only). */
  forgetTerms(): void {
    if (this.baseTerm.length < TERM_TABLE_LIMIT) return;
    this.names.clear();
    this.baseTerm = [];
    this.overlayTerm = [];
  }

  private intern(name: string, base: number, overlay: number): number {
    const id = this.baseTerm.length;
    this.names.set(name, id);
    this.baseTerm.push(base);
    this.overlayTerm.push(overlay);
    return id;
  }

  // ── PostingSource ───────────────────────────────────────────────────────────────────────

  get size(): number {
    return this.baseSize - this.deadCount + this.overlay.size;
  }

  get docLimit(): number {
    return this.baseSize + this.overlay.docLimit;
  }

  termOf(name: string): number | undefined {
    const known = this.names.get(name);
    if (known !== undefined) return known;
    const b = this.base?.termOf(name);
    const o = this.overlay.termOf(name);
    if (b === undefined && o === undefined) return undefined;
    return this.intern(name, b ?? -1, o ?? -1);
  }

  expand(prefix: string): number[] {
    const found = new Set<number>();
    if (this.base) for (const t of this.base.expand(prefix)) found.add(this.termOf(this.base.termName(t))!);
    for (const t of this.overlay.expand(prefix)) found.add(this.termOf(this.overlay.termName(t))!);
    const list = [...found];
    if (list.length <= MAX_EXPANSIONS) return list;
    return list.sort((a, b) => this.dfOf(b) - this.dfOf(a)).slice(0, MAX_EXPANSIONS);
  }

  dfOf(term: number): number {
    const b = this.baseTerm[term]!;
    const o = this.overlayTerm[term]!;
    return (b >= 0 ? this.base!.dfOf(b) : 0) + (o >= 0 ? this.overlay.dfOf(o) : 0);
  }

  forEachPosting(term: number, fn: (doc: number, weight: number, sig: number, pred: number) => void): void {
    const b = this.baseTerm[term]!;
    const o = this.overlayTerm[term]!;
    if (b >= 0) this.base!.forEachPosting(b, fn);
    if (o >= 0) {
      const offset = this.baseSize;
      this.overlay.forEachPosting(o, (doc, weight, sig, pred) => fn(doc + offset, weight, sig, pred));
    }
  }

  isAlive(doc: number): boolean {
    return doc < this.baseSize ? this.dead[doc] === 0 : this.overlay.isAlive(doc - this.baseSize);
  }

  statusOf(doc: number): number {
    return doc < this.baseSize ? this.base!.statusOf(doc) : this.overlay.statusOf(doc - this.baseSize);
  }

  dateOf(doc: number): number {
    return doc < this.baseSize ? this.base!.dateOf(doc) : this.overlay.dateOf(doc - this.baseSize);
  }

  partiesOf(doc: number): readonly number[] | undefined {
    const inBase = doc < this.baseSize;
    const ids = inBase ? this.base!.partiesOf(doc) : this.overlay.partiesOf(doc - this.baseSize);
    if (!ids || ids.length === 0) return undefined;
    return ids.map((id) => this.party(inBase ? this.base!.partyName(id) : this.overlay.partyName(id)));
  }

  partyIdOf(folded: string): number | undefined {
    if (this.base?.partyIdOf(folded) === undefined && this.overlay.partyIdOf(folded) === undefined) return undefined;
    return this.party(folded);
  }

  keyAt(doc: number): string {
    return doc < this.baseSize ? this.base!.keyAt(doc) : this.overlay.keyAt(doc - this.baseSize);
  }

  private party(name: string): number {
    let id = this.partyIds.get(name);
    if (id === undefined) this.partyIds.set(name, id = this.partyIds.size);
    return id;
  }

  /** Whether document `doc` of the file no longer counts (removed, or replaced in the overlay). */
  isDeadInBase(doc: number): boolean {
    return this.dead[doc] === 1;
  }

  /** The index file for what this holds now, written piece by piece to positions of a file (packedIndex.ts packMergedTo). */
  packTo(write: (bytes: Uint8Array, position: number) => void): void {
    packMergedTo(this, write);
  }

  // ── PackInput ───────────────────────────────────────────────────────────────────────────

  forEachDocument(fn: (doc: number, key: string, status: number, date: number, parties: readonly string[], ids: readonly string[], file: string, stamp: string) => void): void {
    this.base?.forEachDocument((doc, ...rest) => { if (!this.dead[doc]) fn(doc, ...rest); });
    const offset = this.baseSize;
    this.overlay.forEachDocument((doc, ...rest) => fn(doc + offset, ...rest));
  }

  forEachTerm(fn: (name: string, term: number) => void): void {
    this.base?.forEachTerm((name) => fn(name, this.termOf(name)!));
    this.overlay.forEachTerm((name) => {
      if (this.base?.termOf(name) === undefined) fn(name, this.termOf(name)!);
    });
  }
}
