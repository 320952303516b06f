"""One archive per backup: the database and every uploaded and private file (docs/operations.md).

`backup_to(directory)` writes `rutan-backup-YYYYmmdd-HHMMSS.tar.gz` holding

    manifest.json          what is inside: engine, time, the newest migration of each app
    database.dump          PostgreSQL: `pg_dump --format=custom` (no owner, no privileges)
    database.sqlite3       SQLite: a consistent copy made with SQLite's backup API
    files/private/...      PRIVATE_MEDIA_ROOT (session photos, complaint attachments, …)
    files/media/...        MEDIA_ROOT

`restore_from(archive)` puts them back: on a database without user accounts (a fresh install
after `migrate`, or an empty one) unless `force`, then runs `migrate`, so an archive of an older
version comes up to the code's schema. PostgreSQL restores with `pg_restore` after dropping the
database's tables; SQLite with the backup API into the database file.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

ARCHIVE_PREFIX = "rutan-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Indonesian)."""


def file_roots() -> dict[str, Path]:
    """Archive folder name -> the folder of uploaded files it holds."""
    return {
        "private": Path(settings.STORAGES["private"]["OPTIONS"]["location"]),
        "media": Path(settings.MEDIA_ROOT),
    }


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"Basis data {vendor} tidak didukung; hanya PostgreSQL dan SQLite.")
    return vendor


def _pg_args() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    binary = shutil.which(command[0])
    if binary is None:
        raise BackupError(
            f"Program {command[0]} tidak ditemukan; pasang paket postgresql-client "
            "dengan versi yang sama dengan server."
        )
    done = subprocess.run([binary, *command[1:]], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} gagal: {done.stderr.strip()}")


def _dump_database(target: Path) -> str:
    engine = _engine()
    if engine == "postgresql":
        args, env = _pg_args()
        path = target / "database.dump"
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(path),
                *args,
            ],
            env,
        )
        return path.name
    connection.ensure_connection()
    path = target / "database.sqlite3"
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return path.name


def _migration_heads() -> dict[str, str]:
    heads: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        heads[app] = max(heads.get(app, ""), name)
    return dict(sorted(heads.items()))


def backup_to(directory: Path, *, keep: int | None = None) -> Path:
    """Write one archive into `directory`; keep only the newest `keep` archives there."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    archive = directory / f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        work_dir = Path(work)
        database = _dump_database(work_dir)
        manifest = {
            "format": FORMAT_VERSION,
            "created": timezone.localtime().isoformat(),
            "engine": _engine(),
            "database": database,
            "migrations": _migration_heads(),
            "files": {},
        }
        partial = work_dir / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work_dir / database, arcname=database)
            for name, root in file_roots().items():
                count = 0
                if root.is_dir():
                    for path in sorted(root.rglob("*")):
                        if path.is_file():
                            tar.add(path, arcname=f"files/{name}/{path.relative_to(root)}")
                            count += 1
                manifest["files"][name] = count
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(datetime.now().timestamp())
            with tempfile.TemporaryFile() as buffer:
                buffer.write(data)
                buffer.seek(0)
                tar.addfile(info, buffer)
        os.chmod(partial, 0o600)
        partial.rename(archive)
    if keep:
        for old in list_archives(directory)[:-keep]:
            old.unlink()
    return archive


def list_archives(directory: Path) -> list[Path]:
    """Archives in `directory`, oldest first (their names sort by time)."""
    return sorted(directory.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"))


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            return json.load(member)
    except (OSError, KeyError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{archive} bukan arsip cadangan aplikasi ini ({exc}).") from exc


def database_in_use() -> bool:
    """True when the database holds user accounts (a fresh `migrate` holds none)."""
    if get_user_model()._meta.db_table not in connection.introspection.table_names():
        return False
    return get_user_model().objects.exists()


def files_present() -> bool:
    return any(root.is_dir() and any(root.iterdir()) for root in file_roots().values())


def _drop_tables() -> None:
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")


def _restore_database(extracted: Path, manifest: dict) -> None:
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"Arsip berisi basis data {manifest['engine']}, sedangkan aplikasi memakai {engine}."
        )
    if engine == "postgresql":
        _drop_tables()
        connections.close_all()
        args, env = _pg_args()
        dump = extracted / manifest["database"]
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(dump),
            ],
            env,
        )
        return
    connection.ensure_connection()
    source = sqlite3.connect(extracted / manifest["database"])
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connections.close_all()


def _restore_files(extracted: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name, root in file_roots().items():
        if root.is_dir():
            for child in root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        source = extracted / "files" / name
        root.mkdir(parents=True, exist_ok=True)
        counts[name] = 0
        if source.is_dir():
            for path in source.rglob("*"):
                if path.is_file():
                    dest = root / path.relative_to(source)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, dest)
                    counts[name] += 1
    return counts


def restore_from(archive: Path, *, force: bool = False) -> dict:
    """Put an archive back; refuse a database in use or folders holding files unless `force`."""
    manifest = read_manifest(archive)
    if not force and database_in_use():
        raise BackupError(
            "Basis data sudah berisi akun pengguna. Pemulihan menimpa seluruh isinya; "
            "ulangi dengan --force bila memang itu yang dimaksud."
        )
    if not force and files_present():
        raise BackupError(
            "Folder berkas unggahan tidak kosong. Pemulihan menggantinya; "
            "ulangi dengan --force bila memang itu yang dimaksud."
        )
    with tempfile.TemporaryDirectory(prefix="rutan-restore-") as work:
        extracted = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(extracted, filter="data")
        _restore_database(extracted, manifest)
        counts = _restore_files(extracted)
    call_command("migrate", interactive=False, verbosity=0)
    return {"manifest": manifest, "files": counts}
