import { useEffect, useRef, useState } from 'react';

/** A text input that keeps what the user types while focused, and follows `value` otherwise. */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  multiline?: boolean;
  placeholder?: string;
  error?: string | null;
  note?: string;
  list?: string;
}) {
  const [local, setLocal] = useState(props.value);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setLocal(props.value);
  }, [props.value]);
  const common = {
    id: props.id,
    value: local,
    placeholder: props.placeholder,
    'aria-invalid': props.error ? true : undefined,
    onFocus: () => (focused.current = true),
    onBlur: () => {
      focused.current = false;
      setLocal(props.value);
    },
    onChange: (e: { target: { value: string } }) => {
      setLocal(e.target.value);
      props.onChange(e.target.value);
    },
  };
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.multiline ? (
        <textarea rows={2} {...common} />
      ) : (
        <input list={props.list} {...common} />
      )}
      {props.error && (
        <span className="field-error" role="alert">
          {props.error}
        </span>
      )}
      {props.note && <span className="field-note">{props.note}</span>}
    </div>
  );
}
