"""The register's long work, run by the task worker (see rutan/jobs.py): import preview and
commit, and the register export. Each function takes ``job`` and ``progress`` and returns the
summary the job's page shows."""

import io
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date

from pembinaan import services
from pembinaan.models import Inmate
from pembinaan.sdp import RowError, write_sdp_csv, write_sdp_xlsx
from rutan.jobs import Progress, delete_input, read_input, save_result
from rutan.models import Job
from rutan.numbers import angka

PREVIEW_LIMIT = 200  # rows of each kind shown in the import preview

KIND_PREVIEW = "pembinaan.import_preview"
KIND_COMMIT = "pembinaan.import_commit"
KIND_EXPORT = "pembinaan.register_export"  # the kinds are registered in apps.py


def _error(e: RowError) -> list:
    return [e.row, e.column, e.message]


def preview_import(*, job: Job, progress: Progress) -> dict[str, Any]:
    """Compare the uploaded file with the register; the input stays stored for the commit."""
    filename = job.params["filename"]
    plan = services.plan_sdp_import(data=read_input(job), filename=filename, progress=progress)
    if not plan.ok:
        delete_input(job)  # nothing can be committed: the file need not stay on disk
    return {
        "filename": filename,
        "ok": plan.ok,
        "rows": len(plan.result.rows),
        "created": len(plan.creates),
        "updated": len(plan.updates),
        "unchanged": len(plan.unchanged),
        "refused": plan.refused,
        "missing": len(plan.missing),
        "limit": PREVIEW_LIMIT,
        "error_count": len(plan.errors),
        "errors": [_error(e) for e in plan.errors[:PREVIEW_LIMIT]],
        "warning_count": len(plan.warnings),
        "warnings": [_error(e) for e in plan.warnings[:PREVIEW_LIMIT]],
        "creates": [
            {
                "number": i.registration_number,
                "name": i.name,
                "legal_status": i.get_legal_status_display(),
                "place": f"{i.block or '–'} / {i.cell or '–'}",
            }
            for i in plan.creates[:PREVIEW_LIMIT]
        ],
        "updates": [
            {"number": u.inmate.registration_number, "name": u.inmate.name, "changes": u.changes}
            for u in plan.updates[:PREVIEW_LIMIT]
        ],
        "missing_rows": [
            {
                "pk": i.pk,
                "number": i.registration_number,
                "name": i.name,
                "status": i.get_status_display(),
            }
            for i in plan.missing[:PREVIEW_LIMIT]
        ],
    }


def commit_import(*, job: Job, progress: Progress) -> dict[str, Any]:
    """Write the previewed file, all or nothing; the file is deleted either way."""
    filename = job.params["filename"]
    try:
        record = services.commit_sdp_import(
            data=read_input(job), filename=filename, by=job.owner, progress=progress
        )
    finally:
        delete_input(job)
    return {
        "message": (
            f"Impor {record.filename} selesai: {angka(record.created_count)} baru, "
            f"{angka(record.updated_count)} diperbarui, "
            f"{angka(record.unchanged_count)} tidak berubah, {angka(record.missing_count)} WBP "
            "di register tidak ada di berkas (tidak dihapus)."
        ),
        "created": record.created_count,
        "updated": record.updated_count,
        "unchanged": record.unchanged_count,
        "missing": record.missing_count,
    }


def export_file(*, on, file_format: str, progress=None) -> tuple[str, bytes]:
    """The register on ``on`` as (filename, bytes): CSV for Indonesian Excel (UTF-8 with a BOM,
    semicolon-separated; the importer reads it back) or XLSX."""
    rows = services.export_rows(on=on)
    if progress is not None:
        rows = progress.over(rows, total=Inmate.objects.count(), stage="Menulis baris register")
    filename = f"register-wbp-{on.isoformat()}"
    if file_format == "csv":
        stream = io.StringIO(newline="")
        write_sdp_csv(rows, stream)
        return f"{filename}.csv", stream.getvalue().encode("utf-8")
    return f"{filename}.xlsx", write_sdp_xlsx(rows, title=f"REGISTER WBP PER {on:%d-%m-%Y}")


def export_register(*, job: Job, progress: Progress) -> dict[str, Any]:
    on = parse_date(job.params.get("on", "")) or timezone.localdate()
    name, content = export_file(on=on, file_format=job.params.get("format", ""), progress=progress)
    progress.stage("Menyimpan berkas")
    save_result(job, name, content)
    return {"message": f"Register WBP per {on:%d-%m-%Y} siap diunduh."}
