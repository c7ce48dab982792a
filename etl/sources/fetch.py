"""Bytes of a source, with guards: size cap, URL timeout, http(s) only, on-disk URL cache."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from etl import settings
from etl.model import Failure
from etl.sources import limits
from etl.sources.ids import is_url, source_name, url_scheme
from etl.sources.limits import URL_SCHEMES

_CHUNK = 64 * 1024
_USER_AGENT = "phonedash/0.1 (+article ingestion)"


def read_bytes(
    source: str,
    *,
    max_bytes: int | None = None,
    timeout: float | None = None,
    use_cache: bool = True,
    cache_dir: str | os.PathLike | None = None,
) -> bytes | Failure:
    """The bytes of a file or an http(s) URL, or a Failure naming the source and the problem.

    Limits default to `etl.sources.limits` (read at call time). URLs are cached on disk by URL
    under `settings.CACHE_DIR`; `use_cache=False` fetches afresh and refreshes the cache entry.
    """
    max_bytes = limits.MAX_BYTES if max_bytes is None else max_bytes
    timeout = limits.FETCH_TIMEOUT if timeout is None else timeout
    if is_url(source):
        return _read_url(source, max_bytes, timeout, use_cache, Path(cache_dir or _cache_root()))
    return _read_file(source, max_bytes)


def _cache_root() -> Path:
    return settings.CACHE_DIR / "urls"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def _read_file(source: str, max_bytes: int) -> bytes | Failure:
    path = Path(source).expanduser()
    source = source_name(source)  # failures name the file as Article.source would
    try:
        if path.is_dir():
            return Failure(source, "is a folder, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            return Failure(source, f"file is {_mb(size)}, over the {_mb(max_bytes)} limit; not read")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)  # the file may have grown since stat
    except FileNotFoundError:
        return Failure(source, "no such file or directory")
    except PermissionError:
        return Failure(source, "permission denied")
    except OSError as exc:
        return Failure(source, f"cannot read ({exc.strerror or exc})")
    if len(data) > max_bytes:
        return Failure(source, f"file is over the {_mb(max_bytes)} limit; not read")
    return data


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s): a page must not redirect the reader to ftp: or file:."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if url_scheme(newurl) not in URL_SCHEMES:
            raise urllib.error.URLError(f"redirect to unsupported URL {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects())


def _read_url(url: str, max_bytes: int, timeout: float, use_cache: bool, cache: Path) -> bytes | Failure:
    if url_scheme(url) not in URL_SCHEMES:
        return Failure(url, f"unsupported URL scheme {url_scheme(url)!r} (only http and https are read)")
    key = hashlib.sha256(url.encode("utf-8")).hexdigest()
    body_path = cache / f"{key}.body"
    if use_cache and body_path.is_file():
        try:
            return body_path.read_bytes()
        except OSError:
            pass  # an unreadable cache entry is fetched again
    data = _fetch(url, max_bytes, timeout)
    if isinstance(data, bytes):
        _store(cache, key, url, data)
    return data


def _fetch(url: str, max_bytes: int, timeout: float) -> bytes | Failure:
    """GET with one deadline for the whole transfer, stopping as soon as the cap is passed."""
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                size = _mb(int(length))
                return Failure(url, f"response is {size}, over the {_mb(max_bytes)} limit; not read")
            chunks, total = [], 0
            while True:
                if time.monotonic() > deadline:
                    return Failure(url, f"timed out after {timeout:g} s")
                chunk = response.read1(_CHUNK)  # whatever has arrived: a slow drip cannot stall the deadline
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    return Failure(url, f"response is over the {_mb(max_bytes)} limit; download stopped")
                chunks.append(chunk)
            return b"".join(chunks)
    except urllib.error.HTTPError as exc:
        return Failure(url, f"HTTP {exc.code} {exc.reason}".strip())
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            return Failure(url, f"timed out after {timeout:g} s")
        return Failure(url, f"cannot fetch ({reason})")
    except TimeoutError:
        return Failure(url, f"timed out after {timeout:g} s")
    except (OSError, ValueError) as exc:
        return Failure(url, f"cannot fetch ({type(exc).__name__}: {exc})")


def _store(cache: Path, key: str, url: str, data: bytes) -> None:
    """Atomic write (temp file + rename); a cache that cannot be written is simply skipped."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        for suffix, payload in ((".body", data), (".json", json.dumps({"url": url}).encode())):
            fd, tmp = tempfile.mkstemp(dir=cache, prefix=f".{key}.")
            with os.fdopen(fd, "wb") as f:
                f.write(payload)
            os.replace(tmp, cache / f"{key}{suffix}")
    except OSError:
        pass
