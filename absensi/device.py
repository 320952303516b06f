"""Talking to a ZKTeco terminal with pyzk 0.9: one download, or one log clear. No database.

`download()` follows the sequence of `docs/zk-protocol.md`: connect → get_time → disable →
read_sizes → get_users → the attendance dataset → (finally) enable and disconnect, each in
its own `try`. The attendance dataset is read with pyzk's own `read_with_buffer` and decoded
here rather than by `get_attendance()`: pyzk raises on the first record whose date cannot
exist, which would make the whole log unreadable until someone wiped the device by hand. We
decode every record and hand back the impossible ones for quarantine instead. Fingerprint
templates are never requested.

Every exception pyzk lets escape (its own `ZKError`s, but also `TimeoutError`,
`ConnectionResetError`, `OSError`, `ValueError`, `struct.error`) becomes a `DeviceError` with
an Indonesian message, a kind ("network", "timeout", "auth", "refused", "data") and whether a
retry may help. A watchdog bounds a whole attempt: pyzk 0.9 can spin forever when a device
closes the connection in the middle of a transfer, so on expiry the socket is shut down under
it. After a failure the connection is never reused (stale replies would be misread): the
socket is closed and, when the device may have been disabled, a fresh connection re-enables
it.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from zk import ZK, const
from zk.exception import ZKErrorConnection, ZKErrorResponse, ZKNetworkError

logger = logging.getLogger(__name__)

T = TypeVar("T")

NETWORK = "network"
TIMEOUT = "timeout"
AUTH = "auth"
REFUSED = "refused"
DATA = "data"

CONNECTING = "menghubungkan"

_ATT40 = struct.Struct("<H24sBIB8x")
_ATT16 = struct.Struct("<IIBB2xI")
_ATT8 = struct.Struct("<HBIB")
_LAYOUTS = {40: _ATT40, 16: _ATT16, 8: _ATT8}


@dataclass(frozen=True)
class Address:
    ip: str
    port: int = 4370
    udp: bool = False
    comm_key: int = 0
    timeout: float = 10

    def __str__(self) -> str:
        return f"{self.ip}:{self.port}{' (UDP)' if self.udp else ''}"


@dataclass(frozen=True, slots=True)
class LogRecord:
    """One attendance-log record as the device stores it.

    `timestamp` is the device's naive local time, or None when the stored value is not a
    date that exists (31 February). `raw_time` is the stored 32-bit value.
    """

    user_id: str
    raw_time: int
    timestamp: datetime | None
    status: int
    punch: int


@dataclass
class Download:
    """Everything one sync needs from the device."""

    device_time: datetime  # naive, device-local, read right after connecting
    host_time: datetime  # aware, the server's clock when `device_time` was read
    record_count: int  # attendance records the device reports
    record_capacity: int
    user_count: int
    users: dict[str, str]  # PIN -> name on the device
    records: list[LogRecord]
    released: bool = True  # the device was re-enabled and the connection closed
    release_note: str = ""


class DeviceError(Exception):
    """A failed exchange with the device, described for people (Indonesian)."""

    def __init__(self, message: str, *, kind: str, retryable: bool, error_class: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.retryable = retryable
        self.error_class = error_class or type(self).__name__
        self.released = True
        self.release_note = ""


def decode_time(raw: int) -> datetime:
    """Decode a ZK time value (every month counts 31 days); ValueError if it cannot exist."""
    second = raw % 60
    raw //= 60
    minute = raw % 60
    raw //= 60
    hour = raw % 24
    raw //= 24
    day = raw % 31 + 1
    raw //= 31
    month = raw % 12 + 1
    raw //= 12
    return datetime(raw + 2000, month, day, hour, minute, second)


def _decode_or_none(raw: int) -> datetime | None:
    try:
        return decode_time(raw)
    except ValueError:
        return None


def parse_attendance(data: bytes, count: int, uid_to_pin: dict[int, str]) -> list[LogRecord]:
    """Decode an attendance dataset (u32 byte length, then fixed-size records).

    The record size is the dataset size divided by the count the device reported (as pyzk
    does); a dataset that disagrees with that count, or that is cut short, is refused with a
    `DeviceError` of kind "data": nothing of it is used.
    """
    if count <= 0:
        return []
    if len(data) < 4:
        raise DeviceError(
            f"Mesin melaporkan {count} catatan tetapi tidak mengirim data log.",
            kind=DATA,
            retryable=False,
            error_class="EmptyDataset",
        )
    total = struct.unpack_from("<I", data)[0]
    body = memoryview(data)[4:]
    if total != len(body):
        raise DeviceError(
            f"Data log terpotong: mesin menyebut {total} bita, yang diterima {len(body)} bita.",
            kind=DATA,
            retryable=False,
            error_class="TruncatedDataset",
        )
    size, rest = divmod(total, count)
    if rest or size not in _LAYOUTS:
        raise DeviceError(
            f"Data log tidak dapat dibaca: mesin melaporkan {count} catatan, tetapi data log "
            f"berukuran {total} bita (bukan kelipatan 8, 16 atau 40 bita per catatan). "
            "Tidak ada yang disimpan.",
            kind=DATA,
            retryable=False,
            error_class="GarbageRecord",
        )
    records: list[LogRecord] = []
    append = records.append
    times: dict[int, datetime | None] = {}
    if size == 40:
        pins: dict[bytes, str] = {}
        for _uid, raw_pin, status, raw, punch in _ATT40.iter_unpack(body):
            pin = pins.get(raw_pin)
            if pin is None:
                pin = pins[raw_pin] = raw_pin.split(b"\x00", 1)[0].decode("ascii", "replace")
            ts = times[raw] if raw in times else times.setdefault(raw, _decode_or_none(raw))
            append(LogRecord(pin, raw, ts, status, punch))
    elif size == 16:
        for user_id, raw, status, punch, _workcode in _ATT16.iter_unpack(body):
            append(LogRecord(str(user_id), raw, _decode_or_none(raw), status, punch))
    else:
        for uid, status, raw, punch in _ATT8.iter_unpack(body):
            pin = uid_to_pin.get(uid, str(uid))
            append(LogRecord(pin, raw, _decode_or_none(raw), status, punch))
    return records


# --- errors ----------------------------------------------------------------------------------


def _describe(exc: BaseException, step: str, address: Address) -> DeviceError:
    name = type(exc).__name__
    text = str(exc)
    lowered = text.lower()
    if isinstance(exc, DeviceError):
        return exc
    if isinstance(exc, ZKErrorResponse):
        if "unauth" in lowered:
            return DeviceError(
                "Kunci komunikasi (comm key) ditolak oleh mesin. Samakan kunci komunikasi di "
                "pengaturan mesin dan di data mesin pada sistem.",
                kind=AUTH,
                retryable=False,
                error_class=name,
            )
        return DeviceError(
            f"Mesin menolak perintah saat {step} ({text}).",
            kind=REFUSED,
            retryable=False,
            error_class=name,
        )
    timeout_words = ("timed out", "timeout")
    if isinstance(exc, TimeoutError | socket.timeout) or any(w in lowered for w in timeout_words):
        return DeviceError(
            f"Mesin {address} tidak menjawab dalam {address.timeout:g} detik saat {step}.",
            kind=TIMEOUT,
            retryable=True,
            error_class=name,
        )
    network = isinstance(exc, ZKNetworkError | ZKErrorConnection | OSError)
    if network and (step == CONNECTING or "refused" in lowered):
        return DeviceError(
            f"Mesin {address} tidak dapat dihubungi ({text or name}). Periksa apakah mesin "
            "menyala, alamat IP dan port, serta jaringan.",
            kind=NETWORK,
            retryable=True,
            error_class=name,
        )
    if isinstance(exc, ConnectionResetError | BrokenPipeError) or any(
        w in lowered for w in ("reset", "broken pipe")
    ):
        return DeviceError(
            f"Sambungan ke mesin {address} terputus saat {step}.",
            kind=NETWORK,
            retryable=True,
            error_class=name,
        )
    if network:
        return DeviceError(
            f"Gangguan jaringan ke mesin {address} saat {step} ({text or name}).",
            kind=NETWORK,
            retryable=True,
            error_class=name,
        )
    if isinstance(exc, struct.error) and step == CONNECTING and address.comm_key:
        # pyzk's make_commkey overflows for some key/session pairs; a new session may not.
        return DeviceError(
            f"pyzk gagal menyusun kunci komunikasi untuk sesi ini ({text}); dicoba lagi.",
            kind=NETWORK,
            retryable=True,
            error_class=name,
        )
    if isinstance(exc, ValueError | struct.error | IndexError | UnicodeDecodeError | TypeError):
        return DeviceError(
            f"Mesin mengirim data yang rusak saat {step} ({text or name}).",
            kind=DATA,
            retryable=False,
            error_class=name,
        )
    return DeviceError(
        f"Kesalahan tak terduga saat {step}: {name}: {text}",
        kind=DATA,
        retryable=False,
        error_class=name,
    )


class _Watchdog:
    """Shut the client's socket down if an attempt outlives its deadline."""

    def __init__(self, client: ZK, seconds: float) -> None:
        self.client = client
        self.fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        self.fired = True
        logger.warning("fingerprint sync deadline reached; closing the device socket")
        close_socket(self.client)


def close_socket(client: ZK) -> None:
    """Close a pyzk client's socket without talking to the device (safe after any error)."""
    sock = getattr(client, "_ZK__sock", None)  # pyzk keeps it in a name-mangled attribute
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


def make_client(address: Address) -> ZK:
    # ommit_ping=True always: pyzk's ping shells out (fails in containers; injection risk).
    return ZK(
        address.ip,
        port=address.port,
        timeout=address.timeout,
        password=address.comm_key,
        force_udp=address.udp,
        ommit_ping=True,
    )


@dataclass
class _Session:
    address: Address
    deadline: float
    progress: Callable[[str], None] = lambda _step: None
    client: ZK | None = None
    connected: bool = False
    disable_sent: bool = False
    failed: bool = False
    watchdog: _Watchdog | None = None
    released: bool = True
    release_note: str = ""

    def call(self, step: str, fn: Callable[[], T]) -> T:
        self.progress(step)
        try:
            return fn()
        except BaseException as exc:
            self.failed = True
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            if self.watchdog is not None and self.watchdog.fired:
                raise DeviceError(
                    f"Sinkronisasi dengan mesin {self.address} melewati batas "
                    f"{self.deadline:g} detik saat {step}; sambungan diputus.",
                    kind=TIMEOUT,
                    retryable=True,
                    error_class="DeadlineExceeded",
                ) from exc
            raise _describe(exc, step, self.address) from exc

    def release(self) -> tuple[bool, str]:
        """Re-enable and disconnect, each in its own try. Returns (released, note)."""
        client = self.client
        if client is None:
            return True, ""
        if not self.failed:
            enabled = not self.disable_sent
            if self.disable_sent:
                try:
                    client.enable_device()
                    enabled = True
                except Exception as exc:  # noqa: BLE001 - recorded, then recovered below
                    logger.warning("enable_device failed: %r", exc)
            try:
                client.disconnect()
            except Exception as exc:  # noqa: BLE001
                logger.warning("disconnect failed: %r", exc)
            close_socket(client)
            if enabled:
                return True, ""
        else:
            # Never reuse a connection that failed: a late reply would be misread.
            if self.connected:
                with contextlib.suppress(Exception):
                    client.disconnect()
            close_socket(client)
            if not self.disable_sent:
                return True, ""
        return _recover(self.address)


def _recover(address: Address) -> tuple[bool, str]:
    """Re-enable the device over a fresh connection (each call in its own try)."""
    client = make_client(address)
    enabled = False
    try:
        try:
            client.connect()
        except Exception as exc:  # noqa: BLE001
            logger.warning("recovery connect failed: %r", exc)
            return False, (
                "Mesin mungkin masih terkunci (menampilkan 'working…'): tidak dapat "
                "tersambung lagi untuk mengaktifkannya kembali."
            )
        try:
            client.enable_device()
            enabled = True
        except Exception as exc:  # noqa: BLE001
            logger.warning("recovery enable_device failed: %r", exc)
        try:
            client.disconnect()
        except Exception as exc:  # noqa: BLE001
            logger.warning("recovery disconnect failed: %r", exc)
    finally:
        close_socket(client)
    if enabled:
        return True, ""
    return False, "Mesin menolak diaktifkan kembali; periksa mesin secara langsung."


@contextlib.contextmanager
def _session(
    address: Address, deadline: float, progress: Callable[[str], None]
) -> Iterator[_Session]:
    session = _Session(address=address, deadline=deadline, progress=progress)
    session.client = make_client(address)
    error: DeviceError | None = None
    try:
        with _Watchdog(session.client, deadline) as watchdog:
            session.watchdog = watchdog
            yield session
    except DeviceError as exc:
        error = exc
        raise
    finally:
        session.released, session.release_note = session.release()
        if error is not None:
            error.released, error.release_note = session.released, session.release_note


def download(
    address: Address,
    *,
    deadline: float = 600,
    progress: Callable[[str], None] = lambda _step: None,
) -> Download:
    """Read the device clock, its sizes, its users and its whole attendance log."""
    with _session(address, deadline, progress) as s:
        client = s.client
        assert client is not None
        s.call(CONNECTING, client.connect)
        s.connected = True
        device_time = s.call("membaca jam mesin", client.get_time)
        host_time = datetime.now(UTC)
        s.disable_sent = True
        s.call("mengunci mesin", client.disable_device)
        s.call("membaca kapasitas", client.read_sizes)
        users = s.call("membaca daftar pengguna", client.get_users)
        # get_users() re-reads the sizes; take the figures after it.
        count, capacity, user_count = _sizes(client)
        raw = b""
        if count > 0:
            raw, _size = s.call(
                "mengunduh log absensi",
                lambda: client.read_with_buffer(const.CMD_ATTLOG_RRQ),
            )
        s.progress("membaca data log")
        # A dataset that cannot be decoded raises here; the connection itself is healthy,
        # so it is released normally (enable, disconnect).
        records = parse_attendance(raw, count, {u.uid: u.user_id for u in users})
        result = Download(
            device_time=device_time,
            host_time=host_time,
            record_count=count,
            record_capacity=capacity,
            user_count=user_count,
            users={u.user_id: u.name for u in users},
            records=records,
        )
    result.released, result.release_note = s.released, s.release_note
    return result


def _sizes(client: ZK) -> tuple[int, int, int]:
    """(records, record capacity, users) from the last read_sizes().

    pyzk silently keeps zeros when the GET_FREE_SIZES reply is short; a real terminal never
    has a record capacity of 0, so that reads as a broken reply, not as an empty log (an
    empty log taken for granted could later justify clearing a full one).
    """
    if client.rec_cap <= 0 or client.records < 0:
        raise DeviceError(
            "Mesin mengirim jawaban kapasitas yang tidak lengkap; jumlah catatan tidak dapat "
            "dipastikan.",
            kind=DATA,
            retryable=False,
            error_class="ShortSizesReply",
        )
    return int(client.records), int(client.rec_cap), int(client.users)


def read_record_count(client: ZK) -> int:
    client.rec_cap = 0
    client.read_sizes()
    return _sizes(client)[0]


def clear_log(
    address: Address,
    *,
    expected_count: int,
    deadline: float = 120,
    progress: Callable[[str], None] = lambda _step: None,
) -> int:
    """Clear the device's attendance log if it still holds exactly `expected_count` records.

    The device is disabled first so that nobody can punch between the check and the clear.
    Returns the number of records cleared; raises `DeviceError` (kind "refused", not retried)
    when the count differs: there are records the last sync has not stored.
    """
    with _session(address, deadline, progress) as s:
        client = s.client
        assert client is not None
        s.call(CONNECTING, client.connect)
        s.connected = True
        s.disable_sent = True
        s.call("mengunci mesin", client.disable_device)
        count = s.call("membaca jumlah catatan", lambda: read_record_count(client))
        if count != expected_count:
            raise DeviceError(
                f"Mesin kini menyimpan {count} catatan, sedangkan sinkronisasi terakhir "
                f"mencatat {expected_count}. Sinkronkan lagi sebelum menghapus log mesin.",
                kind=REFUSED,
                retryable=False,
                error_class="CountChanged",
            )
        s.call("menghapus log mesin", client.clear_attendance)
    if not s.released:
        logger.warning("device %s not released after clearing: %s", address, s.release_note)
    return count
