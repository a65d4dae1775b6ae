import { useState } from 'react';
import { useQuire } from '../state/context.ts';

/** Every post, newest first: title, date and draft/scheduled/expired badges. */
export function PostList() {
  const posts = useQuire((s) => s.posts);
  const problems = useQuire((s) => s.problems);
  const current = useQuire((s) => s.open?.path ?? null);
  const openPost = useQuire((s) => s.openPost);
  const createPost = useQuire((s) => s.createPost);
  const [title, setTitle] = useState('');
  return (
    <nav className="post-list" aria-label="Posts">
      <form
        className="new-post"
        onSubmit={(e) => {
          e.preventDefault();
          if (title.trim()) void createPost(title.trim()).then(() => setTitle(''));
        }}
      >
        <input
          aria-label="New post title"
          placeholder="New post title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
        <button type="submit">New</button>
      </form>
      <ul>
        {posts.map((p) => (
          <li key={p.path}>
            <button
              className={p.path === current ? 'post current' : 'post'}
              onClick={() => void openPost(p.path)}
              title={p.path}
            >
              <span className="post-title">{p.title || p.path.split('/').pop()}</span>
              <span className="post-meta">
                {p.date ?? 'undated'}
                {p.hidden && <span className={`badge ${p.hidden}`}>{p.hidden}</span>}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {problems.length > 0 && (
        <details className="problems">
          <summary>{problems.length} file(s) could not be read</summary>
          <ul>
            {problems.map((p) => (
              <li key={p.path}>{p.message}</li>
            ))}
          </ul>
        </details>
      )}
    </nav>
  );
}
