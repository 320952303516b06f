"""The login lockout behind a reverse proxy: an attacker locks only himself out."""

from datetime import timedelta

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from rutan.clientip import axes_client_ip, client_ip
from rutan.templatetags.durations import in_words
from tests.conftest import PASSWORD

PROXY = "127.0.0.1"


@pytest.fixture
def behind_nginx(settings):
    settings.PROXY_COUNT = 1


def _login(username: str, password: str, forwarded_for: str):
    # Every request reaches the app from the proxy; nginx appends the real client address.
    client = Client(REMOTE_ADDR=PROXY)
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_attacker_behind_the_proxy_does_not_lock_out_the_officer(behind_nginx, kepala, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 5):
        _login(kepala.username, "salah", "198.51.100.7")
    assert _login(kepala.username, PASSWORD, "198.51.100.7").status_code == 429
    # The Kepala UPT, from his own address, still gets in.
    assert _login(kepala.username, PASSWORD, "203.0.113.10").status_code == 302


def test_forged_forwarded_header_does_not_choose_the_address(behind_nginx, kepala, settings):
    # The attacker sends "X-Forwarded-For: <the officer's address>"; nginx appends his real one.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(kepala.username, "salah", "203.0.113.10, 198.51.100.7")
    assert _login(kepala.username, PASSWORD, "203.0.113.10").status_code == 302
    assert _login(kepala.username, PASSWORD, "198.51.100.7").status_code == 429


def test_failures_spread_over_several_addresses_lock_no_one(behind_nginx, kepala, settings):
    attackers = [f"198.51.100.{n}" for n in range(1, 6)]
    for address in attackers:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            _login(kepala.username, "salah", address)
    assert _login(kepala.username, PASSWORD, "203.0.113.10").status_code == 302
    assert _login(kepala.username, PASSWORD, attackers[0]).status_code == 302


def test_lockout_is_per_username_and_address(behind_nginx, kepala, petugas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(kepala.username, "salah", "198.51.100.7")
    # Another officer behind the same address (the office's shared connection) is not locked.
    assert _login(petugas.username, PASSWORD, "198.51.100.7").status_code == 302


def test_lockout_page_states_the_wait_in_indonesian(behind_nginx, kepala, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(kepala.username, "salah", "198.51.100.7")
    content = _login(kepala.username, PASSWORD, "198.51.100.7").content.decode()
    assert "Coba lagi dalam 15 menit" in content
    assert "PT15M" not in content


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (timedelta(seconds=20), "kurang dari 1 menit"),
        (timedelta(minutes=15), "15 menit"),
        (timedelta(minutes=90), "1 jam 30 menit"),
        (timedelta(days=1, hours=2), "1 hari 2 jam"),
    ],
)
def test_duration_in_words(value, words):
    assert in_words(value) == words


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "203.0.113.10", "198.51.100.7"),  # no proxy: header ignored
        (1, PROXY, "203.0.113.10", "203.0.113.10"),
        (1, PROXY, "10.9.9.9, 203.0.113.10", "203.0.113.10"),  # forged left part ignored
        (2, PROXY, "10.9.9.9, 203.0.113.10, 192.0.2.1", "203.0.113.10"),
        (1, PROXY, "", PROXY),  # reached the app directly
        (1, PROXY, "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),  # IPv6 as its /64 network
    ],
)
def test_client_ip_behind_proxies(settings, proxies, remote, forwarded, expected):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_a_request_without_an_address_gives_axes_none_not_a_made_up_one(rf, settings):
    """PostgreSQL refuses 'unknown' in axes' inet column: every login without an address
    (force_login, a Unix socket without a proxy header) would fail there."""
    settings.PROXY_COUNT = 0
    request = rf.get("/")
    del request.META["REMOTE_ADDR"]
    assert axes_client_ip(request) is None
    assert axes_client_ip(rf.get("/", REMOTE_ADDR="198.51.100.9")) == "198.51.100.9"


def test_a_login_without_an_address_is_recorded(db, admin_user):
    from axes.models import AccessLog
    from django.test import Client

    Client().force_login(admin_user)  # no REMOTE_ADDR: must not fail on PostgreSQL
    assert AccessLog.objects.filter(username=admin_user.username, ip_address=None).exists()
