import { useState } from 'react';
import { useQuire } from '../state/context.ts';
import { FolderPicker } from './folder-picker.tsx';
import { NewSiteForm } from './post-actions.tsx';

/** Open a site folder: type its path, or pick a recent one. */
export function SitePicker() {
  const recent = useQuire((s) => s.recent);
  const error = useQuire((s) => s.error);
  const openSite = useQuire((s) => s.openSite);
  const confirmSite = useQuire((s) => s.confirmSite);
  const newSite = useQuire((s) => s.newSite);
  const [path, setPath] = useState('');
  const [browsing, setBrowsing] = useState(false);
  return (
    <main className="site-picker">
      <h1>Quire</h1>
      <p className="muted">
        Open the folder of your Hugo blog (the one with hugo.toml and content/).
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (path.trim()) void openSite(path.trim());
        }}
      >
        <label htmlFor="site-path">Site folder</label>
        <div className="row">
          <input
            id="site-path"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/me/blog"
            autoFocus
          />
          <button type="submit">Open</button>
          <button type="button" onClick={() => setBrowsing(!browsing)} aria-expanded={browsing}>
            Browse…
          </button>
        </div>
      </form>
      {browsing && (
        <FolderPicker
          onChoose={(p) => {
            setBrowsing(false);
            setPath(p);
            void openSite(p);
          }}
          onCancel={() => setBrowsing(false)}
        />
      )}
      {confirmSite && (
        <div className="banner conflict" role="alert">
          <p>{confirmSite.message}</p>
          <button onClick={() => void openSite(confirmSite.path, true)}>Open anyway</button>
        </div>
      )}
      {newSite && <NewSiteForm key={newSite.path} {...newSite} />}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {recent.length > 0 && (
        <section>
          <h2>Recent sites</h2>
          <ul className="recent">
            {recent.map((r) => (
              <li key={r.path}>
                <button className="link" onClick={() => void openSite(r.path)}>
                  {r.title} <span className="muted">{r.path}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
