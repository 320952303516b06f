"""Every named URL × every persona answers as declared in tests/<app>/url_matrix.py."""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.csp import assert_csp
from tests.matrix import PERSONAS

APPS = ["rutan", "pembinaan", "absensi", "pengaduan"]
IGNORED_NAMESPACES = {"admin", "captcha"}


def _modules():
    return [importlib.import_module(f"tests.{app}.url_matrix") for app in APPS]


def _rows():
    rows = []
    for module in _modules():
        for url in module.URLS:
            rows.append((module, url))
    return rows


def _project_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = pattern.namespace
                if namespace in IGNORED_NAMESPACES or pattern.app_name in IGNORED_NAMESPACES:
                    continue
                walk(pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if pattern.name.startswith("captcha-"):  # django-simple-captcha's own views
                    continue
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_named_url_has_a_matrix_row():
    declared = {url.name for _, url in _rows()}
    assert _project_url_names() - declared == set(), "URL tanpa baris di tests/<app>/url_matrix.py"
    assert declared - _project_url_names() == set(), "baris matriks untuk URL yang tidak ada"


ROWS = _rows()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("module", "url"), ROWS, ids=[str(url) for _, url in ROWS])
def test_url_answers_persona(module, url, persona, request, db):
    client = request.getfixturevalue("anon_client")
    if persona != "anon":
        client.force_login(request.getfixturevalue(persona))
    objects = module.objects()
    path = reverse(url.name, kwargs=url.kwargs(objects) if url.kwargs else None)
    if url.query:
        path = f"{path}?{url.query}"

    response = client.get(path)
    if response["Content-Type"].startswith("text/html"):
        assert_csp(response)
    allowed = url.public or persona in url.roles

    if not allowed and persona == "anon":
        assert response.status_code == 302, response.status_code
        assert response["Location"].startswith(reverse("login"))
        return
    if not allowed:
        assert response.status_code == 403, response.status_code
        return
    if url.method == "POST":
        assert response.status_code == 405
        posted = client.post(path, {})
        assert posted.status_code < 500 and posted.status_code not in (403, 404), posted.status_code
        return
    assert response.status_code == url.expected(persona), response.status_code
