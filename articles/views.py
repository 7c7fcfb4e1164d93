import datetime
import functools

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from taggit.models import Tag

from . import listing, page_fragments, search, workflow
from .models import Article, Author, FormerAddress, TagRedirect, published_q
from .page_cache import cached_page


def render_listing(request, template, context, articles=None, paginate=None):
    """``template`` with the page asked for: of ``articles`` newest first, or by ``paginate``."""
    paginate = paginate or functools.partial(listing.newest_first, articles=articles)
    try:
        page = paginate(request.GET, per_page=settings.NEWSROOM_ARTICLES_PER_PAGE)
    except listing.Moved as moved:
        return redirect(request.path + moved.query, permanent=True)
    return render(request, template, {**context, "page": page})


@cached_page(query=[listing.BEFORE, listing.PAGE])
def home(request, language=None):
    """The front page; /en/ and /ko/ are the front pages of one language's articles."""
    articles = Article.objects.published().for_listing()
    if language:
        articles = articles.filter(language=language)
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_listing(request, "articles/home.html", {"front_page": language}, articles)


@cached_page(query=[listing.BEFORE, listing.PAGE])
def author_detail(request, slug):
    # Only authors readers can see a published article of: a draft's byline stays private.
    author = get_object_or_404(Author.objects.writing(), slug=slug)
    articles = Article.objects.published().filter(authors=author).for_listing()
    return render_listing(request, "articles/author.html", {"author": author}, articles)


@cached_page(query=[listing.BEFORE, listing.PAGE])
def kind_list(request, kind):
    label = Article.Kind(kind).label
    articles = Article.objects.published().filter(kind=kind).for_listing()
    return render_listing(request, "articles/kind.html", {"kind": kind, "label": label}, articles)


@cached_page(query=["q", listing.PAGE])
def search_results(request):
    text = request.GET.get("q", "").strip()
    query = search.parse(text)
    context = {"text": text, "query": query, "page": None, "found": 0, "window": search.RANKED}
    if query.is_empty:
        return render(request, "articles/search.html", context)
    results = search.matching(Article.objects.published().with_bylines(), query)
    context["found"] = results.found

    def paginate(given, per_page):
        page = listing.numbered(given, results.ranked, per_page, search.RANKED, kept={"q": text})
        page.object_list = [
            (
                article,
                search.highlight(article.headline, query),
                search.highlight(article.body_text or article.dek, query, width=240),
            )
            for article in page.object_list
        ]
        return page

    return render_listing(request, "articles/search.html", context, paginate=paginate)


@cached_page(query=[listing.BEFORE, listing.PAGE])
def tag_detail(request, slug):
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        merged = get_object_or_404(TagRedirect.objects.select_related("tag"), old_slug=slug)
        return redirect("articles:tag", slug=merged.tag.slug, permanent=True)
    articles = Article.objects.published().filter(tags=tag).for_listing()
    if not articles.exists():
        raise Http404("No published article has this tag.")  # an embargoed story's tag
    return render_listing(request, "articles/tag.html", {"tag": tag}, articles)


@cached_page
def article_detail(request, year, month, day, slug, canonical=True):
    """
    An article at /yyyy/mm/dd/slug/. An address written otherwise (not ``canonical``),
    with a wrong date or a former slug redirects permanently to the current one.
    """
    try:
        requested_day = datetime.date(year, month, day)
    except (ValueError, OverflowError) as error:
        raise Http404("No such date.") from error
    page = page_fragments.published_page(request, slug)
    if page is None:
        former = get_object_or_404(
            FormerAddress.objects.filter(published_q("article__")),
            path=Article.address(requested_day, slug),
        )
        return redirect(former.article, permanent=True)
    if not canonical or page.day != requested_day:
        return redirect(page.path, permanent=True)
    return HttpResponse(page.html)


@staff_member_required
def preview(request, pk):
    article = get_object_or_404(Article, pk=pk)
    if not workflow.can_preview(request.user, article):
        raise Http404("No article you may edit.")
    return render_preview(request, article)


def shared_preview(request, token):
    try:
        article = workflow.article_from_token(token)
    except signing.SignatureExpired:
        response = render(request, "articles/preview_expired.html", status=410)
        add_never_cache_headers(response)
        return response
    except (signing.BadSignature, Article.DoesNotExist) as error:
        raise Http404("Not a preview link, or no longer one.") from error
    if article.is_visible_to_readers:
        return redirect(article)
    return render_preview(request, article)


def render_preview(request, article):
    """The reader's page of an unpublished article: never cached, never indexed."""
    response = HttpResponse(page_fragments.preview_page(request, article))
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
