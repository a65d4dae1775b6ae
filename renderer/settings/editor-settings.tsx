import { useEffect } from 'react';
import { create } from 'zustand';
import type { CallResponse } from '../../shared/ipc/contract.ts';
import { getApi } from '../api/index.ts';
import { useQuire } from '../state/context.ts';

/** Languages offered where the host does not list its own (the browser host). */
const COMMON_LANGUAGES = [
  'en-US',
  'en-GB',
  'de-DE',
  'fr-FR',
  'es-ES',
  'it-IT',
  'nl-NL',
  'pt-BR',
  'pt-PT',
  'sv-SE',
  'da-DK',
  'nb-NO',
  'fi-FI',
  'pl-PL',
  'cs-CZ',
  'ru-RU',
  'uk-UA',
  'tr-TR',
];

/** What the host said about its spellchecker (null until it answered). */
const useSpellHost = create<{ answer: CallResponse<'spellcheck'> | null }>(() => ({
  answer: null,
}));

/** Tells the host the user's spellcheck setting at start and whenever it changes. */
export function SpellcheckSync() {
  const enabled = useQuire((s) => s.prefs.spellcheck);
  const languages = useQuire((s) => s.prefs.spellLanguages);
  useEffect(() => {
    let live = true;
    getApi()
      .spellcheck({ enabled, languages })
      .then((answer) => live && useSpellHost.setState({ answer }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [enabled, languages]);
  return null;
}

function languageName(tag: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(tag);
    return name && name !== tag ? `${name} (${tag})` : tag;
  } catch {
    return tag;
  }
}

/** The editor's own settings (kept in this profile, not in the site): spelling and vim. */
export function EditorSettings() {
  const prefs = useQuire((s) => s.prefs);
  const setPref = useQuire((s) => s.setPref);
  const answer = useSpellHost((s) => s.answer);
  const offered =
    answer?.host === 'desktop' && answer.available.length ? answer.available : COMMON_LANGUAGES;
  const shown = [...prefs.spellLanguages.filter((l) => !offered.includes(l)), ...offered];
  const missing =
    answer?.host === 'desktop'
      ? prefs.spellLanguages.filter((l) => !answer.languages.includes(l))
      : [];
  return (
    <section className="editor-settings" aria-labelledby="editor-settings-title">
      <h2 id="editor-settings-title">Editor</h2>
      <p className="muted">Kept on this computer for every site; saved as you change them.</p>
      <div className="row">
        <label>
          <input
            type="checkbox"
            checked={prefs.spellcheck}
            onChange={(e) => setPref('spellcheck', e.target.checked)}
          />{' '}
          Check spelling (code, links and front matter are never checked)
        </label>
        <fieldset disabled={!prefs.spellcheck}>
          <legend>Spelling languages</legend>
          {shown.map((tag) => (
            <label key={tag}>
              <input
                type="checkbox"
                checked={prefs.spellLanguages.includes(tag)}
                onChange={(e) =>
                  setPref(
                    'spellLanguages',
                    e.target.checked
                      ? [...prefs.spellLanguages, tag]
                      : prefs.spellLanguages.filter((l) => l !== tag),
                  )
                }
              />{' '}
              {languageName(tag)}
            </label>
          ))}
        </fieldset>
        <p className="muted" role="status">
          {answer?.host === 'browser'
            ? 'In a browser, spelling is checked by the browser in the languages of its own settings; the first language picked is the text’s language.'
            : missing.length
              ? `Not available here: ${missing.join(', ')}.`
              : ''}
        </p>
        <label>
          <input
            type="checkbox"
            checked={prefs.vim}
            onChange={(e) => setPref('vim', e.target.checked)}
          />{' '}
          Vim keybindings
        </label>
      </div>
    </section>
  );
}
