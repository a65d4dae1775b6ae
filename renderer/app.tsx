import { useEffect } from 'react';
import { EditorPane } from './components/editor-pane.tsx';
import { PostList } from './components/post-list.tsx';
import { RecoveryBanner } from './components/recovery-banner.tsx';
import { SitePicker } from './components/site-picker.tsx';
import { useQuire } from './state/context.ts';

/** The app: a site picker until a site is open, then posts and the editor. */
export function App() {
  const site = useQuire((s) => s.site);
  const init = useQuire((s) => s.init);
  const dirty = useQuire((s) => s.dirty);
  useEffect(() => {
    void init();
  }, [init]);
  useEffect(() => {
    // Nothing lost: leaving with unsaved edits asks first.
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  if (!site) return <SitePicker />;
  return (
    <div className="workspace">
      <header className="app-bar">
        <strong>{site.title}</strong> <span className="muted">{site.root}</span>
      </header>
      <PostList />
      <div className="main-column">
        <RecoveryBanner />
        <EditorPane />
      </div>
    </div>
  );
}
