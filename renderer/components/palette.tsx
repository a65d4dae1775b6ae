import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { COMMANDS, COMMAND_IDS } from '../../shared/ipc/commands.ts';
import type { CommandId } from '../../shared/ipc/commands.ts';
import { keyLabel } from '../commands.ts';
import { useQuire } from '../state/context.ts';
import { fuzzyFilter } from './fuzzy.ts';
import { focusEditorAfter } from '../editor/focus-editor.ts';

interface Item {
  key: string;
  label: string;
  detail: string;
  hint: string | null;
  positions: number[];
  run(): void;
}

function highlighted(text: string, positions: number[]) {
  if (!positions.length) return text;
  const at = new Set(positions);
  return [...text].map((ch, i) => (at.has(i) ? <mark key={i}>{ch}</mark> : ch));
}

/**
 * The command palette (Ctrl/Cmd+Shift+P: every command of the registry) and the quick
 * switcher (Ctrl/Cmd+P: posts by title, path and tag). Fuzzy, keyboard only: type, arrows,
 * Enter runs, Escape goes back to where the focus was.
 */
export function Palette(props: { commands: Record<CommandId, () => void> }) {
  const mode = useQuire((s) => s.palette);
  const setPalette = useQuire((s) => s.setPalette);
  const posts = useQuire((s) => s.posts);
  const openPost = useQuire((s) => s.openPost);
  const setView = useQuire((s) => s.setView);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  // Focus moves in the same task as the key press, so nothing typed next goes elsewhere.
  useLayoutEffect(() => {
    if (!mode) return;
    if (!returnTo.current)
      returnTo.current =
        document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setQuery('');
    setActive(0);
    input.current?.focus();
  }, [mode]);

  const items = useMemo((): Item[] => {
    if (mode === 'commands') {
      const mac = /Mac|iPhone|iPad/.test(navigator.platform);
      const desktop = !!window.quire;
      const ids = COMMAND_IDS.filter((id) => id !== 'commandPalette');
      return fuzzyFilter(ids, query, (id) => [COMMANDS[id].label, COMMANDS[id].menu ?? '']).map(
        (m) => ({
          key: m.item,
          label: COMMANDS[m.item].label,
          detail: COMMANDS[m.item].menu ?? '',
          hint: keyLabel(m.item, mac, desktop),
          positions: m.field === 0 ? m.positions : [],
          run: () => props.commands[m.item](),
        }),
      );
    }
    if (mode === 'posts') {
      return fuzzyFilter(posts, query, (p) => [p.title || p.path, p.path, p.tags.join(' ')]).map(
        (m) => ({
          key: m.item.path,
          label: m.item.title || m.item.path,
          detail: `${m.item.path}${m.item.tags.length ? ` · ${m.item.tags.join(', ')}` : ''}`,
          hint: m.item.date ?? (m.item.hidden || null),
          positions: m.field === 0 ? m.positions : [],
          run: () => {
            setView('write');
            focusEditorAfter(openPost(m.item.path));
          },
        }),
      );
    }
    return [];
  }, [mode, query, posts, props.commands, openPost, setView]);

  useEffect(() => {
    list.current?.querySelector(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  if (!mode) return null;
  const title = mode === 'commands' ? 'Run a command' : 'Go to a post';

  const close = (restore = true) => {
    setPalette(null);
    const back = returnTo.current;
    returnTo.current = null;
    if (restore && back?.isConnected) back.focus();
  };
  const run = (item: Item | undefined) => {
    if (!item) return;
    close();
    item.run();
  };
  const onKey = (e: React.KeyboardEvent) => {
    const n = items.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (n) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'PageDown' || e.key === 'PageUp') {
      e.preventDefault();
      if (n) setActive((a) => Math.max(0, Math.min(n - 1, a + (e.key === 'PageDown' ? 8 : -8))));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(items[active]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab') {
      // The dialog is modal: focus stays in its field.
      e.preventDefault();
    }
  };

  return (
    <div className="palette-backdrop" onMouseDown={() => close()}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onMouseDown={(e) => e.stopPropagation()}
      >
        <input
          ref={input}
          role="combobox"
          aria-label={title}
          aria-expanded="true"
          aria-controls="palette-list"
          aria-autocomplete="list"
          aria-activedescendant={items[active] ? `palette-item-${active}` : undefined}
          placeholder={mode === 'commands' ? 'Type a command…' : 'Type a title, a path or a tag…'}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
          onBlur={(e) => {
            // Clicking elsewhere closes it (its own options keep it open for the click).
            if (!e.currentTarget.closest('.palette')?.contains(e.relatedTarget as Node | null))
              close(false);
          }}
        />
        <ul id="palette-list" role="listbox" aria-label={title} ref={list} tabIndex={-1}>
          {items.map((item, i) => (
            <li
              key={item.key}
              id={`palette-item-${i}`}
              data-index={i}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => setActive(i)}
              onClick={() => run(item)}
            >
              <span className="label">{highlighted(item.label, item.positions)}</span>
              {item.detail && <span className="detail">{item.detail}</span>}
              {item.hint &&
                (mode === 'commands' ? (
                  <kbd className="hint">{item.hint}</kbd>
                ) : (
                  <span className="hint">{item.hint}</span>
                ))}
            </li>
          ))}
          {items.length === 0 && (
            <li className="empty" role="option" aria-selected="false" aria-disabled="true">
              {mode === 'commands' ? 'No command matches' : 'No post matches'}
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
