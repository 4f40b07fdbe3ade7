"""No template has inline script, inline style or an event handler attribute: the Content Security
Policy (script-src and style-src 'self', nothing inline) would block them in the browser, so a page
would silently lose its behaviour or its look (issue 8, item 2).

Every template of the project is read: ``templates/`` and any ``templates`` folder of our apps.
A ``<script type="application/json">`` data block is allowed: browsers never run it.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
OUR_APPS = ["plumbing", "overenskommelse", "accounts", "initiatives", "conferences", "followup", "collaboration", "documents", "demo"]

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["'{]""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)
DATA_BLOCK = re.compile(r"""\btype\s*=\s*["']application/(ld\+)?json["']""", re.IGNORECASE)


def _templates() -> list[Path]:
    folders = [ROOT / "templates"] + [ROOT / app / "templates" for app in OUR_APPS]
    found = [path for folder in folders if folder.is_dir() for path in folder.rglob("*.html")]
    return sorted(found)


def _problems(text: str) -> list[str]:
    problems = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if "src=" not in attributes and not DATA_BLOCK.search(attributes):
            problems.append(f"inline <script>: {match.group(0)}")
    for pattern, what in (
        (STYLE_TAG, "a <style> element"),
        (STYLE_ATTRIBUTE, "a style attribute"),
        (EVENT_HANDLER, "an event handler attribute"),
        (JAVASCRIPT_URL, "a javascript: URL"),
    ):
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            problems.append(f"line {line}: {what}: {match.group(0).strip()}")
    return problems


def test_there_are_templates_to_check():
    assert len(_templates()) > 50


@pytest.mark.parametrize("path", _templates(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_has_inline_script_style_or_event_handlers(path):
    assert _problems(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script type="text/javascript">x()</script>',
        '<div style="color: red">',
        '<button onclick="go()">',
        "<a href='javascript:void(0)'>",
        "<style>p { color: red }</style>",
    ],
)
def test_the_check_finds_each_kind_of_inline_code(snippet):
    assert _problems(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/js/portal.js"></script>',
        '<script type="application/json">{"a": 1}</script>',
        '<p class="online">',
        '<input name="one" data-onload="x">',
    ],
)
def test_the_check_lets_external_scripts_and_data_blocks_through(snippet):
    assert _problems(snippet) == []
