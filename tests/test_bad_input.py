"""Bad input never costs data: each bad source gives one Failure line naming it, the rest still read.

URL cases run against a local http.server on 127.0.0.1 in a thread, never the internet.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from etl import settings
from etl.model import Article, Failure
from etl.sources import limits, parse, read_bytes, read_inputs

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
GOOD_TEXT = b"Apple shipped 50 million iPhones in the quarter.\n"

ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rss version="2.0"><channel><title>t</title>
<item><title>&d;</title><description>x</description></item></channel></rss>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>t</title><item><title>&secret;</title></item></channel></rss>
"""
# An entity declared in a document expat cannot parse must not slip through to feedparser's loose parser.
MALFORMED_WITH_ENTITY = b"""<?xml version="1.0"?>
<<broken>
<!DOCTYPE rss [ <!ENTITY a "aaaa"> <!ENTITY b "&a;&a;&a;&a;"> ]>
<rss version="2.0"><channel><item><title>&a; <unclosed></item></channel>
"""


@pytest.fixture(autouse=True)
def _private_cache(tmp_path, monkeypatch):
    """URL fetches cache under the test's tmp dir, never in data/cache."""
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path / "cache")


def _is_one_line_failure(result, source: str, *fragments: str) -> bool:
    return (
        isinstance(result, Failure)
        and "\n" not in str(result)
        and str(result).startswith(source)
        and all(f in str(result) for f in fragments)
    )


# name, bytes, words the problem must contain
BAD_FILES = [
    pytest.param("photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ("binary", "PNG"), id="png-named-md"),
    pytest.param(
        "data.txt", b"abc\x00\x01\x02\x03def" * 10, ("binary", "NUL byte at offset 3"), id="nul-bytes"
    ),
    pytest.param("report.html", b"%PDF-1.7\n%\xe2\xe3", ("binary", "PDF"), id="pdf-named-html"),
    pytest.param("empty.txt", b"", ("empty file",), id="empty"),
    pytest.param("blank.md", b"  \n\n\t\n", ("empty file",), id="whitespace-only"),
    pytest.param(
        "latin.txt",
        b"Caf\xe9 prices rose.",
        ("invalid UTF-8", "byte offset 3", "0xe9"),
        id="invalid-utf8-txt",
    ),
    pytest.param(
        "cut.md",
        b"Share: 40 %\n" + b"\xe2\x82",
        ("invalid UTF-8", "byte offset 12"),
        id="truncated-utf8-md",
    ),
    pytest.param(
        "page.html",
        b"<html><body><p>Caf\xe9 sold 5 million phones</p></body></html>",
        ("invalid UTF-8", "no charset declared"),
        id="invalid-utf8-html-undeclared",
    ),
    pytest.param(
        "only-title.html",
        b"<html><head><title>Just a title</title></head><body></body></html>",
        ("no article text",),
        id="html-without-text",
    ),
    pytest.param("bomb.xml", ENTITY_BOMB, ("refused", "entity"), id="entity-bomb-feed"),
    pytest.param("xxe.rss", EXTERNAL_ENTITY, ("refused", "external"), id="external-entity-feed"),
    pytest.param(
        "broken.xml",
        MALFORMED_WITH_ENTITY,
        ("refused", "malformed XML that declares entities"),
        id="malformed-feed-with-entity",
    ),
    pytest.param(
        "hollow.rss",
        b'<rss version="2.0"><channel><title>t</title><item><link>https://x.example/a</link></item></channel></rss>',
        ("none of the feed's 1 items",),
        id="feed-items-without-text",
    ),
    pytest.param(
        "config.xml",
        b'<?xml version="1.0"?><settings><a>1</a></settings>',
        ("not an RSS or Atom feed",),
        id="xml-not-a-feed",
    ),
    pytest.param(
        "bad-yaml.md",
        b'---\ntitle: "open quote\npublished: 2020-01-01\n---\nBody.\n',
        ("front matter", "YAML"),
        id="front-matter-bad-yaml",
    ),
    pytest.param(
        "bad-date.md",
        b"---\ntitle: T\npublished: next Tuesday\n---\nBody.\n",
        ("front matter published", "next Tuesday"),
        id="front-matter-bad-date",
    ),
    pytest.param(
        "open.md",
        b"---\ntitle: T\nBody without a closing fence.\n",
        ("never closed",),
        id="front-matter-unclosed",
    ),
    pytest.param("list.md", b"---\n- a\n- b\n---\nBody.\n", ("mapping",), id="front-matter-not-a-mapping"),
]


@pytest.mark.parametrize(("name", "data", "words"), BAD_FILES)
def test_bad_file_is_one_failure_line_and_others_still_read(tmp_path, name, data, words):
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_bytes(GOOD_TEXT)
    results = list(read_inputs([str(bad), str(good)]))
    assert len(results) == 2
    assert _is_one_line_failure(results[0], str(bad), *words), str(results[0])
    assert isinstance(results[1], Article) and results[1].text == GOOD_TEXT.decode().strip()


def test_hundred_megabyte_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda p, *a, **k: opened.append(str(p)) or real_open(p, *a, **k))
    result = read_bytes(str(big))
    assert _is_one_line_failure(result, str(big), "100.0 MB", "20.0 MB limit")
    assert str(big) not in opened


def test_size_cap_is_one_setting(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(GOOD_TEXT)
    monkeypatch.setattr(limits, "MAX_BYTES", 10)
    assert _is_one_line_failure(read_bytes(str(path)), str(path), "limit")


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param(
            b"<html><body><div><p>Samsung shipped 70 million phones</span></i><table><tr><td>x", id="unclosed"
        ),
        pytest.param(
            b"<p>Samsung shipped 70 million phones<p>in the quarter</b></b></html></html>", id="stray-ends"
        ),
        pytest.param(b"<<<p>>> Samsung shipped 70 million phones &&& <", id="garbage-around-text"),
        pytest.param(
            b"\xef\xbb\xbf<html><body><article><p>Samsung shipped 70 million phones</p>", id="bom-cut-off"
        ),
    ],
)
def test_malformed_html_gives_best_effort_text(markup):
    (article,) = parse("broken.html", markup)
    assert "Samsung shipped 70 million phones" in article.text
    assert "<p" not in article.text


def test_deeply_nested_html_is_text_or_a_clean_failure():
    markup = (
        b"<html><body>" + b"<div>" * 20000 + b"<p>Deep words.</p>" + b"</div>" * 20000 + b"</body></html>"
    )
    result = parse("deep.html", markup)
    assert isinstance(result, list) or _is_one_line_failure(result, "/"), str(result)


# --- URLs against a local server ---------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    hits: Counter = Counter()
    page = (FIXTURES / "europe-share-page.html").read_bytes()
    feed = (FIXTURES / "handset-briefs.rss").read_bytes()

    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, body: bytes, ctype: str = "text/html; charset=utf-8", length: bool = True) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's name
        _Handler.hits[self.path] += 1
        if self.path.startswith("/news/"):
            self._send(self.page)
        elif self.path == "/feeds/briefs.rss":
            self._send(self.feed, "application/rss+xml")
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(40):  # drips one byte at a time: no single read waits long
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        elif self.path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(100 * 1024 * 1024))
            self.end_headers()
        elif self.path == "/huge-streamed":
            self.protocol_version = "HTTP/1.0"
            self.send_response(200)
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"y" * 1024)
        elif self.path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/x.txt")
            self.end_headers()
        else:
            self.send_error(404, "Not Found")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_page_is_read_with_id_from_last_segment(server):
    url = f"{server}/news/xiaomi-third.html"
    (article,) = read_inputs([url])
    assert (article.id, article.source, article.format) == ("xiaomi-third", url, "html")
    assert "| Xiaomi | 10.5% |" in article.text and "61 million" not in article.text


def test_url_feed_items(server):
    url = f"{server}/feeds/briefs.rss"
    items = list(read_inputs([url]))
    assert [(a.id, a.source) for a in items] == [(f"briefs#{n}", f"{url}#{n}") for n in (1, 2, 3)]


def test_second_fetch_is_served_from_cache_and_bypass_refetches(server):
    url = f"{server}/news/cached-story"
    first = read_bytes(url)
    second = read_bytes(url)
    assert first == second == _Handler.page
    assert _Handler.hits["/news/cached-story"] == 1
    assert read_bytes(url, use_cache=False) == _Handler.page
    assert _Handler.hits["/news/cached-story"] == 2
    assert len(list((settings.CACHE_DIR / "urls").glob("*.body"))) == 1


@pytest.mark.parametrize(
    ("path", "kwargs", "words"),
    [
        pytest.param("/missing.html", {}, ("HTTP 404",), id="404"),
        pytest.param("/slow", {"timeout": 0.5}, ("timed out after 0.5 s",), id="timeout-slow-drip"),
        pytest.param("/huge-declared", {}, ("100.0 MB", "limit"), id="too-large-declared"),
        pytest.param(
            "/huge-streamed", {"max_bytes": 16 * 1024}, ("limit", "stopped"), id="too-large-streamed"
        ),
        pytest.param("/to-ftp", {}, ("unsupported URL",), id="redirect-to-ftp"),
    ],
)
def test_bad_url_is_one_failure_line(server, path, kwargs, words):
    url = f"{server}{path}"
    result = read_bytes(url, **kwargs)
    assert _is_one_line_failure(result, url, *words), str(result)
    assert not list((settings.CACHE_DIR / "urls").glob("*.body"))  # failures are never cached


def test_url_timeout_in_a_mixed_call_keeps_other_inputs(server, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "FETCH_TIMEOUT", 0.5)
    good = tmp_path / "good.txt"
    good.write_bytes(GOOD_TEXT)
    unreachable = "http://127.0.0.1:9/refused"  # discard port: nothing listens
    results = list(read_inputs([f"{server}/slow", "gopher://old.example/x", unreachable, str(good)]))
    assert [type(r).__name__ for r in results] == ["Failure", "Failure", "Failure", "Article"]
    assert "timed out" in str(results[0]) and "unsupported URL scheme 'gopher'" in str(results[1])
    assert str(results[2]).startswith(unreachable) and "\n" not in str(results[2])
