"""Reading rendered pages in tests: what a page loads, and from where."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

# Attributes through which a page makes the browser fetch something on its own.
FETCHING_ATTRIBUTES = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "track": ["src"],
    "input": ["src"],
}
LINK_RELS_THAT_FETCH = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "modulepreload",
    "preconnect",
    "dns-prefetch",
    "manifest",
    "apple-touch-icon",
}


class PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.links: list[dict[str, str]] = []
        self.inline_scripts = 0
        self.style_attributes = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if "style" in attributes:
            self.style_attributes += 1
        for name in FETCHING_ATTRIBUTES.get(tag, []):
            if attributes.get(name):
                for candidate in attributes[name].split(","):
                    self.fetched.append(candidate.strip().split(" ")[0])
        if tag == "link":
            rels = set(attributes.get("rel", "").lower().split())
            if rels & LINK_RELS_THAT_FETCH and attributes.get("href"):
                self.fetched.append(attributes["href"])
        if tag == "a":
            self.links.append(attributes)
        if tag == "script":
            self._in_script = not attributes.get("src")
        if tag == "style":
            self.inline_scripts += 1  # a <style> block is inline code too

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def other_hosts_fetched(html: str) -> list[str]:
    """Every URL the page would fetch by itself from anywhere but its own origin."""
    return [
        url
        for url in parse(html).fetched
        if urlsplit(url).netloc or urlsplit(url).scheme not in ("", "data")
    ]
