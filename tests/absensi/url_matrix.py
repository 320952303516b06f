from absensi.models import FingerprintDevice, SyncRun, SyncTrigger
from tests.matrix import Url
from tests.pembinaan import planning_factories as pf

VIEWERS = {"petugas", "kepala", "admin_user"}
RECORDERS = {"petugas", "admin_user"}
ADMINS = {"admin_user"}


def objects() -> dict:
    device = FingerprintDevice.objects.create(name="Mesin Aula", ip_address="127.0.0.1")
    return {
        "session": pf.session(),
        "device": device,
        "run": SyncRun.objects.create(device=device, trigger=SyncTrigger.COMMAND),
    }


def session(o: dict) -> dict:
    return {"pk": o["session"].pk}


def device(o: dict) -> dict:
    return {"pk": o["device"].pk}


URLS = [
    Url("absensi:session_list", roles=VIEWERS),
    Url("absensi:session_attendance", roles=VIEWERS, kwargs=session),
    Url("absensi:session_attendance_save", roles=RECORDERS, kwargs=session, method="POST"),
    Url("absensi:session_mark_all", roles=RECORDERS, kwargs=session, method="POST"),
    Url("absensi:session_mark_selected", roles=RECORDERS, kwargs=session, method="POST"),
    Url("absensi:session_history", roles=VIEWERS, kwargs=session),
    Url("absensi:device_list", roles=VIEWERS),
    Url("absensi:device_create", roles=ADMINS),
    Url("absensi:device_detail", roles=VIEWERS, kwargs=device),
    Url("absensi:device_edit", roles=ADMINS, kwargs=device),
    Url("absensi:device_sync", roles=RECORDERS, kwargs=device, method="POST"),
    Url("absensi:device_clear_confirm", roles=ADMINS, kwargs=device),
    Url("absensi:device_clear_log", roles=ADMINS, kwargs=device, method="POST"),
    Url("absensi:sync_run_status", roles=VIEWERS, kwargs=lambda o: {"pk": o["run"].pk}),
    Url("absensi:unknown_pins", roles=VIEWERS),
    Url("absensi:map_pin", roles=RECORDERS, method="POST"),
    Url("absensi:quarantine", roles=VIEWERS),
    Url("absensi:attendance_export", roles=VIEWERS),
]
