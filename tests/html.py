"""Reading reader pages the way a browser and a screen reader would."""

from bs4 import BeautifulSoup

FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])"


def page(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def first_focusable(soup):
    return soup.select_one(FOCUSABLE)
