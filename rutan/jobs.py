"""Long work in the task worker: jobs with progress, private result files, a scheduled clean-up.

An app registers its job functions in ``AppConfig.job_kinds``: ``{"kind": ("dotted.path",
"template/of/_result.html")}`` (the template may be ""). rutan's base imports no app: the runner
finds the function by its dotted path. A job function is called as ``function(job=job,
progress=progress)`` in the worker and returns a JSON-able summary (a dict) kept in
``job.result``; it may store a produced file with ``save_result``. A ``ValidationError`` it
raises becomes the job's Indonesian error message; any other exception is logged and the job
fails with a generic message.

The request only queues (``queue_job``): the job runs in ``manage.py db_worker`` (django-tasks),
queued on commit. When the worker seems down (a job or task has waited longer than
``JOBS_WORKER_GRACE_SECONDS``), pages say so, and a job marked ``small`` runs inline instead.

Files live in the private storage under ``tugas/<owner>/<job>/``; ``manage.py cleanup_jobs``
(run it from a timer) deletes jobs and their files after ``JOBS_KEEP_HOURS`` (default 24).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from rutan.models import Job, JobStatus, User

logger = logging.getLogger(__name__)

JOB_DIR = "tugas"
# Folders of files from before jobs existed (import previews kept between two requests).
LEGACY_DIRS = ("sdp-impor",)
PROGRESS_EVERY_SECONDS = 0.5
FAILED_MESSAGE = (
    "Terjadi galat tak terduga saat tugas berjalan; tidak ada yang disimpan. "
    "Coba lagi, atau hubungi admin."
)
WORKER_DOWN_MESSAGE = (
    "Pekerja latar belakang tampaknya tidak berjalan: tugas sudah menunggu lebih dari "
    "{seconds} detik."
)
# What to do about it: the service and command for admins (staff), plain words for the others.
WORKER_DOWN_ADMIN_HINT = (
    "Periksa layanan rutan-worker (systemctl status rutan-worker, perintah manage.py db_worker)."
)
WORKER_DOWN_STAFF_HINT = "Hubungi admin."

T = TypeVar("T")


def keep_for() -> timedelta:
    return timedelta(hours=getattr(settings, "JOBS_KEEP_HOURS", 24))


def worker_grace() -> timedelta:
    return timedelta(seconds=getattr(settings, "JOBS_WORKER_GRACE_SECONDS", 60))


def job_kinds() -> dict[str, tuple[str, str]]:
    kinds: dict[str, tuple[str, str]] = {}
    for config in apps.get_app_configs():
        kinds.update(getattr(config, "job_kinds", {}))
    return kinds


def result_template(job: Job) -> str:
    return job_kinds().get(job.kind, ("", ""))[1]


def storage():
    return storages["private"]


def _job_dir(job: Job) -> str:
    return f"{JOB_DIR}/{job.owner_id}/{job.pk}"


# --- queueing ----------------------------------------------------------------------------------


def worker_seems_down() -> bool:
    """True when some job or task has waited for the worker longer than the grace time."""
    limit = timezone.now() - worker_grace()
    if Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=limit).exists():
        return True
    return DBTaskResult.objects.ready().filter(enqueued_at__lt=limit).exists()


def queue_job(
    *,
    owner: User,
    kind: str,
    title: str,
    params: dict[str, Any] | None = None,
    input_data: bytes | None = None,
    input_name: str = "",
    input_path: str = "",
    small: bool = False,
) -> Job:
    """Record a job and queue it for the worker once the transaction commits.

    ``input_data`` is stored privately for the job (or ``input_path``, a file already stored,
    is handed over). A ``small`` job runs inline, after commit, when the worker seems down.
    """
    if kind not in job_kinds():
        raise ValueError(f"unknown job kind {kind!r}")
    inline = small and worker_seems_down()
    with transaction.atomic():
        job = Job.objects.create(
            owner=owner, kind=kind, title=title[:150], params=params or {}, small=small
        )
        if input_data is not None:
            name = (input_name or "masukan").replace("/", "_")[-100:]
            input_path = storage().save(f"{_job_dir(job)}/masukan-{name}", ContentFile(input_data))
        if input_path:
            job.input_file = input_path
            job.save(update_fields=["input_file"])
        job_id = str(job.pk)
        if inline:
            transaction.on_commit(lambda: run_job(job_id))
        else:
            transaction.on_commit(lambda: run_job_task.enqueue(job_id))
    if inline:
        job.refresh_from_db()
    return job


def run_inline_if_stalled(job: Job) -> Job:
    """A small job still queued after the grace time runs now, in this request."""
    if (
        job.small
        and job.status == JobStatus.QUEUED
        and job.created_at < timezone.now() - worker_grace()
    ):
        run_job(str(job.pk))
        job.refresh_from_db()
    return job


# --- running -----------------------------------------------------------------------------------


class Progress:
    """Reports a job's progress; writes at most every half second (and always the first time)."""

    def __init__(self, job: Job):
        self.job = job
        self._last = 0.0

    def __call__(
        self, done: int, total: int | None = None, stage: str | None = None, force: bool = False
    ) -> None:
        job = self.job
        job.done = done
        if total is not None:
            job.total = total
        if stage is not None:
            job.stage = stage[:120]
        now = time.monotonic()
        if force or stage is not None or now - self._last >= PROGRESS_EVERY_SECONDS:
            self._last = now
            Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total, stage=job.stage)

    def stage(self, stage: str) -> None:
        self(self.job.done, stage=stage)

    def over(self, items: Iterable[T], total: int, stage: str | None = None) -> Iterator[T]:
        """Yield ``items``, reporting each one as done (of ``total``)."""
        self(0, total=total, stage=stage)
        for done, item in enumerate(items, start=1):
            yield item
            self(done)
        self(min(self.job.done, total), force=True)


def read_input(job: Job) -> bytes:
    with storage().open(job.input_file, "rb") as stored:
        return stored.read()


def delete_input(job: Job) -> None:
    if job.input_file:
        storage().delete(job.input_file)
        Job.objects.filter(pk=job.pk).update(input_file="")
        job.input_file = ""


def save_result(job: Job, filename: str, content: bytes) -> None:
    """Store the job's produced file (downloaded from the job's page as ``filename``)."""
    safe = filename.replace("/", "_")[-150:]
    job.result_file = storage().save(f"{_job_dir(job)}/{safe}", ContentFile(content))
    job.result_name = safe
    Job.objects.filter(pk=job.pk).update(result_file=job.result_file, result_name=safe)


def run_job(job_id: str) -> str:
    """Run the queued job ``job_id`` to its end; returns its final status.

    The job is claimed with a conditional update, so the worker and an inline fallback never
    both run it.
    """
    started = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=started, stage="Dimulai"
    )
    if not claimed:
        return "dilewati"
    job = Job.objects.get(pk=job_id)
    path = job_kinds().get(job.kind, ("", ""))[0]
    fields: dict[str, Any]
    try:
        if not path:
            raise ValidationError(f"Jenis tugas tidak dikenal: {job.kind}.")
        function = import_string(path)
        summary = function(job=job, progress=Progress(job))
    except ValidationError as exc:
        fields = {"status": JobStatus.FAILED, "error": " ".join(exc.messages)}
    except Exception:  # noqa: BLE001 - a job's bug must not kill the worker; it is logged
        logger.exception("job %s (%s) failed", job_id, job.kind)
        fields = {"status": JobStatus.FAILED, "error": FAILED_MESSAGE}
    else:
        fields = {"status": JobStatus.DONE, "result": summary or {}, "stage": "Selesai"}
        if job.total is not None:
            fields["done"] = job.total
    Job.objects.filter(pk=job_id).update(finished_at=timezone.now(), **fields)
    return fields["status"]


@task()
def run_job_task(job_id: str) -> str:
    """The worker's side of ``queue_job``."""
    return run_job(job_id)


# --- clean-up ----------------------------------------------------------------------------------


def cleanup_jobs(*, now=None) -> tuple[int, int]:
    """Delete jobs older than the keep time, their files, and stray files; (jobs, files).

    A job still queued or running is kept for twice the keep time (it may be stuck, not old).
    """
    now = now or timezone.now()
    limit = now - keep_for()
    store = storage()
    old = Job.objects.filter(created_at__lt=limit).exclude(
        status__in=(JobStatus.QUEUED, JobStatus.RUNNING), created_at__gte=now - 2 * keep_for()
    )
    files = 0
    jobs = 0
    for job in old.iterator():
        for path in (job.input_file, job.result_file):
            if path and store.exists(path):
                store.delete(path)
                files += 1
        job.delete()
        jobs += 1
    known = set(Job.objects.values_list("pk", flat=True))
    for top in (JOB_DIR, *LEGACY_DIRS):
        files += _delete_stray_files(store, top, limit, {str(pk) for pk in known})
    return jobs, files


def _delete_stray_files(store, top: str, limit, known: set[str]) -> int:
    """Files under ``top`` older than ``limit`` that no kept job refers to."""
    if not store.exists(top):
        return 0
    deleted = 0
    pending = [top]
    while pending:
        folder = pending.pop()
        folders, names = store.listdir(folder)
        pending.extend(f"{folder}/{name}" for name in folders)
        parts = folder.split("/")
        if parts[0] == JOB_DIR and len(parts) > 2 and parts[2] in known:
            continue
        for name in names:
            path = f"{folder}/{name}"
            if store.get_modified_time(path) < limit:
                store.delete(path)
                deleted += 1
    return deleted
