import * as assert from 'node:assert/strict';
import { blockInsertion, joinBlocks, type BlockContext } from '../../src/core/notes/insertion';

const block = '> Ja.\n>\n> — bron\n';
const body = block.slice(0, -1);

/** Apply the insertion to a note at (line, character) and return the note and the cursor offset. */
function insertInto(note: string, line: number, character: number, eol: '\n' | '\r\n' = '\n'): { text: string; cursor: number } {
  const lines = note.split(eol);
  const ctx: BlockContext = {
    before: lines[line]!.slice(0, character),
    after: lines[line]!.slice(character),
    previousLine: line > 0 ? lines[line - 1] : undefined,
    nextLine: line + 1 < lines.length ? lines[line + 1] : undefined,
    eol,
  };
  const offset = lines.slice(0, line).reduce((n, l) => n + l.length + eol.length, 0) + character;
  const r = blockInsertion(eol === '\n' ? block : block.replace(/\n/g, eol), ctx);
  return { text: note.slice(0, offset) + r.text + note.slice(offset), cursor: offset + r.cursorOffset };
}

describe('placing a quote block in a note', () => {
  it('needs no extra lines in an empty note', () => {
    assert.deepEqual(insertInto('', 0, 0), { text: block, cursor: block.length });
  });

  it('starts a paragraph of its own after text on the cursor line, with one blank line before what follows', () => {
    const r = insertInto('Zoals de minister schreef:\nVerder.\n', 0, 26);
    assert.equal(r.text, `Zoals de minister schreef:\n\n${body}\n\nVerder.\n`);
    assert.equal(r.text.slice(r.cursor), '\nVerder.\n');
  });

  it('splits a line when the cursor stands inside it', () => {
    assert.equal(insertInto('Voor na.', 0, 5).text, `Voor \n\n${body}\n\nna.`);
  });

  it('adds no blank lines where they are already', () => {
    assert.equal(insertInto('Tekst.\n\n\n\nMeer.\n', 2, 0).text, `Tekst.\n\n${body}\n\nMeer.\n`);
  });

  it('adds a blank line after a paragraph above and before one below', () => {
    assert.equal(insertInto('Tekst.\n\nMeer.', 1, 0).text, `Tekst.\n\n${body}\n\nMeer.`);
  });

  it('ends the note with a line ending', () => {
    assert.equal(insertInto('Tekst.', 0, 6).text, `Tekst.\n\n${block}`);
  });

  it('uses the note line ending', () => {
    assert.equal(insertInto('Tekst.\r\nMeer.', 0, 6, '\r\n').text, `Tekst.\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n\r\nMeer.`);
  });
});

describe('joining blocks', () => {
  it('separates blocks by one blank line and ends with one line ending', () => {
    assert.equal(joinBlocks([block, block], '\n'), `${body}\n\n${body}\n`);
    assert.equal(joinBlocks([`${body}\n\n\n`, body], '\n'), `${body}\n\n${body}\n`);
  });

  it('uses the note line ending, whatever the blocks had', () => {
    assert.equal(joinBlocks([block, block], '\r\n'), `${body.replace(/\n/g, '\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`);
  });

  it('gives nothing for no blocks', () => {
    assert.equal(joinBlocks([], '\n'), '');
    assert.equal(joinBlocks(['', '\n'], '\n'), '');
  });
});
