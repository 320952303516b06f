"""`manage.py backup` and `restore`: a round trip gives back the same data and files.

Runs on the suite's database: SQLite by default, PostgreSQL with DATABASE_URL (CI runs both).
Transactional: restore replaces the whole database.
"""

import io
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import connection

from pembinaan.models import WorkPlanStatus
from rutan import backup, roles
from rutan.models import User
from tests.conftest import PASSWORD
from tests.pembinaan import planning_factories as f


@pytest.fixture
def file_roots(tmp_path, settings):
    private = tmp_path / "private"
    media = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private), "base_url": None},
        },
    }
    settings.MEDIA_ROOT = media
    (private / "pengaduan" / "2026").mkdir(parents=True)
    (private / "pengaduan" / "2026" / "lampiran.pdf").write_bytes(b"%PDF-1.4 lampiran")
    (private / "sesi.jpg").write_bytes(b"\xff\xd8\xff foto")
    media.mkdir()
    (media / "logo.png").write_bytes(b"\x89PNG logo")
    return {"private": private, "media": media}


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", exclude=["sessions", "contenttypes", "auth.permission"], stdout=out)
    return out.getvalue()


def _files(roots: dict[str, Path]) -> dict[str, bytes]:
    return {
        f"{name}/{path.relative_to(root)}": path.read_bytes()
        for name, root in roots.items()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _empty_database() -> None:
    """What a fresh install is after `migrate`: tables, no data."""
    call_command("flush", interactive=False, verbosity=0)
    assert not User.objects.exists()


def _wipe_files(roots: dict[str, Path]) -> None:
    for root in roots.values():
        for path in sorted(root.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()


def _some_data(petugas: User) -> None:
    """Rows across the apps: users, a program with an approved plan and a session, an inmate."""
    kepala = User.objects.create_user("karutan", password=PASSWORD)
    work_plan = f.plan(
        program_=f.program(by=petugas), status=WorkPlanStatus.APPROVED, decided_by=kepala
    )
    f.session(plan_=work_plan)
    f.inmate(name="Budi Santoso")
    group = Group.objects.get(name=roles.group_name(roles.KEPALA_UPT))
    group.permissions.add(Permission.objects.get(codename="import_inmate"))


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_back_the_same_data_and_files(
    tmp_path, file_roots, client, petugas
):
    _some_data(petugas)
    before, files_before = _dump(), _files(file_roots)
    users_before = User.objects.count()

    call_command("backup", "--output", str(tmp_path / "cadangan"), stdout=io.StringIO())
    [archive] = backup.list_archives(tmp_path / "cadangan")
    _empty_database()
    _wipe_files(file_roots)

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert "Dipulihkan" in out.getvalue()
    assert User.objects.count() == users_before
    assert _dump() == before
    assert _files(file_roots) == files_before
    # The restored accounts log in and the pages are served.
    restored = User.objects.get(username="petugas")
    assert restored.check_password(PASSWORD)
    client.force_login(restored)
    assert client.get("/dasbor/").status_code == 200
    assert client.get("/pembinaan/program/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_archive_holds_the_database_the_files_and_a_manifest(tmp_path, file_roots):
    archive = backup.backup_to(tmp_path)

    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    manifest = backup.read_manifest(archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["database"] in names
    assert {"files/private/pengaduan/2026/lampiran.pdf", "files/private/sesi.jpg"} <= names
    assert "files/media/logo.png" in names
    assert manifest["files"] == {"private": 2, "media": 1}
    assert manifest["migrations"]["rutan"].startswith("00")
    assert archive.stat().st_mode & 0o077 == 0  # readable by the service user only


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_in_use_unless_forced(tmp_path, file_roots, petugas):
    archive = backup.backup_to(tmp_path)
    User.objects.create_user("baru", password=PASSWORD)

    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive))
    assert User.objects.filter(username="baru").exists()

    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert not User.objects.filter(username="baru").exists()
    assert User.objects.filter(username="petugas").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_folders_holding_files_unless_forced(tmp_path, file_roots):
    archive = backup.backup_to(tmp_path)
    _empty_database()
    (file_roots["private"] / "baru.jpg").write_bytes(b"baru")

    with pytest.raises(CommandError, match="berkas unggahan"):
        call_command("restore", str(archive))

    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert not (file_roots["private"] / "baru.jpg").exists()
    assert (file_roots["private"] / "sesi.jpg").read_bytes() == b"\xff\xd8\xff foto"


@pytest.mark.django_db(transaction=True)
def test_backup_keeps_the_newest_archives(tmp_path, file_roots):
    for stamp in ("20260101-010000", "20260102-010000", "20260103-010000"):
        (tmp_path / f"rutan-backup-{stamp}.tar.gz").write_bytes(b"lama")

    call_command("backup", "--output", str(tmp_path), "--keep", "2", stdout=io.StringIO())

    kept = [path.name for path in backup.list_archives(tmp_path)]
    assert len(kept) == 2
    assert kept[0] == "rutan-backup-20260103-010000.tar.gz"


def test_restore_rejects_a_file_that_is_not_an_archive(tmp_path):
    bogus = tmp_path / "bukan.tar.gz"
    bogus.write_bytes(b"bukan arsip")
    with pytest.raises(CommandError, match="bukan arsip cadangan"):
        call_command("restore", str(bogus))
