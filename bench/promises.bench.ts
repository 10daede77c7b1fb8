/**
 * Quality of the promise detector on the labelled answer paragraphs (test/fixtures/promises/
 * labelled.json: 145 real paragraphs from official answers and the seed, 60 constructed; see its
 * .source.txt). Reports precision, recall and the share of detected dated promises whose due date is
 * right, overall and for the real paragraphs alone. Goals: precision ≥ 0.9, recall ≥ 0.8, dates ≥ 0.9.
 */
import { loadLabelled, scorePromises, type PromiseScore } from '../test/support/promiseScore';

const items = loadLabelled();
const pct = (x: number) => x.toFixed(3);
function report(name: string, s: PromiseScore): void {
  console.log(`\n${name}: ${s.paragraphs} paragraphs, ${s.promises} labelled promises`);
  console.log(`  precision ${pct(s.precision)} (goal ≥ 0.9), recall ${pct(s.recall)} (goal ≥ 0.8), `
    + `dates right ${s.datedRight}/${s.dated} = ${pct(s.dates)} (goal ≥ 0.9), kinds right ${s.kindsRight}/${s.truePositives}`);
}
console.log('promise detector against hand-labelled answer paragraphs');
const all = scorePromises(items);
report('all', all);
report('real only', scorePromises(items.filter((i) => i.source === 'real')));
report('constructed only', scorePromises(items.filter((i) => i.source === 'constructed')));
if (all.falsePositives.length) console.log(`  false positives: ${all.falsePositives.join(', ')}`);
if (all.falseNegatives.length) console.log(`  missed: ${all.falseNegatives.join(', ')}`);
for (const w of all.wrongDates) console.log(`  wrong date: ${w}`);
const met = all.precision >= 0.9 && all.recall >= 0.8 && all.dates >= 0.9;
console.log(`  goals ${met ? 'met' : 'NOT met'}`);
