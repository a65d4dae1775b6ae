import type { FrontMatterFile } from '../../shared/content/front-matter.ts';
import { toPostMeta } from '../../shared/content/post.ts';

/**
 * The metadata form's one-line summary (title · date · tags · draft). It is the button that
 * expands and collapses the form (Ctrl/Cmd+Alt+M too), so the editor keeps the height.
 */
export function MetaSummary(props: {
  parsed: { file: FrontMatterFile | null; error: string | null };
  drafts: Record<string, string>;
  expanded: boolean;
  onToggle(): void;
}) {
  const { file } = props.parsed;
  let parts: string[];
  if (!file) parts = ['Front matter does not parse'];
  else {
    const meta = toPostMeta(file.data);
    parts = [
      meta.title || 'Untitled',
      meta.date?.raw ?? 'no date',
      meta.tags.length ? meta.tags.join(', ') : 'no tags',
      meta.draft ? 'draft' : 'not a draft',
    ];
  }
  const pending = Object.keys(props.drafts);
  return (
    <div className="meta-summary">
      <button
        type="button"
        className="meta-toggle"
        aria-expanded={props.expanded}
        aria-controls="meta-form"
        onClick={props.onToggle}
        disabled={!file}
        title={props.expanded ? 'Hide the metadata form' : 'Edit the metadata'}
      >
        <span className="chevron" aria-hidden="true">
          {props.expanded ? '▾' : '▸'}
        </span>
        {parts.map((p, i) => (
          <span key={i} className={`part part-${i}`}>
            {i > 0 ? ` · ${p}` : p}
          </span>
        ))}
      </button>
      {pending.length > 0 && (
        <span className="field-error">not saved yet: {pending.join(', ')}</span>
      )}
    </div>
  );
}
