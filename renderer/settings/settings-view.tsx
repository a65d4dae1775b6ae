import { useEffect, useState } from 'react';
import type { CallResponse } from '../../shared/ipc/contract.ts';
import { getApi } from '../api/index.ts';
import { useQuire } from '../state/context.ts';
import { EditorSettings } from './editor-settings.tsx';
import { themeStore } from '../theme/use-theme.ts';

type Values = CallResponse<'readSiteConfig'>['values'];

/** Where each setting lives in a Hugo config. */
function pathOf(key: keyof Values, configText: string | null): string {
  switch (key) {
    case 'author':
      return 'params.author';
    case 'pagerSize':
      return configText && /^\s*paginate\s*[=:]/im.test(configText)
        ? 'paginate'
        : 'pagination.pagerSize';
    case 'summaryMode':
      return 'params.quire.summaryMode';
    case 'dateFormat':
      return 'params.DateFormat';
    case 'showReadingTime':
      return 'params.ShowReadingTime';
    case 'unsafeHtml':
      return 'markup.goldmark.renderer.unsafe';
    default:
      return key;
  }
}

/** Site settings, saved into the Hugo config with minimal edits (only changed lines). */
export function SettingsView() {
  const init = useQuire((s) => s.init);
  const [loaded, setLoaded] = useState<CallResponse<'readSiteConfig'> | null>(null);
  const [values, setValues] = useState<Values | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const load = () => {
    setLoadError(null);
    getApi()
      .readSiteConfig({})
      .then((r) => {
        setLoaded(r);
        setValues(r.values);
      })
      // Never "Loading…" for ever: say why (a config that does not parse, the back end
      // gone), with a way to try again; the app's own settings below still work.
      .catch((err: Error) => setLoadError(err.message));
  };
  useEffect(load, []);
  if (loadError)
    return (
      <section className="settings-view">
        <h2>Site settings</h2>
        <p role="alert" className="error">
          Could not read the site&apos;s settings: {loadError}
        </p>
        <button type="button" onClick={load}>
          Try again
        </button>
        <EditorSettings />
        <HugoSetting />
      </section>
    );
  if (!values || !loaded) return <section className="settings-view">Loading…</section>;
  const set = <K extends keyof Values>(k: K, v: Values[K]) => setValues({ ...values, [k]: v });
  const text = (k: keyof Values, label: string, extra: Record<string, string> = {}) => (
    <label className="field">
      <span>{label}</span>
      <input
        aria-label={label}
        value={String(values[k])}
        onChange={(e) =>
          set(k, (typeof values[k] === 'number' ? Number(e.target.value) : e.target.value) as never)
        }
        {...extra}
      />
    </label>
  );
  return (
    <section className="settings-view">
      <h2>Site settings</h2>
      <p className="muted">
        Saved into {loaded.file ?? 'hugo.toml'}; only the lines of settings you change are
        rewritten.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const changed: Record<string, string | number | boolean> = {};
          for (const k of Object.keys(values) as (keyof Values)[])
            if (values[k] !== loaded.values[k]) changed[pathOf(k, loaded.text)] = values[k];
          if (Object.keys(changed).length === 0) return setMessage('Nothing changed.');
          getApi()
            .updateSiteConfig({ set: changed })
            .then(async () => {
              const fresh = await getApi().readSiteConfig({});
              setLoaded(fresh);
              setValues(fresh.values);
              setMessage('Saved.');
              await init();
            })
            .catch((err: Error) => setMessage(err.message));
        }}
      >
        {text('title', 'Title')}
        {text('baseURL', 'Base URL')}
        {text('languageCode', 'Language')}
        {text('author', 'Author')}
        {text('pagerSize', 'Posts per page', { type: 'number', min: '1' })}
        {text('summaryLength', 'Summary length (words)', { type: 'number', min: '1' })}
        <label className="field">
          <span>Summary mode</span>
          <select
            aria-label="Summary mode"
            value={values.summaryMode}
            onChange={(e) => set('summaryMode', e.target.value as Values['summaryMode'])}
          >
            <option value="paragraph">Whole paragraphs (Hugo 0.134 and later)</option>
            <option value="sentence">Up to a sentence end (older Hugo)</option>
          </select>
        </label>
        {text('dateFormat', 'Date format', { placeholder: 'January 2, 2006' })}
        <label>
          <input
            type="checkbox"
            checked={values.showReadingTime}
            onChange={(e) => set('showReadingTime', e.target.checked)}
          />{' '}
          Show reading time
        </label>
        <label>
          <input
            type="checkbox"
            checked={values.unsafeHtml}
            onChange={(e) => set('unsafeHtml', e.target.checked)}
          />{' '}
          Allow raw HTML in posts (published pages still run no script)
        </label>
        <div className="row">
          <button type="submit">Save settings</button>
          <span role="status">{message}</span>
        </div>
      </form>
      <EditorSettings />
      <HugoSetting />
    </section>
  );
}

type HugoStatus = CallResponse<'hugoStatus'>;

/** The line that says which Hugo "Your theme" uses, or why none. */
function hugoLine(s: HugoStatus): string {
  return s.ok ? `Hugo ${s.version} ${s.path ? `at ${s.path}` : 'found'}` : s.message;
}

/**
 * The Hugo program for "Your theme" and "Build with Hugo" (an app setting, not the site's):
 * a full path, or empty for `hugo` on PATH. Checked by running it; saved only when it is a
 * Hugo new enough.
 */
function HugoSetting() {
  const [status, setStatus] = useState<HugoStatus | null>(null);
  const [value, setValue] = useState('');
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    getApi()
      .hugoStatus({})
      .then((r) => {
        setStatus(r);
        setValue(r.path ?? '');
      })
      .catch((err: Error) =>
        setStatus({ ok: false, version: null, path: null, message: err.message }),
      );
  }, []);
  const use = () => {
    setChecking(true);
    getApi()
      .hugoPathSet({ path: value.trim() || null })
      .then((r) => {
        setStatus(r);
        // A preview that was shown (or said Hugo is missing) starts again with this Hugo.
        if (r.ok) themeStore().getState().hugoChanged();
      })
      .catch((err: Error) =>
        setStatus((s) => ({
          ok: false,
          version: null,
          message: err.message,
          path: s?.path ?? null,
        })),
      )
      .finally(() => setChecking(false));
  };
  return (
    <div className="hugo-setting" role="group" aria-labelledby="hugo-setting-title">
      <h3 id="hugo-setting-title">Hugo for “Your theme”</h3>
      <p className="muted">
        The hugo program that previews and builds your site with its own theme (0.111 or later).
        Leave it empty to use hugo on your PATH.
      </p>
      <label className="field">
        <span>Hugo program</span>
        <input
          aria-label="Hugo program"
          placeholder="hugo on PATH"
          spellCheck={false}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            e.preventDefault();
            use();
          }}
        />
      </label>
      <div className="row">
        <button type="button" onClick={use} disabled={checking}>
          Use this Hugo
        </button>
        <span
          role="status"
          aria-label="Hugo"
          className={status && !status.ok ? 'hugo-line error' : 'hugo-line'}
        >
          {checking ? 'Checking…' : status ? hugoLine(status) : ''}
        </span>
      </div>
    </div>
  );
}
