// editor.js: the learner's script in a CodeMirror 6 editor. CodeMirror
// comes as the ES modules npm ships, vendored into dist/vendor by `make
// web` and found through the import map in index.html (no bundler, no
// CDN). app.js imports this module only when a script is first shown, so
// the page with the built-in handlers never loads it.
//
// Besides editing (Python highlighting, line numbers, Tab indents, Esc
// then Tab leaves the editor), it shows two kinds of marks:
//   markError({line, col, message})  the line the runtime blamed (a
//                                    SyntaxError, or a traceback's last line
//                                    in the script), underlined and in the
//                                    gutter, until the text changes
//   showStep(line, note)             the line a step of the dispatch path ran,
//                                    Python Tutor style, with what it left

import { EditorView, keymap, lineNumbers, highlightActiveLineGutter, drawSelection, Decoration, WidgetType } from '@codemirror/view';
import { EditorState, StateField, StateEffect } from '@codemirror/state';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { indentOnInput, bracketMatching, syntaxHighlighting, HighlightStyle, indentUnit } from '@codemirror/language';
import { python } from '@codemirror/lang-python';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { tags as t } from '@lezer/highlight';

// The colours are the page's own (css/app.css), so the editor follows
// the light and dark themes with the rest of the page.
const style = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword, t.self], color: 'var(--py-kw)' },
  { tag: [t.string, t.special(t.string)], color: 'var(--py-str)' },
  { tag: t.comment, color: 'var(--py-com)', fontStyle: 'italic' },
  { tag: [t.function(t.definition(t.variableName)), t.definition(t.className)], color: 'var(--py-def)', fontWeight: '600' },
  { tag: [t.number, t.bool, t.null], color: 'var(--py-num)' },
  { tag: t.className, color: 'var(--py-def)' },
  { tag: t.invalid, color: 'var(--bad)' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '13px', backgroundColor: 'var(--card-2)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: '8px' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--card-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)', borderRadius: '8px 0 0 8px' },
  '.cm-activeLineGutter': { backgroundColor: 'transparent', color: 'var(--text)' },
  '&.cm-focused': { outline: '2px solid var(--accent)', outlineOffset: '-1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': { backgroundColor: 'var(--accent-soft) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--text)' },
});

// The step the dispatch path has selected: one line, and a note after it.
const setStep = StateEffect.define();

class NoteWidget extends WidgetType {
  constructor(text) { super(); this.text = text; }
  eq(o) { return o.text === this.text; }
  toDOM() {
    const s = document.createElement('span');
    s.className = 'cm-step-note';
    s.textContent = this.text;
    return s;
  }
}

const stepField = StateField.define({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setStep)) continue;
      const { line, note } = e.value || {};
      if (!line || line > tr.state.doc.lines) { deco = Decoration.none; continue; }
      const l = tr.state.doc.line(line);
      const marks = [Decoration.line({ class: 'cm-step-line' }).range(l.from)];
      if (note) marks.push(Decoration.widget({ widget: new NoteWidget(note), side: 1 }).range(l.to));
      deco = Decoration.set(marks);
    }
    if (tr.docChanged) deco = Decoration.none;
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export class Editor {
  // new Editor(parent, {doc, onChange, label}) shows an editor in parent.
  constructor(parent, { doc = '', onChange = () => {}, label = 'Python handler script' } = {}) {
    this.onChange = onChange;
    this.silent = false;
    this.view = new EditorView({
      parent,
      state: this.state(doc),
      dispatch: (tr, view) => {
        view.update([tr]);
        if (tr.docChanged) {
          if (this.error) this.clearError();
          if (!this.silent) this.onChange(view.state.doc.toString());
        }
      },
    });
    this.view.contentDOM.setAttribute('aria-label', label);
    this.error = null;
  }

  state(doc) {
    return EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        lintGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        indentUnit.of('    '),
        EditorState.tabSize.of(8),
        python(),
        syntaxHighlighting(style),
        // Ctrl+Enter is the page's Send (its keydown listener on the
        // document sends); the default keymap would insert a line first.
        keymap.of([{ key: 'Mod-Enter', run: () => true }, indentWithTab, ...defaultKeymap, ...historyKeymap]),
        stepField,
        theme,
      ],
    });
  }

  get value() { return this.view.state.doc.toString(); }

  // setValue replaces the text without calling onChange (a scenario or a
  // share link loading a script is not an edit).
  setValue(text) {
    if (text === this.value) return;
    this.silent = true;
    try {
      this.view.setState(this.state(text));
    } finally {
      this.silent = false;
    }
    this.error = null;
  }

  // markError underlines the blamed line (col is 1-based, as Python
  // counts; a missing col marks the whole line) and puts the message in
  // the gutter's tooltip.
  markError(err) {
    const doc = this.view.state.doc;
    if (!err || !err.line || err.line < 1 || err.line > doc.lines) { this.clearError(); return; }
    const l = doc.line(err.line);
    const from = err.col && err.col > 0 ? Math.min(l.to, l.from + err.col - 1) : l.from + (/^\s*/.exec(l.text)[0].length);
    const to = err.endCol && err.endCol > err.col ? Math.min(l.to, l.from + err.endCol - 1) : l.to;
    this.error = err;
    this.view.dispatch(setDiagnostics(this.view.state, [{ from, to: Math.max(to, from), severity: 'error', message: err.message, source: err.type }]));
    this.view.dispatch({ effects: EditorView.scrollIntoView(from, { y: 'center' }) });
    this.view.dom.dataset.errorLine = String(err.line);
  }

  clearError() {
    this.error = null;
    delete this.view.dom.dataset.errorLine;
    this.view.dispatch(setDiagnostics(this.view.state, []));
  }

  // showStep highlights line (0 clears) with an optional note after it.
  showStep(line, note) {
    const ok = line > 0 && line <= this.view.state.doc.lines;
    const effects = [setStep.of(ok ? { line, note } : null)];
    if (ok) effects.push(EditorView.scrollIntoView(this.view.state.doc.line(line).from, { y: 'nearest' }));
    this.view.dispatch({ effects });
    if (ok) this.view.dom.dataset.stepLine = String(line);
    else delete this.view.dom.dataset.stepLine;
  }

  focus() { this.view.focus(); }
}
