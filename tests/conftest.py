"""Shared fixtures: personas (one logged-in client per role), the browser, and helpers.

Personas: `petugas`, `kepala`, `ulp` (petugas pengaduan), `pejabat`, `admin_user`, each a user
with the role's group, and `<persona>_client` logged in as them; `anon_client` is a visitor.
"""

import os

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from rutan import roles
from rutan.models import User

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PERSONAS = {
    "petugas": roles.PETUGAS_PEMBINAAN,
    "kepala": roles.KEPALA_UPT,
    "ulp": roles.PETUGAS_PENGADUAN,
    "pejabat": roles.PEJABAT_PELAYANAN,
    "admin_user": roles.ADMIN,
}
PASSWORD = "sandi-uji-123"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing with PBKDF2 would dominate the run time of view tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username: str, role: str | None = None, **extra) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=username.capitalize(),
        is_staff=(role == roles.ADMIN),
        **extra,
    )
    if role:
        user.groups.add(Group.objects.get(name=roles.group_name(role)))
    return user


@pytest.fixture
def user_factory(db):
    """make_user(username, role=None, **fields): an extra user, e.g. a second petugas."""
    return make_user


@pytest.fixture
def petugas(db) -> User:
    return make_user("petugas", roles.PETUGAS_PEMBINAAN)


@pytest.fixture
def kepala(db) -> User:
    return make_user("karutan", roles.KEPALA_UPT)


@pytest.fixture
def ulp(db) -> User:
    return make_user("ulp", roles.PETUGAS_PENGADUAN)


@pytest.fixture
def pejabat(db) -> User:
    return make_user("pejabat", roles.PEJABAT_PELAYANAN)


@pytest.fixture
def admin_user(db) -> User:
    return make_user("admin", roles.ADMIN)


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def petugas_client(petugas) -> Client:
    return _client_for(petugas)


@pytest.fixture
def kepala_client(kepala) -> Client:
    return _client_for(kepala)


@pytest.fixture
def ulp_client(ulp) -> Client:
    return _client_for(ulp)


@pytest.fixture
def pejabat_client(pejabat) -> Client:
    return _client_for(pejabat)


@pytest.fixture
def admin_client_(admin_user) -> Client:
    return _client_for(admin_user)


@pytest.fixture
def anon_client(db) -> Client:
    return Client()


@pytest.fixture
def persona_client(request, db):
    """Indirect fixture: parametrize with a persona name ("anon" for a visitor)."""
    name = request.param
    if name == "anon":
        return None, Client()
    user = request.getfixturevalue(name)
    return user, _client_for(user)


# --- Browser (Playwright on the system Chromium) -------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Jakarta"}


@pytest.fixture
def login(live_server, page):
    """login(user) -> page logged in through the real login form."""

    def _login(user: User, password: str = PASSWORD):
        page.goto(f"{live_server.url}/masuk/")
        page.get_by_label("Nama pengguna").fill(user.username)
        page.get_by_label("Kata sandi").fill(password)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(f"{live_server.url}/dasbor/")
        return page

    return _login


class _TaskWorker:
    """The django-tasks DB worker (`manage.py db_worker`) in a thread, for live-server tests."""

    def __init__(self):
        from django_tasks_db.management.commands.db_worker import Worker

        self.worker = Worker(
            queue_names=["default"],
            interval=0.1,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        self.thread = None

    def start(self):
        import threading

        self.thread = threading.Thread(target=self.worker.run, daemon=True)
        self.thread.start()

    def stop(self):
        self.worker.running = False
        if self.thread is not None:
            self.thread.join(timeout=10)


@pytest.fixture
def task_worker(live_server):
    """A task worker for browser tests; call ``task_worker.start()`` when it should run."""
    worker = _TaskWorker()
    yield worker
    worker.stop()
