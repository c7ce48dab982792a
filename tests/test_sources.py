"""Golden tests for ingestion: fixture articles in every input format -> Articles (ids, metadata, text)."""

from __future__ import annotations

import hashlib
import json
import pickle
from datetime import date
from pathlib import Path

import pytest

from etl.model import Article, Failure
from etl.sources import iter_files, parse, read_bytes, read_inputs
from etl.sources.markdown import strip_inline, text_blocks

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
GOLDEN = Path(__file__).parent / "fixtures" / "sources_golden"


def _articles(name: str, **kwargs) -> list[Article]:
    path = FIXTURES / name
    result = parse(str(path), path.read_bytes(), **kwargs)
    assert not isinstance(result, Failure), str(result)
    return result


def _one(article_id: str) -> Article:
    stem = article_id.split("#")[0]
    name = next(p.name for p in FIXTURES.iterdir() if p.stem == stem)
    return next(a for a in _articles(name) if a.id == article_id)


# id, format, title, url, publisher, published, updated
METADATA = [
    pytest.param(
        "q3-2020-tracker",
        "markdown",
        "Samsung back on top as phone shipments recover in the third quarter",
        "https://www.example.org/news/q3-2020-smartphone-tracker",
        "Fixture Mobile Weekly",
        date(2020, 10, 30),
        date(2020, 11, 2),
        id="markdown-front-matter",
    ),
    pytest.param(
        "undated-margin-note",
        "text",
        None,
        None,
        None,
        None,
        None,
        id="text-without-front-matter",
    ),
    pytest.param(
        "europe-share-page",
        "html",
        "Xiaomi climbs to third in Western Europe",
        "https://www.gazette.example/markets/xiaomi-third-western-europe",
        "Fixture Gadget Gazette",
        date(2020, 5, 14),
        None,
        id="html-date-only-in-byline",
    ),
    pytest.param(
        "revised-page",
        "html",
        "Apple reclaims first place for the holiday quarter",
        "https://daily.example/2021/01/apple-q4-2020",
        "Fixture Tech Daily",
        date(2021, 1, 28),
        date(2021, 2, 3),
        id="html-modified-time-is-updated-not-published",
    ),
    pytest.param(
        "handset-briefs#1",
        "rss",
        "Realme reaches 50 million phones",
        "https://briefs.example/realme-50-million",
        "Fixture Handset Briefs",
        date(2020, 8, 3),
        None,
        id="rss-item-1-pubdate",
    ),
    pytest.param(
        "handset-briefs#2",
        "rss",
        "Vivo share table for India",
        "https://briefs.example/india-q2-2020",
        "Fixture Handset Briefs",
        date(2020, 7, 24),
        None,
        id="rss-item-2-day-in-own-offset",
    ),
    pytest.param(
        "handset-briefs#3",
        "rss",
        "OnePlus plans a return to cheaper phones",
        "https://briefs.example/oneplus-nord",
        "Fixture Handset Briefs",
        date(2020, 7, 21),
        None,
        id="rss-item-3-dc-date",
    ),
    pytest.param(
        "market-briefs#1",
        "atom",
        "Apple ends 2021 on top",
        "https://briefs.example/apple-q4-2021",
        "Fixture Market Briefs",
        date(2022, 1, 27),
        date(2022, 2, 1),
        id="atom-entry-1-published-and-updated",
    ),
    pytest.param(
        "market-briefs#2",
        "atom",
        "Honor returns to the top five in China",
        "https://briefs.example/honor-china",
        "Fixture Market Briefs",
        date(2022, 2, 8),
        None,
        id="atom-entry-2-summary-only",
    ),
    pytest.param(
        "market-briefs#3",
        "atom",
        "Feature phones still sell in Africa",
        "https://briefs.example/feature-phones-africa",
        "Fixture Market Briefs",
        None,
        date(2022, 2, 10),
        id="atom-entry-3-updated-only-is-not-published",
    ),
]


@pytest.mark.parametrize(("article_id", "fmt", "title", "url", "publisher", "published", "updated"), METADATA)
def test_metadata(article_id, fmt, title, url, publisher, published, updated):
    a = _one(article_id)
    assert (a.format, a.title, a.url, a.publisher) == (fmt, title, url, publisher)
    assert (a.published, a.updated, a.published_inferred) == (published, updated, False)


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.txt")), ids=lambda p: p.stem)
def test_cleaned_text_matches_golden(golden):
    article_id = golden.stem.replace("_", "#") if golden.stem[-2] == "_" else golden.stem
    assert _one(article_id).text == golden.read_text(encoding="utf-8").rstrip("\n")


# Chrome that must never reach the text, and story text that must.
ABSENT = [
    pytest.param("europe-share-page", "87 partners", id="html-cookie-banner"),
    pytest.param("europe-share-page", "Laptops", id="html-nav"),
    pytest.param("europe-share-page", "12 pounds a month", id="html-ad"),
    pytest.param("europe-share-page", "999 euros", id="html-sponsored"),
    pytest.param("europe-share-page", "61 million", id="html-related-teaser"),
    pytest.param("europe-share-page", "20% by next year", id="html-comment"),
    pytest.param("europe-share-page", "25% once the ban", id="html-comment-2"),
    pytest.param("europe-share-page", "All rights reserved", id="html-footer"),
    pytest.param("europe-share-page", "Ada Brennan", id="html-byline"),
    pytest.param("europe-share-page", "<", id="html-no-tags"),
    pytest.param("q3-2020-tracker", "**", id="md-bold-marks"),
    pytest.param("q3-2020-tracker", "](", id="md-link-target"),
    pytest.param("q3-2020-tracker", "## ", id="md-heading-marks"),
    pytest.param("q3-2020-tracker", "- The", id="md-bullet"),
    pytest.param("q3-2020-tracker", "published:", id="md-front-matter"),
    pytest.param("q3-2020-tracker", "> IDC", id="md-blockquote-mark"),
    pytest.param("handset-briefs#1", "<b>", id="rss-markup"),
    pytest.param("handset-briefs#2", "&lt;", id="rss-escaped-markup"),
]
PRESENT = [
    pytest.param(
        "europe-share-page", "Xiaomi climbs to third in Western Europe\n\n", id="html-headline-first"
    ),
    pytest.param("europe-share-page", "Canalys figures put the Chinese brand ahead", id="html-standfirst"),
    pytest.param("europe-share-page", "| Samsung | 34.8% |", id="html-table-row"),
    pytest.param("europe-share-page", "\n| Vendor | Share |\n|---|---|\n", id="html-table-header"),
    pytest.param(
        "europe-share-page", "Western Europe, Q1 2020: vendor shares (Canalys)\n\n", id="html-caption"
    ),
    pytest.param("europe-share-page", "shops closed during the pandemic", id="html-after-table"),
    pytest.param("q3-2020-tracker", "| Samsung | 80.4 | 22.7% |", id="md-table-row-without-bold"),
    pytest.param("q3-2020-tracker", "cheaper Galaxy A models", id="md-link-text"),
    pytest.param("q3-2020-tracker", "vendors shipped 353.6 million handsets", id="md-hard-wrap-joined"),
    pytest.param("q3-2020-tracker", "\n\nThe late iPhone launch", id="md-list-item-paragraph"),
    pytest.param("handset-briefs#2", "| Xiaomi | 30.9% |", id="rss-table-row"),
    pytest.param("undated-margin-note", "above 5 per cent. Anything beyond", id="txt-hard-wrap-joined"),
]


@pytest.mark.parametrize(("article_id", "snippet"), ABSENT)
def test_chrome_and_markup_absent(article_id, snippet):
    assert snippet not in _one(article_id).text


@pytest.mark.parametrize(("article_id", "snippet"), PRESENT)
def test_story_text_present(article_id, snippet):
    assert snippet in _one(article_id).text


LEAD_OUTSIDE_ARTICLE = b"""<html><head><title>Vivo leads India | Site</title>
<meta property="og:title" content="Vivo leads India">
<meta name="description" content="A new leader in the second quarter, by 2 points.">
</head><body>
<div class="hero"><h1>Vivo leads India</h1>
<p class="dek">A new leader in the second quarter, by 2 points.</p></div>
<article><p>Vivo shipped 9 million phones in India in the second quarter, taking the top spot from Xiaomi
for the first time in years, according to the estimates.</p>
<p>Xiaomi followed closely with 8.5 million phones, while Samsung came third by a wide margin.</p></article>
</body></html>"""


def test_headline_and_standfirst_outside_the_article_are_put_back():
    (article,) = parse("lead.html", LEAD_OUTSIDE_ARTICLE)
    paragraphs = article.text.split("\n\n")
    assert paragraphs[:2] == ["Vivo leads India", "A new leader in the second quarter, by 2 points."]
    assert paragraphs[2].startswith("Vivo shipped 9 million phones")


def test_meta_description_not_shown_on_the_page_is_not_added():
    dek = b'<p class="dek">A new leader in the second quarter, by 2 points.</p>'
    hidden = LEAD_OUTSIDE_ARTICLE.replace(dek, b"")
    assert hidden != LEAD_OUTSIDE_ARTICLE
    (article,) = parse("lead.html", hidden)
    assert "A new leader" not in article.text


def test_title_not_repeated_when_body_opens_with_it():
    text = _one("q3-2020-tracker").text
    assert text.count("Samsung back on top as phone shipments recover") == 1


def test_feed_items_share_the_file_hash_and_count_from_one():
    items = _articles("handset-briefs.rss")
    path = str((FIXTURES / "handset-briefs.rss").absolute())
    assert [a.id for a in items] == ["handset-briefs#1", "handset-briefs#2", "handset-briefs#3"]
    assert [a.source for a in items] == [f"{path}#{n}" for n in (1, 2, 3)]
    assert {a.content_hash for a in items} == {hashlib.sha256(Path(path).read_bytes()).hexdigest()}


def test_published_argument_overrides_every_source_date():
    override = date(2019, 6, 30)
    for name in (
        "q3-2020-tracker.md",
        "undated-margin-note.txt",
        "europe-share-page.html",
        "market-briefs.atom",
    ):
        assert {a.published for a in _articles(name, published=override)} == {override}


def test_articles_pickle_for_process_fan_out():
    articles = list(read_inputs([str(FIXTURES)]))
    assert articles and all(isinstance(a, Article) for a in articles)
    assert pickle.loads(pickle.dumps(articles)) == articles


# --- folders and file expansion ---------------------------------------------------------------


def test_folder_expansion_is_sorted_recursive_and_skips_hidden_and_unknown(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    files = {
        "z.md": "x",
        "a.txt": "x",
        "b/c.html": "<p>x</p>",
        "b/d.htm": "<p>x</p>",
        "e.markdown": "x",
        "f.text": "x",
        ".hidden.md": "x",
        ".git/config.md": "x",
        "notes.docx": "x",
        "pic.png": "x",
        "feed.xml": '<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>',
        "sitemap.xml": '<?xml version="1.0"?><urlset></urlset>',
        "g.atom": "<feed></feed>",
    }
    for rel, content in files.items():
        (tmp_path / rel).write_text(content)
    found = [Path(s).relative_to(tmp_path).as_posix() for s in iter_files([str(tmp_path)])]
    assert found == ["a.txt", "b/c.html", "b/d.htm", "e.markdown", "f.text", "feed.xml", "g.atom", "z.md"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        pytest.param("https://news.example/a/b.html", "https://news.example/a/b.html", id="https-passes"),
        pytest.param("http://news.example/x", "http://news.example/x", id="http-passes"),
        pytest.param("ftp://news.example/x.txt", "unsupported URL scheme 'ftp'", id="ftp-refused"),
        pytest.param("file:///etc/hostname", "unsupported URL scheme 'file'", id="file-url-refused"),
        pytest.param("/no/such/article.md", "no such file or directory", id="missing-path"),
    ],
)
def test_iter_files_inputs(given, expected):
    (result,) = list(iter_files([given]))
    assert str(result) == expected if isinstance(result, str) else expected in str(result)


def test_explicit_file_with_unknown_extension_is_read_by_sniffing(tmp_path):
    page = tmp_path / "story.php"
    page.write_text(
        "<html><body><article><h1>Head</h1><p>Apple shipped 50 million iPhones.</p></article></body></html>"
    )
    (article,) = read_inputs([str(page)])
    assert (article.id, article.format) == ("story", "html")
    assert "Apple shipped 50 million iPhones." in article.text


# --- ids and sources --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "data", "ids"),
    [
        pytest.param("reports/q4.html", b"<p>Some words here.</p>", ["q4"], id="file-stem"),
        pytest.param(
            "https://n.example/2020/05/apple-q1.html", b"Text.", ["apple-q1"], id="url-last-segment"
        ),
        pytest.param("https://n.example/markets/apple-q1/", b"Text.", ["apple-q1"], id="url-trailing-slash"),
        pytest.param("https://n.example/story?id=4", b"Text.", ["story"], id="url-query-ignored"),
        pytest.param(
            "https://n.example/feeds/briefs.rss",
            b'<rss version="2.0"><channel><item><title>A</title></item>'
            b"<item><title>B</title></item></channel></rss>",
            ["briefs#1", "briefs#2"],
            id="url-feed-items",
        ),
    ],
)
def test_article_ids(source, data, ids):
    assert [a.id for a in parse(source, data)] == ids


def test_url_sources_keep_the_url_and_feed_items_number_it():
    items = parse("https://n.example/feeds/briefs.rss#top", (FIXTURES / "handset-briefs.rss").read_bytes())
    assert [a.source for a in items] == [f"https://n.example/feeds/briefs.rss#{n}" for n in (1, 2, 3)]


# --- Markdown details -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        pytest.param("**IDC** said", "IDC said", id="strong"),
        pytest.param("a *big* drop", "a big drop", id="emphasis"),
        pytest.param("snake_case_name stays", "snake_case_name stays", id="underscores-in-words"),
        pytest.param("_really_ big", "really big", id="underscore-emphasis"),
        pytest.param("see [the report](https://x.example/r (v2))", "see the report", id="link"),
        pytest.param("![chart](c.png) below", "chart below", id="image-alt"),
        pytest.param("`code` and ~~old~~", "code and old", id="code-and-strike"),
        pytest.param("5 * 3 = 15", "5 * 3 = 15", id="lone-asterisks"),
        pytest.param(r"1\. not a list", "1. not a list", id="escape"),
        pytest.param("up 20% <br> on year", "up 20% on year", id="inline-html"),
    ],
)
def test_strip_inline(markdown, plain):
    assert " ".join(strip_inline(markdown).split()) == plain


@pytest.mark.parametrize(
    ("body", "blocks"),
    [
        pytest.param("Heading\n=======\nBody.", ["Heading", "Body."], id="setext-heading"),
        pytest.param("# Title #\ntext", ["Title", "text"], id="closed-atx-heading"),
        pytest.param("1. first\n2. second", ["first", "second"], id="ordered-list"),
        pytest.param("a\n\n---\n\nb", ["a", "b"], id="horizontal-rule"),
        pytest.param("[1]: https://x.example\ntext", ["text"], id="reference-definition"),
        pytest.param(
            "A | B\n---|---\nx | 1\ny | 2",
            ["| A | B |\n|---|---|\n| x | 1 |\n| y | 2 |"],
            id="table-no-outer-pipes",
        ),
        pytest.param("| a | b |\n| c | d |", ["| a | b |\n| c | d |"], id="table-without-header"),
        pytest.param("|   | **Total** | 9 |", ["| | Total | 9 |"], id="empty-cell"),
    ],
)
def test_markdown_blocks(body, blocks):
    assert text_blocks(body, markdown=True) == blocks


def test_plain_text_keeps_markdown_characters():
    assert text_blocks("Rates *may* rise.\nSee notes_v2.", markdown=False) == [
        "Rates *may* rise. See notes_v2."
    ]


# --- the development corpus -------------------------------------------------------------------


@pytest.mark.shared
def test_every_corpus_file_parses_with_gold_ids_and_dates(shared):
    gold = {}
    for line in (shared / "corpus" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            gold[record["id"]] = record["published"]
    seed = sorted((shared / "seed").glob("*.txt"))
    results = list(read_inputs([str(shared / "corpus" / "articles"), *map(str, seed)]))
    failures = [str(r) for r in results if isinstance(r, Failure)]
    assert failures == []
    by_id = {a.id: a for a in results}
    assert sorted(by_id) == sorted(gold)
    dates = {i: (a.published.isoformat() if a.published else None) for i, a in by_id.items()}
    expected = {i: published for i, published in gold.items()}
    # The seed carries no date in its text; gold dates it from outside, so it must stay None here.
    for seed_id in (p.stem for p in seed):
        expected[seed_id] = None
    assert dates == expected
    assert all(a.text.strip() for a in by_id.values())


@pytest.mark.shared
def test_corpus_html_keeps_story_and_drops_chrome(shared):
    """Every paragraph of each page's <article> (but the byline and tags) is kept; asides,
    comments, ads and cookie banners are not."""
    from lxml import html

    from etl.sources.textblocks import collapse

    pages = sorted((shared / "corpus" / "articles").glob("*.html"))
    assert pages
    for page in pages:
        tree = html.parse(str(page)).getroot()
        data = read_bytes(str(page))
        (article,) = parse(str(page), data)
        story = tree.xpath("//article//p[not(@class='byline') and not(@class='story-tags')]|//article//h1")
        chrome = tree.xpath(
            "//aside//li|//section[@id='comments']//p|//*[contains(@class,'ad ')]|"
            "//footer//p|//*[@id='cookie-consent']/p"
        )
        missing = [
            collapse(p.text_content())[:50] for p in story if collapse(p.text_content()) not in article.text
        ]
        leaked = [
            collapse(p.text_content())[:50] for p in chrome if collapse(p.text_content()) in article.text
        ]
        assert (page.name, missing, leaked) == (page.name, [], [])
        assert article.text.startswith(article.title)
