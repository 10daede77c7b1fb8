import * as assert from 'node:assert/strict';
import { amsterdamMidnight, amsterdamToday, documentByAanhangselnummerUrl, literal, searchFilter, searchUrl, zaakByNummerUrl } from '../../src/core/sources/odataQuery';
import { fullTextQuery, identifierQuery, sruUrl, vraagnummerQuery } from '../../src/core/sources/sruQuery';
import { DEFAULT_ENDPOINTS, endpointProblems, onEndpoint } from '../../src/core/sources/endpoints';

const BASE = DEFAULT_ENDPOINTS.odata;

describe('OData queries', () => {
  it('asks for one zaak with its documents and actors, deleted ones left out', () => {
    const url = new URL(zaakByNummerUrl(BASE, '2023Z11786'));
    assert.equal(url.origin + url.pathname, 'https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Zaak');
    assert.equal(url.searchParams.get('$filter'), "Nummer eq '2023Z11786' and Soort eq 'Schriftelijke vragen' and Verwijderd eq false");
    assert.equal(url.searchParams.get('$expand'), 'Document($filter=Verwijderd eq false),ZaakActor($filter=Verwijderd eq false)');
  });

  it('finds the zaak of an answer by its Aanhangselnummer', () => {
    const url = new URL(documentByAanhangselnummerUrl('http://127.0.0.1:9/OData/v4/2.0', '232400099'));
    assert.equal(url.pathname, '/OData/v4/2.0/Document');
    assert.equal(url.searchParams.get('$filter'), "Aanhangselnummer eq '232400099' and Verwijderd eq false");
  });

  it('doubles quotes in literals', () => {
    assert.equal(literal("D'66"), "'D''66'");
  });

  it('builds search filters from every part of a query', () => {
    const f = searchFilter({ text: 'Chinese scanners', submitter: 'Rajkowski', party: 'VVD', addressee: 'Financiën', from: '2023-01-01', to: '2023-12-31', status: 'overdue' }, '2026-11-27');
    assert.equal(f, [
      "Soort eq 'Schriftelijke vragen'",
      'Verwijderd eq false',
      "contains(tolower(Onderwerp),'chinese')",
      "contains(tolower(Onderwerp),'scanners')",
      "ZaakActor/any(a: a/Verwijderd eq false and (a/Relatie eq 'Indiener' or a/Relatie eq 'Medeindiener') and contains(tolower(a/ActorNaam),'rajkowski'))",
      "ZaakActor/any(a: a/Verwijderd eq false and (a/Relatie eq 'Indiener' or a/Relatie eq 'Medeindiener') and a/ActorFractie eq 'VVD')",
      "ZaakActor/any(a: a/Verwijderd eq false and a/Relatie eq 'Gericht aan' and (contains(tolower(a/ActorNaam),'financiën') or contains(tolower(a/Functie),'financiën')))",
      'GestartOp ge 2023-01-01T00:00:00+01:00',
      'GestartOp lt 2024-01-01T00:00:00+01:00',
      "not Document/any(d: d/Verwijderd eq false and (d/Soort eq 'Antwoord schriftelijke vragen' or d/Soort eq 'Antwoord schriftelijke vragen (nader)'))",
      'GestartOp lt 2026-11-06T00:00:00+01:00',
    ].join(' and '));
  });

  it('bounds days at midnight in the Netherlands, with the offset of that midnight', () => {
    assert.equal(amsterdamMidnight('2019-04-24'), '2019-04-24T00:00:00+02:00');
    assert.equal(amsterdamMidnight('2019-01-10'), '2019-01-10T00:00:00+01:00');
    // Daylight saving time begins at 02:00 on the last Sunday of March and ends at 03:00 on the last
    // Sunday of October: those days still start with the offset of the day before.
    assert.equal(amsterdamMidnight('2023-03-26'), '2023-03-26T00:00:00+01:00');
    assert.equal(amsterdamMidnight('2023-03-27'), '2023-03-27T00:00:00+02:00');
    assert.equal(amsterdamMidnight('2023-10-29'), '2023-10-29T00:00:00+02:00');
    assert.equal(amsterdamMidnight('2023-10-30'), '2023-10-30T00:00:00+01:00');
    // Before 1996 summer time ended in September.
    assert.equal(amsterdamMidnight('1995-09-25'), '1995-09-25T00:00:00+01:00');
    assert.equal(amsterdamMidnight('1995-09-24'), '1995-09-24T00:00:00+02:00');
    const f = searchFilter({ from: '2023-03-26', to: '2023-10-29' }, '2026-11-27');
    assert.match(f, /GestartOp ge 2023-03-26T00:00:00\+01:00 and GestartOp lt 2023-10-30T00:00:00\+01:00$/);
  });

  it('knows the date in the Netherlands', () => {
    assert.equal(amsterdamToday(Date.parse('2023-06-30T22:30:00Z')), '2023-07-01');
    assert.equal(amsterdamToday(Date.parse('2023-12-31T22:59:59Z')), '2023-12-31');
    assert.equal(amsterdamToday(Date.parse('2023-12-31T23:00:00Z')), '2024-01-01');
  });

  it('pages newest first in a total order, with a count, by $top and $skip', () => {
    const url = new URL(searchUrl(BASE, { text: 'douane' }, '2026-11-27'));
    assert.equal(url.searchParams.get('$orderby'), 'GestartOp desc,Nummer desc');
    assert.equal(url.searchParams.get('$top'), '50');
    assert.equal(url.searchParams.get('$skip'), null);
    assert.equal(url.searchParams.get('$count'), 'true');
    assert.equal(new URL(searchUrl(BASE, { text: 'douane' }, '2026-11-27', 100)).searchParams.get('$skip'), '100');
  });
});

describe('SRU queries', () => {
  it('looks up a publication and the publications of a zaak', () => {
    assert.equal(identifierQuery('kv-tk-2023Z11786'), 'dt.identifier=="kv-tk-2023Z11786"');
    assert.match(vraagnummerQuery('2023Z11786'), /w\.publicatienaam=="Kamervragen \(Aanhangsel\)".* and w\.vraagnummer=="2023Z11786"$/);
  });

  it('searches full text, word by word, within dates', () => {
    assert.match(fullTextQuery('Nuctech "scan"', '2023-01-01'), / and cql\.textAndIndexes="Nuctech" and cql\.textAndIndexes="\\"scan\\"" and dt\.date>="2023-01-01" sortBy dt\.date\/sort\.descending$/);
  });

  it('encodes the request', () => {
    const url = new URL(sruUrl(DEFAULT_ENDPOINTS.sru, identifierQuery('ah-tk-20232024-99'), 51));
    assert.equal(url.searchParams.get('query'), 'dt.identifier=="ah-tk-20232024-99"');
    assert.equal(url.searchParams.get('startRecord'), '51');
    assert.equal(url.searchParams.get('operation'), 'searchRetrieve');
  });
});

describe('endpoints', () => {
  const local = { odata: 'http://127.0.0.1:5/OData/v4/2.0/', repository: 'http://127.0.0.1:5/', sru: 'http://127.0.0.1:5/sru', zoek: 'http://127.0.0.1:5/zoek/' };
  it('moves official addresses onto configured endpoints', () => {
    assert.equal(onEndpoint('https://repository.overheid.nl/frbr/officielepublicaties/ah-tk/20232024/ah-tk-20232024-99/1/xml/ah-tk-20232024-99.xml', local),
      'http://127.0.0.1:5/frbr/officielepublicaties/ah-tk/20232024/ah-tk-20232024-99/1/xml/ah-tk-20232024-99.xml');
    assert.equal(onEndpoint('https://zoek.officielebekendmakingen.nl/kv-tk-2023Z11786.html', local), 'http://127.0.0.1:5/zoek/kv-tk-2023Z11786.html');
    assert.equal(onEndpoint('https://example.org/x', local), 'https://example.org/x');
  });
  it('names settings that are not addresses', () => {
    assert.deepEqual(endpointProblems({ ...local, sru: 'repository.overheid.nl/sru' }), ['kamervragen.endpoints.sru is "repository.overheid.nl/sru", which is not an http(s) address.']);
  });
});
