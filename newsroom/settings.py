"""
Settings for the newsroom project, read from the environment.

Every value has a safe local default so that `make run` works on a fresh
machine with nothing but Python; production sets the environment variables
listed in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from newsroom import media_storage, redis_cache, release

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# "development" (the default: a laptop, the test suite) or "production".
ENVIRONMENT = os.environ.get("NEWSROOM_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("NEWSROOM_ENV must be 'development' or 'production'.")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")
    SECRET_KEY = "development-only-key-never-used-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

INSTALLED_APPS = [
    "newsroom.admin_site.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "newsroom.apps.TagsConfig",
    "reversion",
    "adminsortable2",
    "django_prose_editor",
    "axes",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "articles",
]

# The section editor's footnote button and "[^" suggestions (articles/forms.py); the
# citations they write are plain text, so the extension allows no tag of its own.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("admin/js/footnote_citations.js")],
        "extensions": {"FootnoteCitations": html_tags([])},
    },
    # Pasted headings of any level become subheads (bodies are cleaned by articles/sanitize.py).
    {
        "js": [static_lazy("admin/js/pasted_headings.js")],
        "extensions": {"PastedHeadings": html_tags([])},
    },
]

MIDDLEWARE = [
    # First, so every log line of a request, cached answers included, names the same id.
    "log_request_id.middleware.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Early, so a cached reader page skips the rest of the stack (articles/page_cache.py).
    "articles.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before CommonMiddleware, as its documentation asks, so redirects carry CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.i18n.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "newsroom.security.AdminContentSecurityPolicyMiddleware",
    # Last, as its documentation asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Static files from the app servers themselves, compressed and cached (see STORAGES).
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two saves at once must queue, not fail: a write transaction takes SQLite's lock when
    # it begins (so the second waits there, up to the timeout, and then sees the first's
    # save as a conflict), and WAL lets readers read meanwhile. Tests use a file too, since
    # an in-memory database shares one lock for all and cannot show this.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / "test-db.sqlite3"}

if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    # A replica that does not answer is given up on quickly, for the primary (newsroom/replica.py).
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["newsroom.replica.ReplicaRouter"]
    MIDDLEWARE.insert(0, "newsroom.replica.ReadOnlyRequestMiddleware")
# How long readers read the primary after the replica failed to answer, before it is tried again.
NEWSROOM_REPLICA_RETRY_SECONDS = int(os.environ.get("NEWSROOM_REPLICA_RETRY_SECONDS", 5))

# A Redis outage shows in the logs: each failed cache call is logged (logger django_redis.cache).
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if os.environ.get("REDIS_URL"):
    CACHES = {"default": redis_cache.settings_for(os.environ["REDIS_URL"])}
    # Read from the shared cache, written through to the database, so a flushed cache logs
    # nobody out. (Local memory is each process's own: sessions stay in the database alone.)
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Cached pages and parts belong to the release that made them: a deploy starts afresh.
NEWSROOM_RELEASE = os.environ.get("NEWSROOM_RELEASE") or release.fingerprint(
    BASE_DIR / "articles", BASE_DIR / "newsroom", BASE_DIR / "templates", BASE_DIR / "locale"
)
CACHES["default"]["KEY_PREFIX"] = NEWSROOM_RELEASE

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("en", "English"), ("ko", "한국어")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Seoul")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    # The local file system, or a bucket on an S3-compatible store (newsroom/media_storage.py).
    "default": media_storage.storage(os.environ),
    # Production serves collected files with hashed names, gzip and Brotli copies and
    # far-future cache headers (WhiteNoise); development serves them as they are.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Pictures on the file system are served by the site itself (newsroom/media_files.py) unless
# a web server in front serves /media/ (then 0 saves the check); on object storage never.
NEWSROOM_SERVE_MEDIA = env_bool(
    "NEWSROOM_SERVE_MEDIA", not os.environ.get("AWS_STORAGE_BUCKET_NAME")
)

TAGGIT_CASE_INSENSITIVE = True

# The publication readers see in the page header, feeds and structured data.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "The Seoul Ledger")
# The front page's description for search engines and sharing cards; the default is translated.
NEWSROOM_SITE_TAGLINE = os.environ.get(
    "NEWSROOM_SITE_TAGLINE",
    gettext_noop("News, analysis and opinion from Seoul, in English and Korean."),
)
# The site's icons: a path among the static files, or a full URL. /favicon.ico redirects to the
# first; the second is the home-screen icon (180 × 180 PNG).
NEWSROOM_FAVICON = os.environ.get("NEWSROOM_FAVICON", "icons/favicon.ico")
NEWSROOM_APPLE_TOUCH_ICON = os.environ.get(
    "NEWSROOM_APPLE_TOUCH_ICON", "icons/apple-touch-icon.png"
)
NEWSROOM_ARTICLES_PER_PAGE = 12
# How many items the "Read also" and "Latest" blocks of an article page show at most.
NEWSROOM_READ_ALSO_MAX = int(os.environ.get("NEWSROOM_READ_ALSO_MAX", 5))
NEWSROOM_LATEST_COUNT = 5
# A sitemap file lists at most this many addresses (the protocol's limit); more go to the next.
NEWSROOM_SITEMAP_LIMIT = 50_000
FORMAT_MODULE_PATH = ["newsroom.formats"]
# How long a shared preview link works, in seconds.
NEWSROOM_PREVIEW_MAX_AGE = int(os.environ.get("NEWSROOM_PREVIEW_MAX_AGE", 3 * 24 * 3600))

# Pictures: upload limits, and renditions made once when a picture is saved.
NEWSROOM_IMAGE_MAX_BYTES = int(os.environ.get("NEWSROOM_IMAGE_MAX_BYTES", 20 * 1024 * 1024))
NEWSROOM_IMAGE_MAX_PIXELS = int(os.environ.get("NEWSROOM_IMAGE_MAX_PIXELS", 50_000_000))
NEWSROOM_IMAGE_WIDTHS = (480, 800, 1200, 1600)
NEWSROOM_IMAGE_CROPS = {
    "social": (1200, 630),  # Open Graph and Twitter cards
    "16x9": (1200, 675),
    "4x3": (1200, 900),
    "1x1": (1200, 1200),
}

# The largest file an import accepts, in bytes.
# What writers see in the admin: "own" (their articles, those they are a byline on, and
# what readers see) or "all" (every article, others' drafts and embargoed stories too).
NEWSROOM_WRITERS_SEE = os.environ.get("NEWSROOM_WRITERS_SEE", "own")
NEWSROOM_IMPORT_MAX_BYTES = int(os.environ.get("NEWSROOM_IMPORT_MAX_BYTES", 2 * 1024 * 1024))

# Reader pages are cached whole (articles/page_cache.py); a change anywhere makes them stale.
NEWSROOM_PAGE_CACHE = env_bool("NEWSROOM_PAGE_CACHE", True)
NEWSROOM_PAGE_CACHE_SECONDS = 600
# How long the parts of an article page that only its own edits change are kept at most
# (articles/page_fragments.py); an edit replaces them at once.
NEWSROOM_ARTICLE_PARTS_SECONDS = 24 * 3600
# How long a CDN in front may serve a page before asking again (s-maxage).
NEWSROOM_CDN_MAX_AGE = int(os.environ.get("NEWSROOM_CDN_MAX_AGE", 60))

# The content API (articles/api/, docs/api.md): read-only JSON, anonymous or with a partner key.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["articles.api.access.PartnerKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "articles.api.access.AnonymousThrottle",
        "articles.api.access.PartnerThrottle",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    # How many proxies in front add themselves to X-Forwarded-For: clients are told apart by
    # the address the outermost trusted proxy saw. 0 means the direct peer's address.
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", 0)),
}
# Requests per client: anonymous clients by address, partners by key ("N/second|minute|hour|day").
NEWSROOM_API_RATES = {
    "anonymous": os.environ.get("NEWSROOM_API_ANONYMOUS_RATE", "60/minute"),
    "partner": os.environ.get("NEWSROOM_API_PARTNER_RATE", "1200/minute"),
}
NEWSROOM_API_PAGE_SIZE = 20
NEWSROOM_API_MAX_PAGE_SIZE = 100
SPECTACULAR_SETTINGS = {
    "TITLE": f"{NEWSROOM_SITE_NAME} content API",
    "DESCRIPTION": "Published articles, tags, authors and reading lists, read-only.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ArticleKindEnum": "articles.models.Article.Kind",
        "CorrectionKindEnum": "articles.models.Correction.Kind",
    },
}
# Web pages elsewhere that may read the API from a browser, e.g. https://partner.example.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

# Security. Readers' pages get a strict Content-Security-Policy: no script runs at all (the
# JSON-LD block is data), nothing from other origins. The admin gets its own, as strict as the
# rich-text editor allows (newsroom/security.py, docs/security.md).
# The object storage or CDN serving media: derived from the bucket's settings unless set.
MEDIA_ORIGINS = env_list("MEDIA_ORIGINS", media_storage.origins(os.environ))
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'none'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", *MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Admin logins: five failures for one username from one address lock that pair out for an
# hour; the address is the client's behind NUM_PROXIES trusted proxies (see REST_FRAMEWORK).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_address"
AXES_RESET_ON_SUCCESS = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Behind a load balancer that terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Errors (a 500's traceback among them) and warnings go to stderr, which gunicorn keeps in its
# error log, each line with the request's id; the id is sent back as X-Request-ID, and taken
# from REQUEST_ID_HEADER (e.g. HTTP_X_REQUEST_ID) when a load balancer in front sets one.
LOG_REQUEST_ID_HEADER = os.environ.get("REQUEST_ID_HEADER") or None
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "log_request_id.filters.RequestIDFilter"}},
    "formatters": {
        "request": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "request",
        }
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False}},
}
