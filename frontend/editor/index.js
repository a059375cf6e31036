// The code editor: CodeMirror 6, bundled by esbuild into public/codemirror.js and
// driven from Rust (app/src/components/code_editor.rs) through `window.CodincodEditor`.

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { cpp } from '@codemirror/lang-cpp';
import { java } from '@codemirror/lang-java';
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import {
  StreamLanguage, bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting,
} from '@codemirror/language';
import { lua } from '@codemirror/legacy-modes/mode/lua';
import { perl } from '@codemirror/legacy-modes/mode/perl';
import { ruby } from '@codemirror/legacy-modes/mode/ruby';
import { shell } from '@codemirror/legacy-modes/mode/shell';
import { go } from '@codemirror/legacy-modes/mode/go';
import { rust } from '@codemirror/legacy-modes/mode/rust';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState } from '@codemirror/state';
import {
  EditorView, crosshairCursor, drawSelection, dropCursor, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, keymap, lineNumbers, rectangularSelection,
} from '@codemirror/view';
import { emacs } from '@replit/codemirror-emacs';
import { vim } from '@replit/codemirror-vim';

const modes = {
  python: () => python(),
  javascript: () => javascript(),
  typescript: () => javascript({ typescript: true }),
  c: () => cpp(),
  'c++': () => cpp(),
  java: () => java(),
  bash: () => StreamLanguage.define(shell),
  perl: () => StreamLanguage.define(perl),
  ruby: () => StreamLanguage.define(ruby),
  lua: () => StreamLanguage.define(lua),
  go: () => StreamLanguage.define(go),
  rust: () => StreamLanguage.define(rust),
};

const keymaps = { vim: () => vim(), emacs: () => emacs(), vscode: () => [] };

/** The optional features, each switched by a key of the user's editor settings. */
function features(settings) {
  const on = (key, extension) => (settings[key] === false ? [] : extension);
  return [
    on('lineNumbers', lineNumbers()),
    on('highlightActiveLineGutter', highlightActiveLineGutter()),
    on('highlightSpecialChars', highlightSpecialChars()),
    on('history', history()),
    on('foldGutter', foldGutter()),
    on('drawSelection', drawSelection()),
    on('dropCursor', dropCursor()),
    on('allowMultipleSelections', EditorState.allowMultipleSelections.of(true)),
    on('indentOnInput', indentOnInput()),
    on('syntaxHighlighting', syntaxHighlighting(defaultHighlightStyle, { fallback: true })),
    on('bracketMatching', bracketMatching()),
    on('closeBrackets', closeBrackets()),
    on('autocompletion', autocompletion()),
    on('rectangularSelection', rectangularSelection()),
    on('crosshairCursor', crosshairCursor()),
    on('highlightActiveLine', highlightActiveLine()),
    on('highlightSelectionMatches', highlightSelectionMatches()),
    keymap.of([
      ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap,
      ...completionKeymap, indentWithTab,
    ]),
  ];
}

/**
 * Mounts an editor in `parent`. `onChange(text)` hears every edit. Returns a handle
 * with getValue, setValue, setLanguage, setKeymap, focus and destroy.
 */
function create(parent, text, language, keymapName, settings, label, onChange) {
  const languageSlot = new Compartment();
  const keymapSlot = new Compartment();
  const mode = (name) => (modes[name] ? modes[name]() : []);
  const bindings = (name) => (keymaps[name] ? keymaps[name]() : []);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        keymapSlot.of(bindings(keymapName)),
        features(settings || {}),
        languageSlot.of(mode(language)),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    getValue: () => view.state.doc.toString(),
    setValue: (value) => {
      if (value !== view.state.doc.toString()) {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
      }
    },
    setLanguage: (name) => view.dispatch({ effects: languageSlot.reconfigure(mode(name)) }),
    setKeymap: (name) => view.dispatch({ effects: keymapSlot.reconfigure(bindings(name)) }),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}

window.CodincodEditor = { create };
window.dispatchEvent(new Event('codincod-editor-ready'));
