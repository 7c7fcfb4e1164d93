// The article form for keyboard and screen-reader users (templates/admin/articles/article/
// change_form.html). The server names every control it renders; the controls that scripts
// build (the body editor, autocomplete pickers, calendar and clock links) are named here
// after the control they stand for. A row added to an inline takes the focus; a disabled
// toolbar button is out of the tab order; a link of the error summary goes to the control
// an editor actually types in.
"use strict";

(function () {
  const form = document.getElementById("article_form");
  if (!form) {
    return;
  }

  // Only what differs is written: the editor watches its own element.
  function set(element, name, value) {
    if (element.getAttribute(name) !== value) {
      element.setAttribute(name, value);
    }
  }

  // What a control is called: its own aria-label, else its label's text.
  function nameOf(control) {
    const named = control.getAttribute("aria-label");
    if (named) {
      return named;
    }
    const label = control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`);
    return label ? label.textContent.trim().replace(/:$/, "") : "";
  }

  function nameEditor(editable) {
    const source = editable.closest(".prose-editor").querySelector("textarea");
    if (!source) {
      return;
    }
    set(editable, "role", "textbox");
    set(editable, "aria-multiline", "true");
    set(editable, "aria-label", nameOf(source));
    const help = source.getAttribute("aria-describedby");
    if (help) {
      set(editable, "aria-describedby", help);
    }
  }

  // Select2 (Django's autocomplete) draws its own combobox beside the hidden select.
  function namePicker(select) {
    const box = select.nextElementSibling;
    if (!box || !box.classList.contains("select2")) {
      return;
    }
    const name = nameOf(select);
    const selection = box.querySelector(".select2-selection");
    if (!name || !selection) {
      return;
    }
    const nameId = `${select.id}-name`;
    if (!document.getElementById(nameId)) {
      const said = document.createElement("span");
      said.id = nameId;
      said.hidden = true;
      said.textContent = name;
      box.after(said);
    }
    const shown = box.querySelector(".select2-selection__rendered[id]");
    if (shown) {
      // Its text is the chosen item, read after the name; it is no control of its own.
      shown.removeAttribute("role");
      shown.removeAttribute("aria-readonly");
      set(selection, "aria-labelledby", `${nameId} ${shown.id}`);
    } else {
      set(selection, "aria-label", name);
    }
    for (const search of box.querySelectorAll(".select2-search__field")) {
      set(search, "aria-label", name);
    }
  }

  function nameShortcut(link) {
    const icon = link.querySelector(".date-icon, .clock-icon");
    const input = link.closest(".datetimeshortcuts").previousElementSibling;
    if (icon && input) {
      set(link, "aria-label", `${icon.title} (${nameOf(input)})`);
    }
  }

  function keepToolbarButton(button) {
    const off = button.classList.contains("disabled") && !button.classList.contains("active");
    if (off) {
      set(button, "tabindex", "-1");
      set(button, "aria-disabled", "true");
    } else {
      button.removeAttribute("tabindex");
      button.removeAttribute("aria-disabled");
    }
  }

  function nameAll() {
    form.querySelectorAll(".prose-editor [contenteditable]").forEach(nameEditor);
    form.querySelectorAll("select.admin-autocomplete").forEach(namePicker);
    form.querySelectorAll(".datetimeshortcuts a").forEach(nameShortcut);
    form.querySelectorAll(".prose-menubar__button").forEach(keepToolbarButton);
  }

  let pending = false;
  function nameSoon() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        nameAll();
      });
    }
  }

  new MutationObserver(function (changes) {
    for (const change of changes) {
      if (change.type === "attributes") {
        if (change.target.classList.contains("prose-menubar__button")) {
          keepToolbarButton(change.target);
        }
      } else if (!change.target.closest || !change.target.closest(".ProseMirror")) {
        nameSoon(); // rows, editors and pickers being built; not the text being typed
      }
    }
  }).observe(form, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
  nameAll();

  const FOCUSABLE =
    '[contenteditable="true"], .select2-selection[tabindex="0"], ' +
    'input:not([type="hidden"]):not([type="checkbox"]):not(._reorder_), textarea, select';

  function visible(element) {
    return element.getClientRects().length > 0;
  }

  function focusInside(container) {
    const control = [...container.querySelectorAll(FOCUSABLE)].find(visible);
    if (control) {
      control.focus();
      control.scrollIntoView({ block: "center" });
    }
    return control;
  }

  // The row's editors and pickers are made by other listeners of the same event: wait for them.
  // Focus follows the editor who pressed "Add another", not a row another script added while
  // the editor works elsewhere (a footnote made from the body editor keeps the typing there).
  document.addEventListener("formset:added", function (event) {
    const row = event.target;
    window.setTimeout(function () {
      nameAll();
      const active = document.activeElement;
      if (!active || active === document.body || active.closest(".add-row")) {
        focusInside(row);
      }
    }, 50);
  });

  // The field named by a link may be hidden behind the control a script made for it.
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.addEventListener("click", function (event) {
      const link = event.target.closest("a[href^='#']");
      const target = link && document.getElementById(link.hash.slice(1));
      if (!target) {
        return;
      }
      for (let fold = target.closest("details"); fold; fold = fold.parentElement.closest("details")) {
        fold.open = true;
      }
      if (visible(target) && target.matches(FOCUSABLE)) {
        return;
      }
      const place = target.closest(".form-row, td, .inline-related") || target;
      if (focusInside(place)) {
        event.preventDefault();
      }
    });
  }
})();
