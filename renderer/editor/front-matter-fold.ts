import {
  EditorSelection,
  EditorState,
  StateEffect,
  StateField,
  Transaction,
} from '@codemirror/state';
import type { ChangeSpec, Extension, TransactionSpec } from '@codemirror/state';
import { Decoration, EditorView, WidgetType } from '@codemirror/view';
import type { DecorationSet } from '@codemirror/view';
import { parseFrontMatter } from '../../shared/content/front-matter.ts';

/** Shows or hides the front matter (the text stays whole; only the view changes). */
export const setFrontMatterHidden = StateEffect.define<boolean>();

class FrontMatterWidget extends WidgetType {
  constructor(readonly keys: string) {
    super();
  }
  override eq(other: FrontMatterWidget): boolean {
    return other.keys === this.keys;
  }
  override toDOM(): HTMLElement {
    const el = document.createElement('div');
    el.className = 'cm-front-matter-hidden';
    el.setAttribute('aria-label', 'Front matter, hidden: edit it in the form');
    el.textContent = `Front matter${this.keys ? `: ${this.keys}` : ''} (edited in the form)`;
    return el;
  }
  override ignoreEvent(): boolean {
    return false;
  }
}

interface FrontMatterInfo {
  /** Where the body starts (0: no front matter). */
  end: number;
  /** The block parses (only then can the form show it, and only then is it hidden). */
  keys: string[] | null;
}

function frontMatterInfo(state: EditorState): FrontMatterInfo {
  try {
    const f = parseFrontMatter(state.doc.toString());
    const s = f.split;
    if (!s.format) return { end: 0, keys: null };
    return {
      end: s.bom.length + s.open.length + s.raw.length + s.close.length,
      keys: Object.keys(f.data),
    };
  } catch {
    return { end: 0, keys: null };
  }
}

// Quiet, and never spellchecked (keys, dates and slugs are not prose).
const quietLine = Decoration.line({
  class: 'cm-front-matter',
  attributes: { spellcheck: 'false' },
});

interface FoldState {
  /** The user's choice: hide the front matter when the form shows it. */
  wanted: boolean;
  info: FrontMatterInfo;
  /** Hidden right now: wanted, and the block parses (a broken block stays in sight). */
  hidden: boolean;
  deco: DecorationSet;
}

function build(state: EditorState, wanted: boolean, info: FrontMatterInfo): FoldState {
  const hidden = wanted && info.end > 0 && info.keys !== null;
  let deco = Decoration.none;
  if (hidden) {
    deco = Decoration.set([
      Decoration.replace({
        widget: new FrontMatterWidget(info.keys!.join(', ')),
        block: true,
      }).range(0, info.end - 1),
    ]);
  } else if (info.end > 0 || /^\uFEFF?\s*(---|\+\+\+|\{)/.test(state.doc.sliceString(0, 200))) {
    // Shown: quiet metadata lines (no heading, link or emphasis styling), even while broken.
    const last = info.end > 0 ? state.doc.lineAt(info.end - 1).number : closingLine(state);
    const ranges = [];
    for (let n = 1; n <= last; n++) ranges.push(quietLine.range(state.doc.line(n).from));
    deco = Decoration.set(ranges);
  }
  return { wanted, info, hidden, deco };
}

/** The closing delimiter's line of a block that does not parse (the first one only). */
function closingLine(state: EditorState): number {
  const first = state.doc
    .line(1)
    .text.replace(/^\uFEFF/, '')
    .trim();
  const close = first === '{' ? '}' : first.slice(0, 3);
  const max = Math.min(state.doc.lines, 200);
  for (let n = 2; n <= max; n++) if (state.doc.line(n).text.trim() === close) return n;
  return 1;
}

/** A transaction the user made by typing, deleting, indenting, moving or completing. */
function byUser(tr: Transaction): boolean {
  return (
    (tr.isUserEvent('input') && !tr.isUserEvent('input.form')) ||
    tr.isUserEvent('delete') ||
    tr.isUserEvent('move') ||
    tr.isUserEvent('indent')
  );
}

/**
 * Hides the front matter behind a one-line note while the form shows it, and styles it as
 * quiet metadata while shown. Hidden front matter cannot be edited from the keyboard or the
 * mouse: the cursor stays in the body, and typing, deleting, pasting or indenting never
 * reaches the hidden lines (a selection that spans them edits only the body part). The
 * form, undo, reloads and merges change it as before.
 */
export function frontMatterFoldExtension(initiallyHidden: boolean): Extension {
  const field = StateField.define<FoldState>({
    create: (state) => build(state, initiallyHidden, frontMatterInfo(state)),
    update(value, tr) {
      let wanted = value.wanted;
      for (const e of tr.effects) if (e.is(setFrontMatterHidden)) wanted = e.value;
      if (wanted === value.wanted && !tr.docChanged) return value;
      // Only edits near the top can change the block.
      if (tr.docChanged && !tr.changes.touchesRange(0, value.info.end + 1)) {
        const info = { ...value.info, end: tr.changes.mapPos(value.info.end) };
        if (wanted === value.wanted) return { ...value, info, deco: value.deco.map(tr.changes) };
        return build(tr.state, wanted, info);
      }
      return build(tr.state, wanted, frontMatterInfo(tr.state));
    },
    provide: (f) => [
      EditorView.decorations.from(f, (v) => v.deco),
      EditorView.atomicRanges.of((view) => {
        const v = view.state.field(f);
        return v.hidden ? v.deco : Decoration.none;
      }),
    ],
  });

  const guard = EditorState.transactionFilter.of((tr) => {
    const v = tr.startState.field(field, false);
    if (!v?.hidden) return tr;
    const end = v.info.end;
    let wantHidden = v.wanted;
    for (const e of tr.effects) if (e.is(setFrontMatterHidden)) wantHidden = e.value;
    if (!wantHidden) return tr;
    let touches = false;
    if (tr.docChanged && byUser(tr))
      tr.changes.iterChangedRanges((fromA) => {
        if (fromA < end) touches = true;
      });
    if (!touches) {
      // Keep the cursor out of the hidden lines (a click on the note, Ctrl+Home).
      if (!tr.selection || !tr.selection.ranges.some((r) => r.from < tr.changes.mapPos(end)))
        return tr;
      const bodyStart = tr.changes.mapPos(end);
      const len = tr.newDoc.length;
      const clamp = (p: number) => Math.min(len, Math.max(bodyStart, p));
      return [
        tr,
        {
          selection: EditorSelection.create(
            tr.selection.ranges.map((r) => EditorSelection.range(clamp(r.anchor), clamp(r.head))),
            tr.selection.mainIndex,
          ),
          sequential: true,
        },
      ];
    }
    // Keep only what lands in the body: a change that reaches into the body edits its body
    // part; one wholly inside the hidden lines is dropped.
    const changes: ChangeSpec[] = [];
    let cursor = end;
    let shift = 0;
    tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
      if (fromA >= end) {
        changes.push({ from: fromA, to: toA, insert: inserted });
        cursor = fromA + shift + inserted.length;
        shift += inserted.length - (toA - fromA);
      } else if (toA > end || (toA === end && inserted.length > 0 && toA > fromA)) {
        changes.push({ from: end, to: toA, insert: inserted });
        cursor = end + shift + inserted.length;
        shift += inserted.length - (toA - end);
      }
    });
    const spec: TransactionSpec = {
      changes,
      selection: EditorSelection.cursor(cursor),
      scrollIntoView: true,
      effects: tr.effects,
    };
    const event = tr.annotation(Transaction.userEvent);
    return event ? { ...spec, userEvent: event } : spec;
  });
  return [field, guard];
}
