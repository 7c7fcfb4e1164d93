// The article form's safety net (templates/admin/articles/article/change_form.html): ask before
// leaving with unsaved changes, autosave the form every 30 s and when a body editor loses focus,
// and copy the shared preview link. Without this script the form works as before.
"use strict";

(function () {
  const AUTOSAVE_EVERY_MS = 30000;
  const form = document.getElementById("article_form");
  const tools = document.querySelector(".form-safety[data-autosave-url]");
  if (!form || !tools) {
    return;
  }
  const text = tools.dataset;
  const status = document.getElementById("autosave-status");
  const age = document.getElementById("autosave-age");

  // What the form holds, comparable as a string; a chosen file counts by its name.
  function snapshot() {
    const pairs = [];
    for (const [name, value] of new FormData(form)) {
      if (name !== "csrfmiddlewaretoken") {
        pairs.push([name, value instanceof File ? value.name : value]);
      }
    }
    return JSON.stringify(pairs);
  }

  let loaded = null;
  let autosaved = null;
  let savedAt = null;
  let submitting = false;
  const changed = () => loaded === null || snapshot() !== loaded;

  // Taken once every script on the page has set up its fields (editors, sortable rows).
  window.addEventListener("load", function () {
    const now = snapshot();
    // A restored autosave is in the form but not saved: leaving asks, like any change.
    loaded = "restored" in text ? "" : now;
    autosaved = now;
  });

  form.addEventListener("submit", function (event) {
    // The preview opens in a new tab: this page stays, with its changes still unsaved.
    if (!event.submitter || event.submitter.formTarget !== "_blank") {
      submitting = true;
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (!submitting && loaded !== null && changed()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function say(message) {
    if (status.textContent !== message) {
      status.textContent = message;
    }
  }

  function showAge() {
    if (savedAt === null) {
      age.textContent = "";
      return;
    }
    const seconds = Math.max(0, Math.round((Date.now() - savedAt) / 1000));
    if (seconds < 5) {
      age.textContent = text.textNow;
    } else if (seconds < 60) {
      age.textContent = text.textSeconds.replace("{n}", seconds);
    } else {
      age.textContent = text.textMinutes.replace("{n}", Math.floor(seconds / 60));
    }
  }

  async function autosave() {
    if (submitting || autosaved === null) {
      return;
    }
    const now = snapshot();
    if (now === autosaved || !changed()) {
      return;
    }
    const body = new FormData();
    for (const [name, value] of new FormData(form)) {
      if (!(value instanceof File)) {
        body.append(name, value);
      }
    }
    try {
      const response = await fetch(tools.dataset.autosaveUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
      });
      if (!response.ok) {
        throw new Error(response.statusText);
      }
      autosaved = now;
      savedAt = Date.now();
      say(text.textSaved);
    } catch (error) {
      savedAt = null;
      say(text.textFailed);
    }
    showAge();
  }

  form.addEventListener("input", function () {
    if (autosaved !== null && snapshot() !== autosaved) {
      say(text.textChanged);
      savedAt = null;
      showAge();
    }
  });
  form.addEventListener("focusout", function (event) {
    if (event.target.closest(".prose-editor")) {
      autosave();
    }
  });
  window.setInterval(autosave, AUTOSAVE_EVERY_MS);
  window.setInterval(showAge, 5000);

  for (const button of document.querySelectorAll("[data-copy-link]")) {
    const link = document.getElementById(button.dataset.copyLink);
    const said = button.parentElement.querySelector(".copy-status");
    button.hidden = false;
    button.addEventListener("click", async function () {
      try {
        await navigator.clipboard.writeText(link.href);
        said.textContent = text.textCopied;
      } catch (error) {
        said.textContent = text.textCopyFailed;
      }
    });
  }
})();
