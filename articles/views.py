import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from .models import Article


def home(request):
    articles = Article.objects.published().for_listing()
    page = Paginator(articles, settings.NEWSROOM_ARTICLES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "articles/home.html", {"page": page})


def article_detail(request, year, month, day, slug):
    try:
        requested_day = datetime.date(year, month, day)
    except ValueError as error:
        raise Http404("No such date.") from error
    article = get_object_or_404(Article.objects.published().for_page(), slug=slug)
    if timezone.localdate(article.published_at) != requested_day:
        return redirect(article, permanent=True)
    return render(request, "articles/article_detail.html", {"article": article})
