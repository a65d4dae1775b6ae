import { useState } from 'react';

/** Terms as chips, with autocomplete from the whole site. */
export function ChipsField(props: {
  id: string;
  label: string;
  values: string[];
  suggestions: string[];
  onChange(v: string[]): void;
}) {
  const [draft, setDraft] = useState('');
  const add = (raw: string) => {
    const v = raw.trim();
    if (v && !props.values.includes(v)) props.onChange([...props.values, v]);
    setDraft('');
  };
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <div className="chips">
        {props.values.map((v) => (
          <span className="chip" key={v}>
            {v}
            <button
              type="button"
              aria-label={`Remove ${v}`}
              onClick={() => props.onChange(props.values.filter((x) => x !== v))}
            >
              ×
            </button>
          </span>
        ))}
        <input
          id={props.id}
          list={`${props.id}-list`}
          value={draft}
          placeholder="add…"
          onChange={(e) => {
            const v = e.target.value;
            if (v.endsWith(',')) add(v.slice(0, -1));
            else setDraft(v);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add(draft);
            } else if (e.key === 'Backspace' && !draft && props.values.length)
              props.onChange(props.values.slice(0, -1));
          }}
          onBlur={() => draft && add(draft)}
        />
        <datalist id={`${props.id}-list`}>
          {props.suggestions
            .filter((s) => !props.values.includes(s))
            .map((s) => (
              <option key={s} value={s} />
            ))}
        </datalist>
      </div>
    </div>
  );
}
