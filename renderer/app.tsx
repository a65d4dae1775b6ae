import { useEffect } from 'react';
import { EditorPane } from './components/editor-pane.tsx';
import { ArchiveBrowser } from './archive/archive-browser.tsx';
import { CheckView } from './check/check-view.tsx';
import { ExportView } from './export/export-view.tsx';
import { ListingView } from './listing/listing-view.tsx';
import { SettingsView } from './settings/settings-view.tsx';
import { RecoveryBanner } from './components/recovery-banner.tsx';
import { DeletedBanner, ReadOnlyBanner } from './components/post-actions.tsx';
import { SitePicker } from './components/site-picker.tsx';
import { Palette } from './components/palette.tsx';
import { ConnectionBanner } from './components/connection-banner.tsx';
import { SiteSwitcher } from './components/site-switcher.tsx';
import { PublishButton } from './publish/publish-panel.tsx';
import type { CommandId } from '../shared/ipc/commands.ts';
import { useQuire } from './state/context.ts';
import { ThemeTextSync } from './theme/theme-bar.tsx';
import { SpellcheckSync } from './settings/editor-settings.tsx';

/** The app: a site picker until a site is open, then posts and the editor. */
export function App(props: { commands: Record<CommandId, () => void> }) {
  const site = useQuire((s) => s.site);
  const init = useQuire((s) => s.init);
  const anyDirty = useQuire((s) => s.anyDirty);
  const view = useQuire((s) => s.view);
  const setView = useQuire((s) => s.setView);
  const error = useQuire((s) => s.error);
  const zen = useQuire((s) => s.prefs.zen);
  useEffect(() => {
    void init();
  }, [init]);
  useEffect(() => {
    // Nothing lost: leaving with unsaved edits asks first.
    const warn = (e: BeforeUnloadEvent) => {
      if (anyDirty()) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [anyDirty]);
  if (!site)
    return (
      <>
        <ConnectionBanner />
        <SitePicker />
      </>
    );
  return (
    <div className={`workspace${zen && view === 'write' ? ' zen' : ''}`}>
      <header className="app-bar">
        <h1>{site.title}</h1> <span className="muted">{site.root}</span> <SiteSwitcher />{' '}
        <PublishButton />
        <nav className="views" aria-label="Views">
          {(['write', 'listing', 'check', 'export', 'settings'] as const).map((v) => (
            <button key={v} aria-pressed={view === v} onClick={() => setView(v)}>
              {
                {
                  write: 'Write',
                  listing: 'Listing preview',
                  check: 'Check',
                  export: 'Export',
                  settings: 'Settings',
                }[v]
              }
            </button>
          ))}
        </nav>
      </header>
      <ConnectionBanner />
      <ArchiveBrowser />
      <main className="main-column">
        {error && (
          <div className="banner error" role="alert">
            {error}
          </div>
        )}
        <ReadOnlyBanner />
        <DeletedBanner />
        <RecoveryBanner />
        <ThemeTextSync />
        <SpellcheckSync />
        {view === 'write' && <EditorPane />}
        {view === 'listing' && <ListingView />}
        {view === 'check' && <CheckView />}
        {view === 'export' && <ExportView />}
        {view === 'settings' && <SettingsView />}
      </main>
      <Palette commands={props.commands} />
    </div>
  );
}
