"""Only the CSS the site uses: Bootstrap's stylesheet without the rules no page needs.

Bootstrap's full stylesheet is 227 KB (31 KB gzipped), most of it components and
utilities these pages never use. `manage.py build_css` (run by `make install`) keeps a
rule only if every class its selector names appears as a word somewhere a class can
come from (our templates, crispy-bootstrap5's, our JavaScript and Python, the lesson
content), then drops the custom properties (`--bs-*`) nothing reads any more, as
PurgeCSS does with its default extractor. Classes inside `:not()`, `:is()`, `:where()`
and `:has()` do not count: those selectors still match without them.

A class built from pieces in a template (`alert-{{ level }}`) is not a word of any
file: such classes are listed in SAFELIST.
"""

import re
from collections.abc import Iterable
from pathlib import Path

import bootstrap_wrapper
import crispy_bootstrap5
import tinycss2
from django.conf import settings
from tinycss2.ast import (
    AtRule,
    Comment,
    Declaration,
    FunctionBlock,
    IdentToken,
    LiteralToken,
    QualifiedRule,
    WhitespaceToken,
)

WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# templates/includes/messages.html: alert-{{ level }} for Django's message levels.
SAFELIST = frozenset(
    {"alert-success", "alert-info", "alert-warning", "alert-danger", "alert-debug"}
)
# Pseudo-classes whose arguments a matching element need not have.
OPTIONAL_ARGUMENTS = frozenset({"not", "is", "where", "has"})
GROUPING_RULES = frozenset({"media", "supports", "container", "layer"})


# Where classes come from: our apps, templates, scripts and content, and the
# templates crispy-bootstrap5 renders our forms with.
OUR_FOLDERS = (
    "accounts",
    "core",
    "elearning",
    "lessons",
    "lti",
    "schools",
    "templates",
)
OUR_FILES = ("*.html", "*.py", "*.md", "*.yaml", "*.svg")
# In STATICFILES_DIRS (settings.py), ignored by git: built at install.
BUILT_STYLESHEET = (
    Path(settings.BASE_DIR) / "build" / "static" / "css" / "bootstrap.css"
)


def site_bootstrap() -> str:
    """Bootstrap's stylesheet cut down to what this site's pages use."""
    source = Path(bootstrap_wrapper.get_bootstrap_dir()) / "css" / "bootstrap.min.css"
    site_css = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
    return purged(
        source.read_text(encoding="utf-8"),
        words(class_sources()),
        also_reading=site_css.read_text(encoding="utf-8"),
    )


def class_sources() -> list[Path]:
    base = Path(settings.BASE_DIR)
    folders = [base / name for name in OUR_FOLDERS] + [base / "content"]
    files = [
        path
        for folder in folders
        for pattern in OUR_FILES
        for path in folder.rglob(pattern)
        if "migrations" not in path.parts
    ]
    files += (base / "static" / "js").glob("*.js")
    files += Path(crispy_bootstrap5.__file__).parent.rglob("*.html")
    return sorted(files)


def words(paths: Iterable[Path]) -> set[str]:
    """Every word that could be a class name, in these files."""
    found = set(SAFELIST)
    for path in paths:
        found.update(WORD.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return found


def purged(stylesheet: str, used: set[str], also_reading: str = "") -> str:
    """`stylesheet` with only the rules `used` classes can match, and only the
    custom properties something reads (its rules, or `also_reading`: our own CSS)."""
    nodes = tinycss2.parse_stylesheet(stylesheet, skip_comments=False)
    kept = _rules(nodes, used)
    rules = _declarations(kept)
    _drop_unread_properties(rules, also_reading)
    css = "".join(_serialize(node, rules) for node in kept)
    keyframes = "".join(
        _serialize(node, rules)
        for node in nodes
        if isinstance(node, AtRule)
        and node.lower_at_keyword == "keyframes"
        and re.search(rf"\b{re.escape(_name(node))}\b", css)
    )
    return css + keyframes


def _rules(nodes, used: set[str]) -> list:
    kept = []
    for node in nodes:
        if isinstance(node, QualifiedRule):
            selectors = [s for s in _selectors(node.prelude) if _classes(s) <= used]
            if selectors:
                prelude = []
                for i, selector in enumerate(selectors):
                    prelude += [LiteralToken(0, 0, ",")] if i else []
                    prelude += selector
                kept.append(
                    QualifiedRule(0, 0, prelude, node.content),
                )
        elif isinstance(node, AtRule) and node.lower_at_keyword in GROUPING_RULES:
            children = _rules(tinycss2.parse_rule_list(node.content or []), used)
            if children:
                kept.append((node, children))
        elif isinstance(node, AtRule) and node.lower_at_keyword != "keyframes":
            kept.append(node)
        elif isinstance(node, Comment) and node.value.startswith("!"):
            kept.append(node)  # the licence
    return kept


def _selectors(prelude) -> list[list]:
    selectors, current = [], []
    for token in prelude:
        if isinstance(token, LiteralToken) and token.value == ",":
            selectors.append(_stripped(current))
            current = []
        else:
            current.append(token)
    selectors.append(_stripped(current))
    return selectors


def _stripped(tokens: list) -> list:
    while tokens and isinstance(tokens[0], (WhitespaceToken, Comment)):
        tokens = tokens[1:]
    while tokens and isinstance(tokens[-1], (WhitespaceToken, Comment)):
        tokens = tokens[:-1]
    return tokens


def _classes(selector: list) -> set[str]:
    """The classes an element must have to match (those in `:not()` and the like
    excepted)."""
    classes = set()
    for before, token in zip([None, *selector], selector, strict=False):
        if (
            isinstance(token, IdentToken)
            and isinstance(before, LiteralToken)
            and before.value == "."
        ):
            classes.add(token.value)
        elif (
            isinstance(token, FunctionBlock)
            and token.lower_name not in OPTIONAL_ARGUMENTS
        ):
            classes |= _classes(token.arguments)
    return classes


def _declarations(kept) -> dict[int, list[Declaration]]:
    """The declarations of every kept rule, by the rule's id."""
    rules = {}
    for node in kept:
        if isinstance(node, QualifiedRule):
            rules[id(node)] = [
                d
                for d in tinycss2.parse_blocks_contents(node.content)
                if isinstance(d, Declaration)
            ]
        elif isinstance(node, tuple):
            rules.update(_declarations(node[1]))
    return rules


def _drop_unread_properties(rules: dict[int, list[Declaration]], also: str) -> None:
    """Remove `--x: ...` wherever no kept declaration (or `also`) reads var(--x),
    until nothing more goes (a property may be read only by one that went)."""
    outside = set(re.findall(r"var\(\s*(--[A-Za-z0-9_-]+)", also))
    while True:
        read = set(outside)
        for declarations in rules.values():
            for declaration in declarations:
                read |= _variables(declaration.value)
        removed = False
        for key, declarations in rules.items():
            remaining = [
                d for d in declarations if not d.name.startswith("--") or d.name in read
            ]
            removed = removed or len(remaining) < len(declarations)
            rules[key] = remaining
        if not removed:
            return


def _variables(tokens) -> set[str]:
    """The custom properties these tokens read, fallbacks included."""
    names = set()
    for token in tokens:
        if isinstance(token, FunctionBlock):
            arguments = _stripped(list(token.arguments))
            if token.lower_name == "var" and arguments:
                names.add(arguments[0].value)
            names |= _variables(token.arguments)
        elif isinstance(getattr(token, "content", None), list):
            names |= _variables(token.content)
    return names


def _name(node: AtRule) -> str:
    return tinycss2.serialize(node.prelude).strip()


def _serialize(node, rules: dict[int, list[Declaration]]) -> str:
    if isinstance(node, tuple):
        at_rule, children = node
        inner = "".join(_serialize(child, rules) for child in children)
        prelude = tinycss2.serialize(at_rule.prelude).strip()
        return f"@{at_rule.at_keyword} {prelude}{{{inner}}}"
    if isinstance(node, QualifiedRule):
        declarations = rules[id(node)]
        if not declarations:
            return ""
        body = ";".join(_declaration(d) for d in declarations)
        return f"{tinycss2.serialize(node.prelude).strip()}{{{body}}}"
    return node.serialize()


def _declaration(declaration: Declaration) -> str:
    value = tinycss2.serialize(_stripped(list(declaration.value)))
    important = "!important" if declaration.important else ""
    return f"{declaration.name}:{value}{important}"
