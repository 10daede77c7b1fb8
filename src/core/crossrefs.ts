/**
 * Cross-references between answers of one document, in the phrasings ministers use:
 * "Zie antwoord vraag 3", "zie ook het antwoord op vraag 4", "Ik verwijs naar mijn antwoorden op
 * de vragen 4, 5 en 6", "Zie de antwoorden op de vragen 2 en 3", "zie antwoord 7", "vragen 2 t/m 5".
 */
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
