"""schema.org NewsArticle data for search engines and aggregators, from a page's article."""

from django.conf import settings


def news_article(article, absolute):
    """``absolute`` turns a path into a full URL (request.build_absolute_uri)."""
    url = absolute(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": url,
        "url": url,
        "headline": article.headline,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.last_changed.isoformat(),
        "inLanguage": article.language,
        "articleSection": str(article.get_kind_display()),
        "author": [person(author, absolute) for author in article.ordered_authors],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.NEWSROOM_SITE_NAME,
            "url": absolute("/"),
        },
        "keywords": [tag.name for tag in article.tag_list],
    }
    if article.dek:
        data["alternativeHeadline"] = article.dek
        data["description"] = article.dek
    if picture := article.lead_rendered:
        data["image"] = [absolute(picture.crop(shape)["url"]) for shape in ("16x9", "4x3", "1x1")]
    if article.citations:
        data["citation"] = [creative_work(entry) for entry in article.citations]
    if article.corrections_shown:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": f"{notice['kind']}: {notice['text']}",
                "datePublished": notice["date"],
            }
            for notice in article.corrections_shown
        ]
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def person(author, absolute):
    """A byline's author: the role, in the page's language, as the byline prints it."""
    return {
        "@type": "Person",
        "name": author.name,
        "url": absolute(author.get_absolute_url()),
        "jobTitle": str(author.get_role_display()),
    }


def creative_work(entry):
    work = {"@type": "CreativeWork", "name": entry["title"]}
    if entry["authors"]:
        work["author"] = entry["authors"]
    if entry["year"]:
        work["datePublished"] = str(entry["year"])
    if entry["container"]:
        work["publisher"] = entry["container"]
    if entry["url"]:
        work["url"] = entry["url"]
    return work
