// Citing footnotes from a section's editor (the FootnoteCitations extension of
// articles/forms.py): the toolbar's footnote button and typing "[^" both offer the footnotes
// of the page's footnote rows, saved or not, and "New footnote…", which adds a row with a key
// made from author and year. A footnote row given authors and a year gets such a key too.
// Without this module editors type [^key] themselves; the server checks markers either way.
import { Extension, Plugin } from "django-prose-editor/editor";

const ROWS = "#footnotes-group .inline-related:not(.empty-form)";
const SURNAME_MAX = 40;

// The key rule of articles/importers/references.py (propose_key), for keys shown before a save.
function surname(authors) {
  const first = authors
    .split(/,|&|;|\band\b|\bet al\b/)[0]
    .trim()
    .split(/\s+/);
  return first[first.length - 1] || "";
}

function slugify(text) {
  return text
    .normalize("NFKD")
    .replace(/[^\x00-\x7f]/g, "")
    .toLowerCase()
    .replace(/[^\w\s-]/g, "")
    .replace(/[-\s]+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "");
}

function letter(index) {
  let letters = "";
  for (index += 1; index; index = Math.floor((index - 1) / 26)) {
    letters = String.fromCharCode(97 + ((index - 1) % 26)) + letters;
  }
  return letters;
}

export function proposeKey(authors, year, taken, number) {
  const name = slugify(surname(authors || "")).slice(0, SURNAME_MAX);
  const key = name && /^\d+$/.test(String(year || "")) ? `${name}${Number(year)}` : `ref${number}`;
  let uses = 0;
  while (taken.has(uses ? key + letter(uses) : key)) {
    uses += 1;
  }
  return uses ? key + letter(uses) : key;
}

// The footnote rows of the page

function field(row, name) {
  return row.querySelector(`[name$="-${name}"]`);
}

function liveRows() {
  return [...document.querySelectorAll(ROWS)].filter((row) => !field(row, "DELETE")?.checked);
}

function footnotes() {
  return liveRows()
    .map((row) => ({
      key: field(row, "key")?.value.trim(),
      title: field(row, "title")?.value.trim(),
    }))
    .filter((note) => note.key);
}

function takenKeys(except = null) {
  return new Set(
    liveRows()
      .filter((row) => row !== except)
      .map((row) => field(row, "key")?.value.trim())
      .filter(Boolean),
  );
}

function fill(input, value) {
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

function addRow(values) {
  document.querySelector("#footnotes-group .add-row a").click();
  const rows = document.querySelectorAll(ROWS);
  const row = rows[rows.length - 1];
  for (const [name, value] of Object.entries(values)) {
    fill(field(row, name), value);
  }
  row.dataset.proposedKey = values.key;
  return row;
}

// A row's key follows its authors and year until the editor types a key of her own.
function proposeInRow(event) {
  const row = event.target.closest(ROWS);
  if (!row || !/-(authors|year)$/.test(event.target.name)) {
    return;
  }
  const key = field(row, "key");
  if (key.value && key.value !== row.dataset.proposedKey) {
    return;
  }
  const number = liveRows().indexOf(row) + 1;
  row.dataset.proposedKey = proposeKey(
    field(row, "authors").value,
    field(row, "year").value,
    takenKeys(row),
    number,
  );
  fill(key, row.dataset.proposedKey);
}

// The dialog of the toolbar button (one for the page), and its "New footnote…" form

function element(tag, properties = {}, children = []) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}

function labelled(id, text, input) {
  Object.assign(input, { id, name: id });
  return element("p", {}, [element("label", { htmlFor: id, textContent: text }), input]);
}

function noteLabel(note) {
  return note.title ? `[^${note.key}] ${note.title}` : `[^${note.key}]`;
}

function insertCitation({ view, from, to }, key) {
  view.dispatch(view.state.tr.insertText(`[^${key}]`, from, to));
  view.focus();
}

let citeDialog = null;

// Where the dialog was opened for: { view, from, to }, until a footnote is chosen or it closes.
function makeCiteDialog(texts) {
  let place = null;
  const status = element("p", { className: "footnote-cite-status", role: "status" });
  const list = element("ul", { className: "footnote-cite-list" });
  const newButton = element("button", {
    type: "button",
    className: "button",
    textContent: texts.newFootnote,
  });
  const authors = element("input", { type: "text", autocomplete: "off" });
  const year = element("input", {
    type: "text",
    inputMode: "numeric",
    autocomplete: "off",
    maxLength: 4,
  });
  const title = element("input", { type: "text", autocomplete: "off" });
  const key = element("input", {
    type: "text",
    autocomplete: "off",
    required: true,
    pattern: "[\\w\\-]+",
  });
  const newForm = element("form", { className: "footnote-cite-new", hidden: true }, [
    element("h3", { id: "footnote-cite-new-heading", textContent: texts.newFootnoteHeading }),
    labelled("footnote-cite-authors", texts.authors, authors),
    labelled("footnote-cite-year", texts.year, year),
    labelled("footnote-cite-title", texts.title, title),
    labelled("footnote-cite-key", texts.key, key),
    element("p", { className: "help", id: "footnote-cite-key-help", textContent: texts.keyHelp }),
    element("button", {
      type: "submit",
      className: "button default",
      textContent: texts.addAndCite,
    }),
  ]);
  newForm.setAttribute("aria-labelledby", "footnote-cite-new-heading");
  key.setAttribute("aria-describedby", "footnote-cite-key-help");
  const close = element("button", {
    type: "button",
    className: "button",
    textContent: texts.cancel,
  });
  const dialog = element("dialog", { className: "footnote-cite" }, [
    element("h2", { id: "footnote-cite-heading", textContent: texts.dialogTitle }),
    element("p", { className: "footnote-cite-empty", textContent: texts.noFootnotes }),
    list,
    element("p", {}, [newButton]),
    newForm,
    element("p", { className: "footnote-cite-close" }, [close]),
  ]);
  dialog.setAttribute("aria-labelledby", "footnote-cite-heading");
  document.body.append(dialog, status);

  let keyTyped = false;
  const propose = () => {
    if (!keyTyped) {
      key.value = proposeKey(authors.value, year.value, takenKeys(), liveRows().length + 1);
    }
  };
  authors.addEventListener("input", propose);
  year.addEventListener("input", propose);
  key.addEventListener("input", () => {
    keyTyped = key.value !== "";
  });
  close.addEventListener("click", () => dialog.close());
  newButton.addEventListener("click", () => {
    newForm.hidden = false;
    keyTyped = false;
    authors.value = year.value = title.value = "";
    propose();
    authors.focus();
  });
  newForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = key.value.trim();
    if (takenKeys().has(chosen)) {
      key.setCustomValidity(texts.keyTaken);
      key.reportValidity();
      key.setCustomValidity("");
      return;
    }
    addRow({
      key: chosen,
      authors: authors.value.trim(),
      year: year.value.trim(),
      title: title.value.trim(),
    });
    status.textContent = texts.added.replace("{key}", `[^${chosen}]`);
    cite(chosen);
  });
  const cite = (chosen) => {
    const target = place;
    place = null;
    dialog.close();
    insertCitation(target, chosen);
  };
  dialog.addEventListener("close", () => place?.view.focus());

  const open = (where, startNew) => {
    place = where;
    const notes = footnotes();
    list.replaceChildren(
      ...notes.map((note) =>
        element("li", {}, [
          element("button", {
            type: "button",
            className: "footnote-cite-choice",
            textContent: noteLabel(note),
            onclick: () => cite(note.key),
          }),
        ]),
      ),
    );
    dialog.querySelector(".footnote-cite-empty").hidden = notes.length > 0;
    newForm.hidden = true;
    dialog.showModal();
    if (startNew || !notes.length) {
      newButton.click();
    } else {
      list.querySelector("button").focus();
    }
  };
  return { open };
}

function openDialog(texts, where, startNew = false) {
  citeDialog = citeDialog || makeCiteDialog(texts);
  citeDialog.open(where, startNew);
}

// The list offered while typing "[^": focus stays in the editor, arrows move, Enter chooses.

const TYPED = /\[\^([\w-]*)$/u;
let listboxes = 0;

class Suggestions {
  constructor(texts) {
    this.texts = texts;
    this.id = `footnote-suggestions-${++listboxes}`;
    this.box = element("div", {
      id: this.id,
      className: "footnote-suggestions",
      role: "listbox",
      hidden: true,
    });
    this.box.setAttribute("aria-label", texts.suggestionsLabel);
    this.box.addEventListener("mousedown", (event) => event.preventDefault());
    document.body.append(this.box);
    this.range = null;
    this.dismissed = null;
  }

  typed(view) {
    const { selection } = view.state;
    if (!selection.empty || !view.hasFocus()) {
      return null;
    }
    const { $from } = selection;
    const before = $from.parent.textBetween(
      Math.max(0, $from.parentOffset - 60),
      $from.parentOffset,
      null,
      "\ufffc",
    );
    const match = TYPED.exec(before);
    return match
      ? { from: selection.from - match[0].length, to: selection.from, query: match[1] }
      : null;
  }

  update(view) {
    const typed = this.typed(view);
    if (!typed || typed.from === this.dismissed) {
      this.hide(view);
      return;
    }
    const query = typed.query.toLowerCase();
    const notes = footnotes().filter(
      (note) =>
        note.key.toLowerCase().includes(query) || (note.title || "").toLowerCase().includes(query),
    );
    this.options = [
      ...notes.map((note) => ({ label: noteLabel(note), choose: () => this.cite(view, note.key) })),
      { label: this.texts.newFootnote, choose: () => this.startNew(view) },
    ];
    this.range = typed;
    this.active = Math.min(this.active ?? 0, this.options.length - 1);
    this.box.replaceChildren(
      ...this.options.map((option, index) => {
        const item = element("div", {
          id: `${this.id}-${index}`,
          role: "option",
          textContent: option.label,
        });
        item.addEventListener("click", () => option.choose());
        return item;
      }),
    );
    this.box.hidden = false;
    const place = view.coordsAtPos(typed.from);
    // Under the "[^", kept inside the window however far right the cursor is.
    const room = document.documentElement.clientWidth;
    const width = Math.min(448, room - 16);
    const left = Math.max(8, Math.min(place.left, room - width - 8));
    this.box.style.width = `${width}px`;
    this.box.style.top = `${window.scrollY + place.bottom + 4}px`;
    this.box.style.left = `${window.scrollX + left}px`;
    view.dom.setAttribute("aria-controls", this.id);
    this.highlight(view);
  }

  highlight(view) {
    this.box.querySelectorAll("[role=option]").forEach((item, index) => {
      item.setAttribute("aria-selected", String(index === this.active));
    });
    view.dom.setAttribute("aria-activedescendant", `${this.id}-${this.active}`);
    this.box.children[this.active]?.scrollIntoView({ block: "nearest" });
  }

  hide(view) {
    if (this.range === null && this.box.hidden) {
      return;
    }
    this.range = null;
    this.active = 0;
    this.box.hidden = true;
    view.dom.removeAttribute("aria-activedescendant");
    view.dom.removeAttribute("aria-controls");
  }

  keydown(view, event) {
    if (this.range === null || this.box.hidden) {
      return false;
    }
    const count = this.options.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      this.active = (this.active + (event.key === "ArrowDown" ? 1 : count - 1)) % count;
      this.highlight(view);
      return true;
    }
    if (event.key === "Enter" || event.key === "Tab") {
      this.options[this.active].choose();
      return true;
    }
    if (event.key === "Escape") {
      this.dismissed = this.range.from;
      this.hide(view);
      return true;
    }
    return false;
  }

  cite(view, key) {
    const { from, to } = this.range;
    this.hide(view);
    insertCitation({ view, from, to }, key);
  }

  startNew(view) {
    const { from, to } = this.range;
    this.hide(view);
    openDialog(this.texts, { view, from, to }, true);
  }

  destroy() {
    this.box.remove();
  }
}

document.addEventListener("input", proposeInRow);

export const FootnoteCitations = Extension.create({
  name: "footnoteCitations",

  addOptions() {
    return { texts: {} };
  },

  addMenuItems({ buttons, menu }) {
    const button = buttons.text("[^]", this.options.texts.button);
    button.setAttribute("aria-haspopup", "dialog");
    menu.defineItem({
      name: "footnoteCitation",
      groups: "footnotes",
      command: (editor) => {
        const { from, to } = editor.state.selection;
        openDialog(this.options.texts, { view: editor.view, from, to });
      },
      button,
    });
  },

  addProseMirrorPlugins() {
    const { editor, options } = this;
    let suggestions = null;
    return [
      new Plugin({
        view() {
          suggestions = new Suggestions(options.texts);
          return {
            update: (view) => suggestions.update(view),
            destroy: () => suggestions.destroy(),
          };
        },
        props: {
          handleKeyDown: (view, event) => suggestions?.keydown(view, event) ?? false,
          handleDOMEvents: {
            blur: (view) => {
              suggestions?.hide(view);
              return false;
            },
          },
        },
      }),
    ];
  },
});
