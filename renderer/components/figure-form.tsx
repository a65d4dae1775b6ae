import { useState } from 'react';
import { figureShortcode } from '../../shared/markdown/shortcode-write.ts';
import type { FigureFields } from '../../shared/markdown/shortcode-write.ts';

/** Props of the figure form: the fields to start from, and what to do with the result. */
export interface FigureFormProps {
  /** An existing figure's fields (editing), or none (inserting). */
  initial?: FigureFields;
  /** Its other parameters (width, link...), kept as they are. */
  extra?: Record<string, string>;
  /** Called with the shortcode text to put in place. */
  onSubmit(shortcode: string): void;
  onCancel(): void;
}

/**
 * A small form for Hugo's figure shortcode: image source, alt text (what the image shows,
 * for readers who cannot see it) and caption. Submits `{{< figure … >}}` with every value
 * quoted so Hugo reads it back exactly.
 */
export function FigureForm({ initial, extra, onSubmit, onCancel }: FigureFormProps) {
  const [fields, setFields] = useState<FigureFields>(initial ?? { src: '', alt: '', caption: '' });
  const set = (k: keyof FigureFields) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setFields({ ...fields, [k]: e.target.value });
  const text = figureShortcode(fields, extra);
  return (
    <form
      className="figure-form"
      aria-label={initial ? 'Edit figure' : 'Insert figure'}
      onSubmit={(e) => {
        e.preventDefault();
        if (fields.src.trim()) onSubmit(text);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <label>
        Image
        <input value={fields.src} onChange={set('src')} placeholder="pic.png" required autoFocus />
      </label>
      <label>
        Alt text
        <input value={fields.alt} onChange={set('alt')} placeholder="What the image shows" />
      </label>
      <label>
        Caption
        <input
          value={fields.caption}
          onChange={set('caption')}
          placeholder="Shown below it (Markdown)"
        />
      </label>
      {!fields.alt.trim() && fields.src.trim() && (
        <p className="hint">Without alt text, screen readers say only the file name.</p>
      )}
      <code className="figure-form-preview">{text}</code>
      <div className="figure-form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" disabled={!fields.src.trim()}>
          {initial ? 'Update figure' : 'Insert figure'}
        </button>
      </div>
    </form>
  );
}
