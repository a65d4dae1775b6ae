import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseDate, writeLocalDateTime } from '../../shared/content/dates.ts';
import { findKey, removeField, setField } from '../../shared/content/front-matter.ts';
import type { FrontMatterFile } from '../../shared/content/front-matter.ts';
import { strList, toPostMeta } from '../../shared/content/post.ts';
import type { PreviewResponse } from '../preview/preview-protocol.ts';
import { postUrl } from '../../shared/site/urls.ts';
import { ChipsField } from './chips-field.tsx';
import { TextField } from './text-field.tsx';

const KNOWN = [
  'title',
  'date',
  'draft',
  'summary',
  'description',
  'tags',
  'categories',
  'slug',
  'weight',
];

/** Props: the post's text (debounced), what the site knows, and where edits go. */
export interface MetaFormProps {
  path: string;
  /** The post's text (a debounced snapshot), parsed once by the editor pane. */
  parsed: { file: FrontMatterFile | null; error: string | null };
  derived: PreviewResponse['derived'];
  allTags: string[];
  allCategories: string[];
  /** Other posts' URLs, to catch a duplicate slug. */
  otherUrls: Map<string, string>;
  permalinks: Record<string, string>;
  /** The post's section (first folder under content/). */
  section: string;
  /** Values typed into the form that are not valid yet (kept, shown, never written). */
  drafts: Record<string, string>;
  /** The last field edit the field editor refused. */
  fieldError?: { field: string; message: string } | null;
  setDraft(field: string, value: string | null): void;
  /** Applies a field edit to the live document (never to a stale copy of it). */
  onEdit(edit: (file: FrontMatterFile) => string): void;
}

/**
 * The metadata form: each edit rewrites only that field's lines in the editor's text
 * (through shared/content's field editor), so undo and the file's layout stay intact.
 */
export function MetaForm({
  path,
  parsed,
  derived,
  allTags,
  allCategories,
  otherUrls,
  permalinks,
  section,
  drafts,
  setDraft,
  fieldError,
  onEdit,
}: MetaFormProps) {
  if (!parsed.file) {
    return (
      <section className="meta-form" id="meta-form" aria-label="Metadata">
        <p className="field-error" role="alert">
          {parsed.error}
        </p>
      </section>
    );
  }
  const f = parsed.file;
  const data = f.data;
  const meta = toPostMeta(data);
  const get = (k: string) => {
    const key = findKey(data, k);
    return key === undefined ? undefined : data[key];
  };
  const set = (k: string, v: unknown) =>
    onEdit((live) => (v === undefined || v === '' ? removeField(live, k) : setField(live, k, v)));
  const str = (k: string) => {
    const v = get(k);
    return v === undefined || v === null ? '' : String(v);
  };
  const dateError = (raw: string) =>
    raw && !parseDate(raw)
      ? `"${raw}" is not a date Hugo can read (e.g. 2024-01-31 or 2024-01-31T09:30:00+01:00); not saved until it is`
      : null;
  const dateShown = drafts.date ?? str('date');
  /** Writes a value when it is valid; otherwise keeps it as a draft, shown with its error. */
  const gated = (k: string, v: string, error: string | null, write: () => void) => {
    if (error) {
      setDraft(k, v);
      return;
    }
    if (drafts[k] !== undefined) setDraft(k, null);
    write();
  };
  const parts = path.split('/');
  const bundle = /^index\.(md|markdown)$/i.test(parts[parts.length - 1]!);
  const urlFor = (slug: string) =>
    postUrl(
      {
        path,
        section,
        bundle,
        baseName: bundle
          ? parts[parts.length - 2]!
          : parts[parts.length - 1]!.replace(/\.\w+$/, ''),
        meta: { ...meta, slug },
      },
      { permalinks },
    );
  const clashOf = (slug: string) => {
    const u = urlFor(slug);
    const other = [...otherUrls].find(([p, x]) => p !== path && x === u);
    return other
      ? `${other[0]} already has the URL ${u}; not saved until the slug is unique`
      : null;
  };
  const url = urlFor(str('slug'));
  const slugShown = drafts.slug ?? str('slug');
  const slugError = drafts.slug !== undefined ? clashOf(drafts.slug) : null;
  const clash = slugError ?? clashOf(str('slug'));
  const others = Object.keys(data).filter((k) => !KNOWN.includes(k.toLowerCase()));
  const weight = drafts.weight ?? str('weight');
  const weightError = (v: string) =>
    v && !Number.isFinite(Number(v)) ? 'a whole number; not saved until it is one' : null;
  const description = str('description');

  return (
    <section className="meta-form" id="meta-form" aria-label="Metadata">
      {fieldError && (
        <p className="field-error" role="alert">
          {fieldError.field}: not changed ({fieldError.message})
        </p>
      )}
      <div className="meta-grid">
        <TextField
          id="meta-title"
          label="Title"
          value={str('title')}
          onChange={(v) => set('title', v)}
        />
        <div className="field">
          <TextField
            id="meta-date"
            label="Date"
            value={dateShown}
            onChange={(v) => gated('date', v, dateError(v), () => set('date', v))}
            error={dateError(dateShown)}
            placeholder="2024-01-31T09:30:00+01:00"
          />
          <button
            type="button"
            className="small"
            onClick={() => {
              if (drafts.date !== undefined) setDraft('date', null);
              set('date', writeLocalDateTime(Date.now(), -new Date().getTimezoneOffset()));
            }}
          >
            Now
          </button>
        </div>
        <div className="field checkbox">
          <input
            id="meta-draft"
            type="checkbox"
            checked={meta.draft}
            onChange={(e) => set('draft', e.target.checked)}
          />
          <label htmlFor="meta-draft">Draft</label>
        </div>
        <ChipsField
          id="meta-tags"
          label="Tags"
          values={strList(get('tags'))}
          suggestions={allTags}
          onChange={(v) => set('tags', v.length ? v : undefined)}
        />
        <ChipsField
          id="meta-categories"
          label="Categories"
          values={strList(get('categories'))}
          suggestions={allCategories}
          onChange={(v) => set('categories', v.length ? v : undefined)}
        />
        <TextField
          id="meta-slug"
          label="Slug"
          value={slugShown}
          onChange={(v) => gated('slug', v, clashOf(v), () => set('slug', v))}
          note={`URL: ${drafts.slug !== undefined ? urlFor(drafts.slug) : url}`}
          error={clash}
        />
        <TextField
          id="meta-weight"
          label="Weight"
          value={weight}
          onChange={(v) =>
            gated('weight', v, weightError(v), () =>
              set('weight', v === '' ? undefined : Number(v)),
            )
          }
          error={weightError(weight)}
        />
        <TextField
          id="meta-summary"
          label="Summary"
          multiline
          value={str('summary')}
          onChange={(v) => set('summary', v)}
          note="Replaces the automatic summary in listings."
        />
        <TextField
          id="meta-description"
          label="Description"
          multiline
          value={description}
          onChange={(v) => set('description', v)}
          error={
            description.length > 160
              ? `${description.length} characters: search engines show about 160`
              : null
          }
        />
      </div>
      {others.length > 0 && (
        <fieldset className="other-fields">
          <legend>Other fields</legend>
          {others.map((k) => (
            <div className="kv" key={k}>
              <TextField
                id={`meta-x-${k}`}
                label={k}
                value={
                  typeof data[k] === 'string'
                    ? String(data[k])
                    : stringifyYaml(data[k], { collectionStyle: 'flow' }).trim()
                }
                onChange={(v) => {
                  let value: unknown;
                  try {
                    value = typeof data[k] === 'string' ? v : parseYaml(v);
                  } catch {
                    value = v;
                  }
                  onEdit((live) => setField(live, k, value));
                }}
              />
              <button
                type="button"
                className="small"
                aria-label={`Remove ${k}`}
                onClick={() => onEdit((live) => removeField(live, k))}
              >
                ×
              </button>
            </div>
          ))}
        </fieldset>
      )}
      <button
        type="button"
        className="small"
        onClick={() => {
          const key = window.prompt('Name of the new field');
          if (key && /^[A-Za-z_][\w-]*$/.test(key) && findKey(data, key) === undefined)
            onEdit((live) => setField(live, key, ''));
        }}
      >
        Add field
      </button>
      {derived && (
        <div className="summary-preview" aria-label="Summary preview">
          <strong>In listings:</strong> {derived.summary}
          {derived.truncated ? '...' : ''}{' '}
          <span className="muted">
            (
            {derived.summaryType === 'frontmatter'
              ? 'from the summary field'
              : derived.summaryType === 'manual'
                ? 'up to <!--more-->'
                : 'automatic'}
            {derived.truncated ? ', truncated' : ''})
          </span>
        </div>
      )}
    </section>
  );
}
