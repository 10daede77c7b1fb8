import * as assert from 'node:assert/strict';
import { parseAnswerHeading, parseQuestionHeading } from '../../src/core/parse/headings';

describe('question and answer headings', () => {
  it('reads mixed party groups', () => {
    const h = parseQuestionHeading('Vragen van de leden Rajkowski, Brekelmans (beiden VVD) en Gündoğan (Volt) aan de Staatssecretaris van Financiën en de Minister van Buitenlandse Zaken over het bericht «België verbiedt aankoop» (ingezonden 23 juni 2023).');
    assert.deepEqual(h.submitters, [
      { name: 'Rajkowski', party: 'VVD' }, { name: 'Brekelmans', party: 'VVD' }, { name: 'Gündoğan', party: 'Volt' },
    ]);
    assert.deepEqual(h.addressees.map((a) => a.role), ['Staatssecretaris van Financiën', 'Minister van Buitenlandse Zaken']);
    assert.equal(h.subject, 'het bericht «België verbiedt aankoop»');
    assert.equal(h.submitted, '2023-06-23');
  });

  it('keeps ministries with "en" in their name whole', () => {
    const h = parseQuestionHeading('Vragen van het lid Omtzigt (CDA) aan de Minister van Onderwijs, Cultuur en Wetenschap over scholen (ingezonden 1 mei 2020).');
    assert.deepEqual(h.addressees, [{ name: null, role: 'Minister van Onderwijs, Cultuur en Wetenschap' }]);
    assert.deepEqual(h.submitters, [{ name: 'Omtzigt', party: 'CDA' }]);
  });

  it('reads the Eerste Kamer form', () => {
    const h = parseQuestionHeading('Vragen van het lid Van Rooijen (50PLUS) op 29 april 2020 medegedeeld aan de Minister van Sociale Zaken en Werkgelegenheid inzake de juridische houdbaarheid van het nieuwe pensioenstelsel.');
    assert.deepEqual(h.submitters, [{ name: 'Van Rooijen', party: '50PLUS' }]);
    assert.equal(h.submitted, '2020-04-29');
    assert.equal(h.subject, 'de juridische houdbaarheid van het nieuwe pensioenstelsel');
  });

  it('reads one or more answering ministers', () => {
    assert.deepEqual(parseAnswerHeading('Antwoord van Minister Koolmees (Sociale Zaken en Werkgelegenheid) (ontvangen 21 juni 2021).'), {
      answeredBy: [{ name: 'Koolmees', role: 'Minister van Sociale Zaken en Werkgelegenheid', party: null }],
      answered: '2021-06-21',
    });
    const two = parseAnswerHeading('Antwoord van Minister Hoekstra (Buitenlandse Zaken) en Staatssecretaris De Vries (Financiën) (ontvangen 28 september 2023).');
    assert.deepEqual(two.answeredBy.map((a) => [a.name, a.role]), [
      ['Hoekstra', 'Minister van Buitenlandse Zaken'], ['De Vries', 'Staatssecretaris van Financiën'],
    ]);
  });
});
