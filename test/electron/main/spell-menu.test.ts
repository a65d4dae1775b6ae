import { describe, expect, it } from 'vitest';
import { spellLanguagesFor, spellMenuTemplate } from '../../../electron/main/spell-menu.ts';
import type { SpellMenuParams } from '../../../electron/main/spell-menu.ts';

const flags = { canCut: true, canCopy: true, canPaste: true, canSelectAll: true };
const params = (p: Partial<SpellMenuParams>): SpellMenuParams => ({
  isEditable: true,
  misspelledWord: '',
  dictionarySuggestions: [],
  selectionText: '',
  editFlags: flags,
  ...p,
});
const labels = (t: ReturnType<typeof spellMenuTemplate>) =>
  t.map((i) => i.label ?? i.role ?? i.type);

describe('the editor context menu (Electron spellcheck)', () => {
  it('offers the suggestions of a misspelled word, then Add to dictionary, then editing', () => {
    const done: string[] = [];
    const t = spellMenuTemplate(
      params({ misspelledWord: 'teh', dictionarySuggestions: ['the', 'ten', 'tech'] }),
      {
        replaceMisspelling: (w) => done.push(`replace:${w}`),
        addToDictionary: (w) => done.push(`add:${w}`),
      },
    );
    expect(labels(t)).toEqual([
      'the',
      'ten',
      'tech',
      'separator',
      'Add “teh” to dictionary',
      'separator',
      'cut',
      'copy',
      'paste',
      'separator',
      'selectAll',
    ]);
    (t[1]!.click as () => void)();
    (t[4]!.click as () => void)();
    expect(done).toEqual(['replace:ten', 'add:teh']);
  });

  it('says when there is no suggestion, and keeps at most five', () => {
    const none = spellMenuTemplate(params({ misspelledWord: 'qzxv' }), {
      replaceMisspelling: () => {},
      addToDictionary: () => {},
    });
    expect(none[0]).toMatchObject({ label: 'No suggestions', enabled: false });
    const many = spellMenuTemplate(
      params({ misspelledWord: 'x', dictionarySuggestions: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] }),
      { replaceMisspelling: () => {}, addToDictionary: () => {} },
    );
    expect(labels(many).slice(0, 6)).toEqual(['a', 'b', 'c', 'd', 'e', 'separator']);
  });

  it('is only cut, copy, paste where the word is right; copy outside text; nothing otherwise', () => {
    const a = { replaceMisspelling: () => {}, addToDictionary: () => {} };
    const edit = spellMenuTemplate(
      params({ editFlags: { ...flags, canCut: false, canCopy: false } }),
      a,
    );
    expect(labels(edit)).toEqual(['cut', 'copy', 'paste', 'separator', 'selectAll']);
    expect(edit[0]).toMatchObject({ enabled: false });
    expect(
      labels(spellMenuTemplate(params({ isEditable: false, selectionText: 'some words' }), a)),
    ).toEqual(['copy']);
    expect(spellMenuTemplate(params({ isEditable: false }), a)).toEqual([]);
    // A misspelling outside editable text (the preview) offers no replacement.
    expect(
      labels(spellMenuTemplate(params({ isEditable: false, misspelledWord: 'teh' }), a)),
    ).toEqual([]);
  });

  it('passes Electron only the languages it has, the same language in another region if need be', () => {
    const available = ['en-US', 'en-GB', 'de-DE', 'fr', 'pt-BR'];
    expect(spellLanguagesFor(['en-GB', 'de-DE'], available)).toEqual(['en-GB', 'de-DE']);
    expect(spellLanguagesFor(['fr-FR', 'de', 'xx-YY'], available)).toEqual(['fr', 'de-DE']);
    expect(spellLanguagesFor(['en-us', 'en-US'], available)).toEqual(['en-US']);
    expect(spellLanguagesFor(['nl-NL'], available)).toEqual([]);
  });
});
