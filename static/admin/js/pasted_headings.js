// An extension of the section body editor (django-prose-editor, loaded as a module).
import { Extension } from "django-prose-editor/editor"

// Headings pasted from Word or Google Docs (h1, h2, …) become the body's one heading level,
// h3, as articles/sanitize.py makes them at save. Without this the editor, which knows only
// h3, would turn them into plain paragraphs before the server sees them.
export const PastedHeadings = Extension.create({
  name: "pastedHeadings",
  transformPastedHTML(html) {
    return html.replace(/<(\/?)h[1-6](?=[\s>/])/gi, "<$1h3")
  },
})
