"""The shared PDF helper (plumbing/pdf.py) never reads anything but our static files and
data: URLs — whatever the HTML, which holds names and notes typed by users, points at."""

import http.server
import threading

import pytest

from plumbing.pdf import StaticOnlyURLFetcher, pdf_base_url, render_pdf

pytestmark = pytest.mark.django_db

TINY_PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


@pytest.fixture
def template_dir(settings, tmp_path):
    """A folder of templates for these tests, searched before the project's."""
    folder = tmp_path / "templates"
    folder.mkdir()
    engines = [dict(engine) for engine in settings.TEMPLATES]
    engines[0] = {**engines[0], "DIRS": [folder, *engines[0]["DIRS"]]}
    settings.TEMPLATES = engines
    return folder


@pytest.fixture
def web_server():
    """A local web server that records every request it gets."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red; }")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def _page(template_dir, body: str) -> str:
    (template_dir / "probe.html").write_text(
        '{% load static %}<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Prov</title>'
        f"</head><body>{body}</body></html>",
        encoding="utf-8",
    )
    return "probe.html"


def test_a_pdf_is_made_from_a_template(template_dir):
    pdf = render_pdf(_page(template_dir, "<h1>Hej {{ name }}</h1>"), {"name": "Anna"})
    assert pdf.startswith(b"%PDF")


def test_images_and_stylesheets_on_other_web_servers_are_not_fetched(template_dir, web_server):
    address, requests = web_server
    html = (
        f'<link rel="stylesheet" href="{address}/style.css">'
        f'<img src="{address}/bild.png" alt="">'
        f'<p style="background: url({address}/bakgrund.png)">Text</p>'
    )
    pdf = render_pdf(_page(template_dir, html))
    assert pdf.startswith(b"%PDF")
    assert requests == []


def test_the_local_web_server_of_the_test_does_answer_weasyprint_by_default(web_server):
    """The control of the test above: without our fetcher, WeasyPrint would have fetched it."""
    import weasyprint

    address, requests = web_server
    weasyprint.HTML(string=f'<link rel="stylesheet" href="{address}/style.css"><p>x</p>').write_pdf()
    assert requests == ["/style.css"]


def test_local_files_are_not_read_or_attached(template_dir, tmp_path):
    secret = tmp_path / "hemlig.txt"
    secret.write_text("hemligt innehåll", encoding="utf-8")
    html = (
        f'<link rel="attachment" href="file://{secret}">'
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>'
        '<img src="file:///etc/passwd" alt="">'
        f'<link rel="stylesheet" href="file://{secret}">'
    )
    pdf = render_pdf(_page(template_dir, html))
    assert pdf.startswith(b"%PDF")
    assert b"/EmbeddedFile" not in pdf


def test_attachments_would_be_embedded_without_our_fetcher(tmp_path):
    """The control of the test above: WeasyPrint's default fetcher embeds a file:// attachment."""
    import weasyprint

    secret = tmp_path / "hemlig.txt"
    secret.write_text("hemligt innehåll", encoding="utf-8")
    pdf = weasyprint.HTML(string=f'<link rel="attachment" href="file://{secret}"><p>x</p>').write_pdf()
    assert b"/EmbeddedFile" in pdf


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/static/css/pdf.css",
        "https://169.254.169.254/latest/meta-data/",
        "ftp://example.org/fil.txt",
        "gopher://example.org/",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files_and_data(url):
    with pytest.raises(ValueError):
        StaticOnlyURLFetcher().fetch(url)


@pytest.mark.parametrize(
    "path",
    ["static/../../../../etc/passwd", "static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "static/", "static/nothing-here.css"],
)
def test_the_fetcher_does_not_climb_out_of_the_static_files(path):
    with pytest.raises(ValueError):
        StaticOnlyURLFetcher().fetch(pdf_base_url() + path)


def test_the_fetcher_serves_our_stylesheet_from_disk():
    response = StaticOnlyURLFetcher().fetch(pdf_base_url() + "static/css/pdf.css")
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_the_fetcher_serves_data_urls():
    response = StaticOnlyURLFetcher().fetch(TINY_PNG)
    assert response.read().startswith(b"\x89PNG")


def test_relative_static_addresses_in_a_template_reach_our_files(template_dir, monkeypatch):
    from plumbing import pdf as pdf_module

    read: list[str] = []
    original = pdf_module._read_static
    monkeypatch.setattr(pdf_module, "_read_static", lambda name: read.append(name) or original(name))
    render_pdf(_page(template_dir, "<link rel='stylesheet' href=\"{% static 'css/pdf.css' %}\"><p>x</p>"))
    assert read == ["css/pdf.css"]
