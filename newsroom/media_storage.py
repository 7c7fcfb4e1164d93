"""
Where uploaded media live: the local file system unless AWS_STORAGE_BUCKET_NAME names a
bucket on an S3-compatible store (django-storages' S3 backend), configured from the
environment alone (docs/deploy.md lists the variables).

Media are public and reader pages are cached, so URLs are plain (no expiring signature)
and files are never overwritten: a new upload gets a new name, as on the file system.
"""

from urllib.parse import urlsplit

FILE_SYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

# Each environment variable, and the django-storages option it sets.
S3_OPTIONS = {
    "AWS_STORAGE_BUCKET_NAME": "bucket_name",
    "AWS_S3_ENDPOINT_URL": "endpoint_url",
    "AWS_S3_REGION_NAME": "region_name",
    "AWS_ACCESS_KEY_ID": "access_key",
    "AWS_SECRET_ACCESS_KEY": "secret_key",
    "AWS_S3_CUSTOM_DOMAIN": "custom_domain",
    "AWS_S3_ADDRESSING_STYLE": "addressing_style",
    "AWS_DEFAULT_ACL": "default_acl",
    "AWS_LOCATION": "location",
}


def storage(environ):
    """The STORAGES["default"] entry the environment asks for."""
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        return FILE_SYSTEM
    options = {option: environ[name] for name, option in S3_OPTIONS.items() if environ.get(name)}
    options.update(querystring_auth=False, file_overwrite=False)
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def origins(environ):
    """
    The origins media URLs start with, for the readers' Content-Security-Policy: the
    custom domain (a CDN) if there is one, else the store's own, in path and in
    virtual-host style (which one a client library picks depends on the bucket's name).
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return []
    if environ.get("AWS_S3_CUSTOM_DOMAIN"):
        return [f"https://{environ['AWS_S3_CUSTOM_DOMAIN']}"]
    endpoint = environ.get("AWS_S3_ENDPOINT_URL")
    if endpoint:
        parts = urlsplit(endpoint)
        return [f"{parts.scheme}://{parts.netloc}", f"{parts.scheme}://{bucket}.{parts.netloc}"]
    hosts = [f"{bucket}.s3.amazonaws.com"]
    if environ.get("AWS_S3_REGION_NAME"):
        hosts.append(f"{bucket}.s3.{environ['AWS_S3_REGION_NAME']}.amazonaws.com")
    return [f"https://{host}" for host in hosts]
