"""Content-Security-Policy: the header on the HTML pages, and templates that live with it
(no inline script or event handler, which `script-src 'self'` would block). Every page of the
URL matrix is checked too (tests/test_url_matrix.py)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.csp import assert_csp, directives

TEMPLATE_DIRS = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]] + [
    Path(settings.BASE_DIR) / app / "templates"
    for app in ("rutan", "pembinaan", "absensi", "pengaduan")
]
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def _templates() -> list[Path]:
    return sorted(p for folder in TEMPLATE_DIRS if folder.is_dir() for p in folder.rglob("*.html"))


@pytest.mark.parametrize(
    ("fixture", "name"),
    [
        ("anon_client", "home"),
        ("anon_client", "login"),
        ("anon_client", "pengaduan:submit"),
        ("anon_client", "pengaduan:track"),
        ("petugas_client", "dashboard"),
        ("petugas_client", "pembinaan:inmate_list"),
        ("ulp_client", "pengaduan:complaint_list"),
    ],
)
def test_html_pages_carry_the_policy(fixture, name, request):
    response = request.getfixturevalue(fixture).get(reverse(name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert_csp(response)
    policy = directives(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


def test_templates_exist_to_be_checked():
    assert len(_templates()) > 50


@pytest.mark.parametrize("template", _templates(), ids=lambda p: p.name)
def test_template_has_no_inline_script(template):
    text = template.read_text()
    assert not INLINE_HANDLER.search(text), "inline event handler (onclick=…): use static/js/"
    assert "javascript:" not in text.lower()
    assert "hx-on" not in text and "js:" not in text
    for attributes in SCRIPT_TAG.findall(text):
        external_or_data = "src=" in attributes or 'type="application/json"' in attributes
        assert external_or_data, f"inline <script{attributes}>: move it to static/js/"
