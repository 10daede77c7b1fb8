/**
 * Cross-references between answers of one document, in the phrasings ministers use:
 * "Zie antwoord vraag 3", "zie ook het antwoord op vraag 4", "Ik verwijs naar mijn antwoorden op
 * de vragen 4, 5 en 6", "Zie de antwoorden op de vragen 2 en 3", "zie antwoord 7", "vragen 2 t/m 5";
 * and references to other Kamervragen ("in antwoord op eerdere vragen van het lid X (Aanhangsel
 * Handelingen II 2022/23, nr. 1234)", "Zie ook 2023Z11786").
 */
import { canonicalId, findIds, tryParseId } from './ids';
import { numbersIn } from './text';

const LIST = String.raw`\d+(?:\s*(?:,|en|t\/m|tot en met|-|–)\s*\d+)*`;
/** "vraag 3", "vragen 4, 5 en 6", "antwoord 7", "antwoorden 2 en 3" */
const TARGET = new RegExp(String.raw`\b(?:vra(?:ag|gen)|antwoord(?:en)?)\s+(?:op\s+)?(?:de\s+)?(?:vra(?:ag|gen)\s+)?(${LIST})`, 'gi');
/** Something in the words before the target that makes it a reference to an answer. */
const CUE = /(zie|verwijs|verwezen|antwoord|beantwoord|ingegaan)/i;
/** A reference to questions of another document: not ours. */
const ELSEWHERE = /^\s*(?:van\s+(?:het\s+lid|de\s+leden|de\s+commissie)|uit\s+(?:het|de)|in\s+het\s+Aanhangsel|\(Aanhangsel|\(kenmerk|\(ingezonden)/i;

/**
 * Numbers of other questions that `answer` points to; `own` (the entry's numbers) are left out.
 * Sorted, no duplicates.
 */
export function findCrossReferences(answer: string, own: readonly number[] = []): number[] {
  const found = new Set<number>();
  for (const m of answer.matchAll(TARGET)) {
    const start = m.index;
    const before = answer.slice(Math.max(0, start - 60), start + m[0].length - m[1]!.length);
    if (!CUE.test(before)) continue;
    const after = answer.slice(start + m[0].length, start + m[0].length + 40);
    if (ELSEWHERE.test(after)) continue;
    for (const n of numbersIn(m[1]!)) if (!own.includes(n) && n > 0 && n < 1000) found.add(n);
  }
  return [...found].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// References to other Kamervragen

/**
 * "Aanhangsel Handelingen II 2022/23, nr. 1234", "Aanhangsel Handelingen, vergaderjaar 2022–2023,
 * nr. 3276", "Aanhangsel van de Handelingen I 2019/2020, nummer 10" (no "II" or "I": the Tweede Kamer).
 */
const AANHANGSEL = /Aanhangsel\s+(?:van\s+de\s+)?Handelingen(?:\s+(I{1,2}))?[,\s]+(?:vergaderjaar\s+)?((?:19|20)\d{2})\s*[/–-]\s*(\d{2}|\d{4})\s*,?\s*(?:nr\.|nummer)\s*(\d{1,5})/giu;

/**
 * The other Kamervragen that a text names, as canonical ids (ids.ts `canonicalId`): zaaknummers,
 * question and answer document ids, links to them, and Aanhangsel citations in the words of the
 * Leidraad or of a "Zie ook" remark. In order of first mention, no duplicates.
 */
export function findKamervraagReferences(text: string): string[] {
  const found: Array<{ at: number; id: string }> = [];
  for (const m of findIds(text)) found.push({ at: m.start, id: canonicalId(m.id) });
  if (text.includes('Aanhangsel')) {
    for (const m of text.matchAll(AANHANGSEL)) {
      const [, chamber, from, to] = m as unknown as [string, string | undefined, string, string];
      const second = to.length === 4 ? to : `${from.slice(0, 2)}${to}`;
      if (Number(second) !== Number(from) + 1) continue;
      const id = tryParseId(`ah-${chamber === 'I' ? 'ek' : 'tk'}-${from}${second}-${Number(m[4])}`);
      if (id) found.push({ at: m.index, id: canonicalId(id) });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.id))];
}
