"""What a browser shows, asked of the page."""


def loaded(image):
    """Whether the image's file arrives and shows: waits for it to load or fail."""
    return image.evaluate(
        """img => img.complete ? img.naturalWidth > 0 : new Promise(done => {
            img.addEventListener("load", () => done(img.naturalWidth > 0));
            img.addEventListener("error", () => done(false));
        })"""
    )
