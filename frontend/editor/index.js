// The code editor: CodeMirror 6, bundled by Rollup (rollup.config.mjs) into
// public/editor/ and driven from Rust (app/src/components/code_editor.rs) through
// `window.CodincodEditor`.
// The core loads with the editor; each language and the vim and emacs keymaps are
// chunks of their own, loaded when first chosen.

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  HighlightStyle, StreamLanguage, bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting,
} from '@codemirror/language';
import { tags } from '@lezer/highlight';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState } from '@codemirror/state';
import {
  EditorView, crosshairCursor, drawSelection, dropCursor, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, keymap, lineNumbers, rectangularSelection,
} from '@codemirror/view';

const legacy = (mode) => StreamLanguage.define(mode);

/** Token colours from the page's CSS variables, so each theme keeps a readable contrast. */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.operatorKeyword], color: 'var(--code-keyword)' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp, tags.character], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.atom, tags.null], color: 'var(--code-number)' },
  { tag: [tags.comment, tags.meta], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [tags.typeName, tags.className, tags.namespace], color: 'var(--code-type)' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName), tags.definition(tags.variableName)], color: 'var(--code-function)' },
  { tag: tags.invalid, color: 'var(--danger)' },
]);
/** Each language's highlighting, imported when first used. */
const modes = {
  python: async () => (await import('@codemirror/lang-python')).python(),
  javascript: async () => (await import('@codemirror/lang-javascript')).javascript(),
  typescript: async () => (await import('@codemirror/lang-javascript')).javascript({ typescript: true }),
  c: async () => (await import('@codemirror/lang-cpp')).cpp(),
  'c++': async () => (await import('@codemirror/lang-cpp')).cpp(),
  java: async () => (await import('@codemirror/lang-java')).java(),
  bash: async () => legacy((await import('@codemirror/legacy-modes/mode/shell')).shell),
  perl: async () => legacy((await import('@codemirror/legacy-modes/mode/perl')).perl),
  ruby: async () => legacy((await import('@codemirror/legacy-modes/mode/ruby')).ruby),
  lua: async () => legacy((await import('@codemirror/legacy-modes/mode/lua')).lua),
  go: async () => legacy((await import('@codemirror/legacy-modes/mode/go')).go),
  rust: async () => legacy((await import('@codemirror/legacy-modes/mode/rust')).rust),
};

/** Key bindings other than the standard ones, imported when chosen. */
const keymaps = {
  vim: async () => (await import('@replit/codemirror-vim')).vim(),
  emacs: async () => (await import('@replit/codemirror-emacs')).emacs(),
};

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
    on('syntaxHighlighting', syntaxHighlighting(highlight)),
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

/** An editor in `parent`, its edits reported to the listener set with `listen`. */
function mount(parent, text, language, keymapName, settings, label) {
  const languageSlot = new Compartment();
  const keymapSlot = new Compartment();
  let listener = () => {};
  // A slow import must not override a later choice: each slot applies only the
  // newest request.
  const latest = { language: 0, keymap: 0 };
  const load = (slot, kind, loaders, name) => {
    const request = ++latest[kind];
    const loading = loaders[name] ? loaders[name]() : Promise.resolve([]);
    return loading.then((extension) => {
      if (request === latest[kind]) view.dispatch({ effects: slot.reconfigure(extension) });
    });
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        keymapSlot.of([]),
        features(settings || {}),
        languageSlot.of([]),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) listener(update.state.doc.toString());
        }),
      ],
    }),
  });
  load(languageSlot, 'language', modes, language);
  load(keymapSlot, 'keymap', keymaps, keymapName);
  const handle = {
    getValue: () => view.state.doc.toString(),
    setValue: (value) => {
      if (value !== view.state.doc.toString()) {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
      }
    },
    setLanguage: (name) => load(languageSlot, 'language', modes, name),
    setKeymap: (name) => load(keymapSlot, 'keymap', keymaps, name),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
  return { handle, listen: (f) => { listener = f; } };
}

/** Editors this script started before the WASM arrived, by their host element. */
const early = new WeakMap();

/**
 * The editor in `parent`, for the WASM: `onChange(text)` hears every edit. An editor
 * started early is taken over as it is, with what was typed in it, which the WASM
 * hears at once. Returns a handle with getValue, setValue, setLanguage, setKeymap,
 * focus and destroy.
 */
function create(parent, text, language, keymapName, settings, label, onChange) {
  const started = early.get(parent);
  if (!started) {
    const editor = mount(parent, text, language, keymapName, settings, label);
    editor.listen(onChange);
    return editor.handle;
  }
  early.delete(parent);
  started.listen(onChange);
  const typed = started.handle.getValue();
  if (typed !== text) onChange(typed);
  return started.handle;
}

const storage = (() => {
  try { return window.localStorage; } catch { return null; }
})();

// The editor does not wait for the WASM: each server-rendered editor starts now, from
// the draft kept in this browser if there is one, and keeps its textarea (what a form
// would send) and its draft up to date until the WASM takes it over.
for (const box of document.querySelectorAll('.code-editor[data-editor-language]')) {
  const host = box.querySelector('.code-editor__host');
  const fallback = box.querySelector('.code-editor__fallback');
  if (!host || !fallback || host.firstChild) continue;
  const { editorLanguage: language, editorKeymap: keymapName, editorDraft: draft } = box.dataset;
  let settings = {};
  try { settings = JSON.parse(box.dataset.editorSettings || '{}'); } catch { /* the defaults */ }
  const saved = draft ? storage?.getItem(draft) : null;
  const editor = mount(host, saved ?? fallback.value, language, keymapName, settings, fallback.getAttribute('aria-label'));
  editor.listen((text) => {
    fallback.value = text;
    if (draft) storage?.setItem(draft, text);
  });
  box.dataset.editorStarted = 'true';
  early.set(host, editor);
}

window.CodincodEditor = { create };
window.dispatchEvent(new Event('codincod-editor-ready'));
