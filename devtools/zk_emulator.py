"""Protocol-level emulator of a ZKTeco finger-scan terminal (the "ZK" binary protocol).

The emulator speaks the wire protocol that pyzk 0.9 (``from zk import ZK``) uses, over TCP
(8-byte ``50 50 82 7d`` + length prefix) and UDP (no prefix) on the same port number. It
answers what ``connect``, ``get_time``, ``set_time``, ``disable_device``, ``enable_device``,
``read_sizes``, ``get_users``, ``get_attendance``, ``clear_attendance``,
``get_serialnumber``, ``get_firmware_version`` and friends send, and it can misbehave on
purpose (see :class:`Faults`) so that a sync can be tested against real firmware failure
modes. It is stdlib-only, so it also works as a demo device in a deployed environment.

What pyzk raises for each fault, and the pyzk quirks a sync must handle: ``docs/pyzk.md``.

Typical use in a test::

    from devtools.zk_emulator import DeviceState, DeviceUser, Faults, ZKEmulator

    state = DeviceState(users=[DeviceUser(uid=1, user_id="1042", name="Budi")])
    with ZKEmulator(state, Faults(count_mismatch=1)) as device:
        conn = ZK("127.0.0.1", port=device.port, timeout=2, ommit_ping=True).connect()
        ...
    assert device.commands[-2:] == [Command.ENABLEDEVICE, Command.EXIT]

Mutating the state of a running emulator: use :meth:`ZKEmulator.add_users`,
:meth:`ZKEmulator.add_punches`, :meth:`ZKEmulator.clear_attendance` or
``with device.mutate() as state: ...`` (takes the lock and invalidates the cached datasets).
Faults may be switched on and off at any time by assigning to ``device.faults.<name>``.

Standalone demo device (binds loopback unless told otherwise; stop with Ctrl-C)::

    python -m devtools.zk_emulator --port 4370 --users 40 --punches 500

Flags:
    --host ADDR          address to bind (default 127.0.0.1)
    --port N             TCP and UDP port (default 4370; 0 = pick a free one)
    --users N            number of enrolled users (default 40)
    --punches N          number of attendance records (default 500)
    --first-pin N        PIN (user_id) of the first enrolled user (default 10001)
    --days N             spread the punches over the last N days (default 30)
    --user-size {72,28}  user record layout (default 72)
    --att-size {40,16,8} attendance record layout (default 40)
    --reply-mode {buffered,direct}
                         how datasets are sent (default buffered)
    --comm-key N         communication key / password (default 0 = none)
    --clock-offset SECS  device clock minus host local clock, in seconds (default 0)
    --serial TEXT        serial number (default EMU0000000001)
    --no-udp             serve TCP only
    --seed N             random seed for the demo data (default 1)
    -v, --verbose        log every command received
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import itertools
import logging
import random
import socket
import socketserver
import struct
import sys
import threading
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import ClassVar, Literal, Protocol

__all__ = [
    "LOOPBACK",
    "AttendanceRecord",
    "Command",
    "DeviceState",
    "DeviceUser",
    "Faults",
    "ReceivedCommand",
    "ZKEmulator",
    "build_attendance_dataset",
    "build_user_dataset",
    "checksum",
    "decode_time",
    "demo_state",
    "encode_time",
    "generate_punches",
    "generate_users",
    "make_commkey",
]

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
TCP_MAGIC = (0x5050, 0x7D82)
USHRT_MAX = 0xFFFF

#: Largest DATA payload pyzk reads over UDP in one datagram (it calls ``recv(1024 + 8)``).
UDP_DATA_PAYLOAD = 1024
#: Largest dataset that may be sent directly (one DATA datagram) over UDP: pyzk's
#: PREPARE_BUFFER reply read is ``recv(1024)``, header included.
UDP_DIRECT_MAX = 1024 - 8


class Command(enum.IntEnum):
    """Command and reply codes used by the emulator (values from pyzk's ``zk/const.py``)."""

    CLEAR_DATA = 14
    CLEAR_ATTLOG = 15
    OPTIONS_RRQ = 11
    GET_FREE_SIZES = 50
    GET_PINWIDTH = 69
    GET_TIME = 201
    SET_TIME = 202
    CONNECT = 1000
    EXIT = 1001
    ENABLEDEVICE = 1002
    DISABLEDEVICE = 1003
    REFRESHDATA = 1013
    GET_VERSION = 1100
    AUTH = 1102
    PREPARE_DATA = 1500
    DATA = 1501
    FREE_DATA = 1502
    PREPARE_BUFFER = 1503
    READ_BUFFER = 1504
    ACK_OK = 2000
    ACK_ERROR = 2001
    ACK_UNAUTH = 2005
    ACK_UNKNOWN = 0xFFFF

    # Inner commands of PREPARE_BUFFER.
    USERTEMP_RRQ = 9
    ATTLOG_RRQ = 13


# --------------------------------------------------------------------------------------------
# Wire helpers
# --------------------------------------------------------------------------------------------


def checksum(data: bytes | bytearray | memoryview) -> int:
    """Return the ZK packet checksum of ``data`` (header with checksum 0, then payload).

    Same result as pyzk's ``__create_checksum`` and the SDK's C code: the little-endian 16-bit
    words (odd last byte padded with 0) are added up, subtracting 0xFFFF whenever the sum
    exceeds 0xFFFF; the result is the C expression ``~sum`` brought back into range by adding
    0xFFFF, i.e. ``0xFFFE - sum`` (not ``0xFFFF - sum``).
    """
    buf = bytes(data)
    if len(buf) % 2:
        buf += b"\x00"
    words = array("H")
    words.frombytes(buf)
    if sys.byteorder == "big":
        words.byteswap()
    total = sum(words)
    # The running "subtract 0xFFFF when above 0xFFFF" reduction is an end-around-carry sum.
    reduced = 0 if total == 0 else (total - 1) % USHRT_MAX + 1
    result = ~reduced
    while result < 0:
        result += USHRT_MAX
    return result


def make_packet(code: int, session_id: int, reply_id: int, payload: bytes = b"") -> bytes:
    """Build one ZK packet (8-byte header + payload) with a correct checksum."""
    header = struct.pack("<4H", code, 0, session_id, reply_id)
    chk = checksum(header + payload)
    return struct.pack("<4H", code, chk, session_id, reply_id) + payload


def frame_tcp(packet: bytes) -> bytes:
    """Prefix a ZK packet with the 8-byte TCP top header (magic + length)."""
    return struct.pack("<HHI", *TCP_MAGIC, len(packet)) + packet


def make_commkey(key: int, session_id: int, ticks: int = 50) -> bytes:
    """Scramble a comm key for AUTH, exactly like pyzk's ``make_commkey`` (SDK ``MakeKey``)."""
    k = 0
    for i in range(32):
        k = (k << 1 | 1) if key & (1 << i) else k << 1
    k = (k + session_id) & 0xFFFFFFFF
    b = struct.pack("<I", k)
    b = bytes((b[0] ^ ord("Z"), b[1] ^ ord("K"), b[2] ^ ord("S"), b[3] ^ ord("O")))
    lo, hi = struct.unpack("<HH", b)
    b = struct.pack("<HH", hi, lo)
    t = ticks & 0xFF
    return bytes((b[0] ^ t, b[1] ^ t, t, b[3] ^ t))


def encode_time(t: datetime) -> int:
    """Encode a naive datetime the ZK way (every month counts as 31 days, years 2000-2099)."""
    return (
        ((t.year % 100) * 12 * 31 + (t.month - 1) * 31 + t.day - 1) * 86400
        + (t.hour * 60 + t.minute) * 60
        + t.second
    )


def decode_time(raw: int) -> datetime:
    """Decode a ZK time value; raises ``ValueError`` for impossible dates, like pyzk does."""
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


def impossible_time(t: datetime) -> int:
    """Encoded time for 31 February of ``t``'s year at ``t``'s time of day (never valid)."""
    return ((t.year % 100) * 12 * 31 + 1 * 31 + 30) * 86400 + (
        t.hour * 3600 + t.minute * 60 + t.second
    )


# --------------------------------------------------------------------------------------------
# Device state
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class DeviceUser:
    """A user enrolled on the terminal.

    ``uid`` is the device's internal slot number (u16); ``user_id`` is the PIN/enrollment
    number typed on the keypad (the key a sync must use). Keep them different in fixtures.
    In the 28-byte user layout ``user_id`` must be numeric (u32) and ``group_id`` an int
    0-255 (or empty); in the 72-byte layout both are ASCII strings (24 and 7 bytes).
    """

    uid: int
    user_id: str
    name: str = ""
    privilege: int = 0  # 0 = user, 14 = admin
    password: str = ""
    group_id: str = ""
    card: int = 0


@dataclass(slots=True)
class AttendanceRecord:
    """One punch in the attendance log.

    ``timestamp`` is naive device-local time. ``status`` is the verify mode (1 = finger,
    0 = password, 4 = card, 15 = face), ``punch`` the in/out state (0 = in, 1 = out,
    255 = undefined). ``uid`` is the u16 the firmware stores in the record: ``None`` means
    automatic — a 1-based log counter in the 40-byte layout, the user's ``uid`` slot in the
    8-byte layout. ``raw_time`` (if set) is sent instead of the encoded timestamp, to
    imitate firmware that stores garbage.
    """

    user_id: str
    timestamp: datetime
    status: int = 1
    punch: int = 0
    uid: int | None = None
    raw_time: int | None = None


ReplyMode = Literal["direct", "buffered"]


@dataclass
class DeviceState:
    """Everything the emulated terminal knows.

    Clock: the device time is ``fixed_time`` if set, else host local time plus
    ``clock_offset`` seconds (positive = device runs ahead). SET_TIME updates whichever is
    in use. ``disabled`` is True between DISABLEDEVICE and ENABLEDEVICE (it survives EXIT,
    so a sync that forgets to re-enable is visible).
    """

    users: list[DeviceUser] = field(default_factory=list)
    attendance: list[AttendanceRecord] = field(default_factory=list)
    clock_offset: float = 0.0
    fixed_time: datetime | None = None
    serial_number: str = "EMU0000000001"
    firmware_version: str = "Ver 6.60 Apr 28 2017"
    platform: str = "ZMM220_TFT"
    device_name: str = "K40 (emulated)"
    mac: str = "00:17:61:00:00:01"
    pin_width: int = 14
    user_size: Literal[72, 28] = 72
    att_size: Literal[40, 16, 8] = 40
    reply_mode: ReplyMode = "buffered"
    comm_key: int = 0
    user_capacity: int = 3000
    finger_capacity: int = 3000
    record_capacity: int = 100_000
    finger_count: int | None = None  # None = one template per user
    disabled: bool = False

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise ``ValueError`` if the state cannot be encoded in the chosen layouts."""
        if self.user_size not in (72, 28):
            raise ValueError(f"user_size must be 72 or 28, not {self.user_size!r}")
        if self.att_size not in (40, 16, 8):
            raise ValueError(f"att_size must be 40, 16 or 8, not {self.att_size!r}")
        if self.reply_mode not in ("direct", "buffered"):
            raise ValueError(f"reply_mode must be 'direct' or 'buffered': {self.reply_mode!r}")
        if not 0 <= self.comm_key <= 0xFFFFFFFF:
            raise ValueError("comm_key must fit in 32 bits")
        for user in self.users:
            if not 0 < user.uid <= USHRT_MAX:
                raise ValueError(f"uid out of range: {user!r}")
            if self.user_size == 28:
                _require_numeric(user.user_id, "user_id (28-byte user layout)")
                if user.group_id and not user.group_id.isdigit():
                    raise ValueError(f"group_id must be numeric in the 28-byte layout: {user!r}")
        if self.att_size == 16:
            for rec in self.attendance:
                _require_numeric(rec.user_id, "user_id (16-byte attendance layout)")

    def now(self) -> datetime:
        """Current device time (naive, whole seconds)."""
        if self.fixed_time is not None:
            return self.fixed_time.replace(microsecond=0)
        return (datetime.now() + timedelta(seconds=self.clock_offset)).replace(microsecond=0)

    def set_clock(self, t: datetime) -> None:
        """Set the device clock, as SET_TIME does."""
        if self.fixed_time is not None:
            self.fixed_time = t
        else:
            self.clock_offset = (t - datetime.now()).total_seconds()


def _require_numeric(value: str, what: str) -> None:
    if not (value.isdigit() and int(value) <= 0xFFFFFFFF):
        raise ValueError(f"{what} must be a number that fits in 32 bits, not {value!r}")


# --------------------------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------------------------


def _codes(value: int | Iterable[int] | None) -> frozenset[int]:
    if value is None:
        return frozenset()
    if isinstance(value, int):
        return frozenset({int(value)})
    return frozenset(int(v) for v in value)


@dataclass
class Faults:
    """Switchable misbehaviour. All off by default; may be changed while running.

    silent
        Accept connections (and UDP datagrams) but never answer: the client times out.
    close_after_command
        Per connection (or UDP session), count commands from 1; when the N-th arrives, close
        the TCP connection (FIN) without answering it. Over UDP, stop answering the session.
    short_reply_on
        Command code(s) whose reply is truncated: the first reply packet loses half its
        payload, or — if it has no payload — half of its 8-byte header.
    ack_error_on
        Command code(s) answered with ACK_ERROR (2001) instead of being executed.
    reset_during_data
        Abort the first dataset transfer (DATA packet) half-way: over TCP send half the
        DATA then reset the connection (RST); over UDP send half the DATA datagrams, then go
        silent.
    close_during_data
        Like ``reset_during_data`` but the TCP connection is closed gracefully (FIN).
        WARNING: pyzk 0.9 then spins forever in ``__recieve_raw_data`` (``recv`` keeps
        returning ``b""``); use it only with a watchdog that closes the client socket.
    split_tcp_data
        Over TCP, send each DATA payload as many DATA packets of ``split_size`` bytes (some
        firmware does this). UDP is unaffected.
    impossible_date_record
        Encode the middle attendance record's time as 31 February (pyzk raises ValueError).
    count_mismatch, user_count_mismatch
        Added to the attendance / user counts reported by GET_FREE_SIZES, so they disagree
        with the datasets (pyzk infers the record size from dataset bytes / count).
    oversize_udp_data
        Over UDP in ``direct`` mode, send a dataset as one DATA datagram even when it is larger
        than pyzk's 1024-byte read (pyzk then silently truncates it). Without this switch a
        too-large direct reply over UDP falls back to the buffered protocol.
    reply_delay
        Seconds to wait before every reply (a slow device).

    Clock drift is not a fault switch: set ``DeviceState.clock_offset`` (or ``fixed_time``).

    What pyzk 0.9 does (measured by ``tests/absensi/test_emulator.py``; "raw" = not a
    ``ZKError``; ``TimeoutError`` is ``socket.timeout``)::

        fault                         TCP                              UDP
        silent                        ZKNetworkError "timed out"       same
        close_after_command           ZKNetworkError "TCP packet       ZKNetworkError
                                      invalid", at once                "timed out"
        ack_error_on=<any>            ZKErrorResponse (READ_BUFFER     same
                                      is retried 3 times first)
        short_reply_on=GET_TIME       struct.error (raw)               same
        short_reply_on=<no payload>   ZKNetworkError "unpack requires  same
                                      a buffer of 8 bytes"
        short_reply_on=GET_FREE_SIZES no error: counts stay 0, so      same
                                      get_users/get_attendance → []
        short_reply_on=PREPARE_BUFFER direct: silently fewer records;  same
                                      buffered: no effect
        short_reply_on=READ_BUFFER    TimeoutError (raw)               no effect
        reset_during_data             ConnectionResetError (raw)       TimeoutError (raw)
        close_during_data             hangs forever (busy loop)        TimeoutError (raw)
        split_tcp_data                buffered, >= 3 packets:          n/a
                                      TimeoutError (raw); 2 packets
                                      work; direct: garbage, then
                                      errors on later commands
        impossible_date_record        ValueError (raw) from            same
                                      get_attendance; session usable
        count_mismatch                no error: the dataset wins; a    same
                                      count of 0 → []; bytes/count of
                                      8 or 16 → wrong layout
        user_count_mismatch           72-byte users: no effect;        same
                                      28-byte: parsed as 72 → garbage
        oversize_udp_data             n/a                              silently truncated
    """

    silent: bool = False
    close_after_command: int | None = None
    short_reply_on: frozenset[int] = frozenset()
    ack_error_on: frozenset[int] = frozenset()
    reset_during_data: bool = False
    close_during_data: bool = False
    split_tcp_data: bool = False
    split_size: int = 512
    impossible_date_record: bool = False
    count_mismatch: int = 0
    user_count_mismatch: int = 0
    oversize_udp_data: bool = False
    reply_delay: float = 0.0

    def __post_init__(self) -> None:
        if self.split_size < 1:
            raise ValueError("split_size must be positive")

    def __setattr__(self, name: str, value: object) -> None:
        if name in ("short_reply_on", "ack_error_on"):
            value = _codes(value)  # type: ignore[arg-type]
        object.__setattr__(self, name, value)


# --------------------------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------------------------

_USER72 = struct.Struct("<HB8s24sIx7sx24s")
_USER28 = struct.Struct("<HB5s8sIxBhI")
_ATT40 = struct.Struct("<H24sBIB8x")
_ATT16 = struct.Struct("<IIBB2xI")
_ATT8 = struct.Struct("<HBIB")
_LEN = struct.Struct("<I")


def _text(value: str, size: int) -> bytes:
    return value.encode("utf-8", errors="ignore")[:size]


def build_user_dataset(users: Sequence[DeviceUser], user_size: int = 72) -> bytes:
    """Encode the user table as the device sends it: u32 byte length, then fixed records."""
    rec = _USER72 if user_size == 72 else _USER28
    buf = bytearray(4 + rec.size * len(users))
    _LEN.pack_into(buf, 0, rec.size * len(users))
    for i, u in enumerate(users):
        off = 4 + i * rec.size
        if user_size == 72:
            rec.pack_into(
                buf,
                off,
                u.uid,
                u.privilege,
                _text(u.password, 8),
                _text(u.name, 24),
                u.card,
                _text(u.group_id, 7),
                _text(u.user_id, 24),
            )
        else:
            rec.pack_into(
                buf,
                off,
                u.uid,
                u.privilege,
                _text(u.password, 5),
                _text(u.name, 8),
                u.card,
                int(u.group_id or 0),
                0,
                int(u.user_id),
            )
    return bytes(buf)


def build_attendance_dataset(
    records: Sequence[AttendanceRecord],
    att_size: int = 40,
    users: Sequence[DeviceUser] = (),
    *,
    impossible_index: int | None = None,
) -> bytes:
    """Encode the attendance log: u32 byte length, then fixed ``att_size``-byte records.

    ``users`` resolves ``user_id`` → ``uid`` for the 8-byte layout. The record at
    ``impossible_index`` (if any) gets a 31-February time. Uses ``pack_into`` on one
    preallocated buffer: about 0.2 s per 100,000 records.
    """
    rec = {40: _ATT40, 16: _ATT16, 8: _ATT8}[att_size]
    n = len(records)
    buf = bytearray(4 + rec.size * n)
    _LEN.pack_into(buf, 0, rec.size * n)
    pack_into = rec.pack_into
    uid_of = {u.user_id: u.uid for u in users}
    id_bytes: dict[str, bytes] = {}
    for i, r in enumerate(records):
        off = 4 + i * rec.size
        if i == impossible_index:
            raw = impossible_time(r.timestamp)
        elif r.raw_time is not None:
            raw = r.raw_time
        else:
            t = r.timestamp
            raw = (
                ((t.year % 100) * 372 + (t.month - 1) * 31 + t.day - 1) * 86400
                + t.hour * 3600
                + t.minute * 60
                + t.second
            )
        if att_size == 40:
            uid = r.uid if r.uid is not None else (i + 1) & USHRT_MAX
            uid_b = id_bytes.get(r.user_id)
            if uid_b is None:
                uid_b = id_bytes[r.user_id] = _text(r.user_id, 24)
            pack_into(buf, off, uid, uid_b, r.status, raw, r.punch)
        elif att_size == 16:
            pack_into(buf, off, int(r.user_id), raw, r.status, r.punch, 0)
        else:
            uid = r.uid if r.uid is not None else uid_of.get(r.user_id, 0)
            pack_into(buf, off, uid, r.status, raw, r.punch)
    return bytes(buf)


_GIVEN = (
    "Agus", "Budi", "Dedi", "Eko", "Fajar", "Gilang", "Hendra", "Imam", "Joko", "Kurniawan",
    "Lukman", "Made", "Nyoman", "Putu", "Rizki", "Slamet", "Teguh", "Wahyu", "Yudi", "Zainal",
)  # fmt: skip
_FAMILY = (
    "Santoso", "Wijaya", "Saputra", "Hidayat", "Nugroho", "Prasetyo", "Setiawan", "Kusuma",
    "Siregar", "Nasution", "Harahap", "Pratama", "Ramadhan", "Gunawan", "Lubis", "Wibowo",
    "Simanjuntak",
)  # fmt: skip


def generate_users(n: int, *, first_uid: int = 1, first_user_id: int = 10001) -> list[DeviceUser]:
    """``n`` users with uid ``first_uid..`` and numeric user_id ``first_user_id..``.

    The two numberings are deliberately different so that code keying on ``uid`` fails.
    """
    return [
        DeviceUser(
            uid=first_uid + i,
            user_id=str(first_user_id + i),
            name=f"{_GIVEN[i % len(_GIVEN)]} {_FAMILY[(i * 7) % len(_FAMILY)]}",
            privilege=14 if i == 0 else 0,
        )
        for i in range(n)
    ]


def generate_punches(
    n: int,
    user_ids: Sequence[str],
    *,
    start: datetime,
    interval_seconds: int = 37,
    status: int = 1,
) -> list[AttendanceRecord]:
    """``n`` punches, one every ``interval_seconds`` from ``start``, cycling through users.

    Fast and deterministic (about 0.1 s per 100,000); ``punch`` alternates 0/1 per user.
    """
    if not user_ids:
        raise ValueError("user_ids must not be empty")
    k = len(user_ids)
    step = timedelta(seconds=interval_seconds)
    return [
        AttendanceRecord(user_ids[i % k], start + i * step, status, (i // k) % 2) for i in range(n)
    ]


def demo_state(
    users: int = 40,
    punches: int = 500,
    *,
    days: int = 30,
    seed: int = 1,
    first_pin: int = 10001,
    **kwargs: object,
) -> DeviceState:
    """A plausible device: ``users`` inmates and ``punches`` check-ins/outs over ``days``.

    Punches fall on weekdays between 08:00 and 15:00 device time, sorted by time, and end
    before the current device time. PINs (user_id) run from ``first_pin``. Extra keyword
    arguments go to :class:`DeviceState`.
    """
    users_ = generate_users(users, first_user_id=first_pin)
    state = DeviceState(users=users_, **kwargs)  # type: ignore[arg-type]
    rng = random.Random(seed)
    end = state.now()
    first_day = (end - timedelta(days=days)).replace(hour=0, minute=0, second=0)
    records: list[AttendanceRecord] = []
    while len(records) < punches and state.users:
        day = first_day + timedelta(days=rng.randrange(days + 1))
        if day.weekday() >= 5:
            continue
        ts = day + timedelta(seconds=rng.randrange(8 * 3600, 15 * 3600))
        if ts >= end:
            continue
        user = rng.choice(state.users)
        records.append(AttendanceRecord(user.user_id, ts, 1, 0 if ts.hour < 12 else 1))
    records.sort(key=lambda r: r.timestamp)
    state.attendance = records
    state.validate()
    return state


# --------------------------------------------------------------------------------------------
# Protocol engine
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReceivedCommand:
    """One command packet as the emulator received it.

    ``checksum_ok`` is True when the checksum is right for the packet as sent, or for the
    same packet with reply id - 1 (pyzk 0.9 computes it before incrementing the reply id).
    """

    seq: int
    transport: Literal["tcp", "udp"]
    connection: int
    session_id: int
    command: int
    reply_id: int
    payload: bytes
    checksum_ok: bool


@dataclass(slots=True)
class _Outcome:
    """What a session wants the transport to do with one incoming packet."""

    packets: list[bytes] = field(default_factory=list)
    close: Literal["fin", "rst"] | None = None  # close the TCP connection after sending
    cut_data: bool = False  # send only up to the middle of the first DATA packet, then stop
    go_silent: bool = False  # UDP: stop answering this session


class _ReplyFn(Protocol):
    """Builds a reply packet for the command being handled (session and reply id filled in)."""

    def __call__(self, code: int, data: bytes = b"", /) -> bytes: ...


def _shorten(packet: bytes) -> bytes:
    """Half the payload (checksum recomputed), or half the header if there is no payload."""
    if len(packet) <= 8:
        return packet[:4]
    code, _chk, session_id, reply_id = struct.unpack_from("<4H", packet)
    return make_packet(code, session_id, reply_id, packet[8 : 8 + (len(packet) - 8) // 2])


def _command_name(code: int) -> str:
    try:
        return Command(code).name
    except ValueError:
        return "?"


class _Session:
    """Protocol state of one TCP connection or one UDP client address."""

    def __init__(self, device: ZKEmulator, transport: Literal["tcp", "udp"], conn_no: int):
        self.device = device
        self.transport = transport
        self.conn_no = conn_no
        self.session_id = device._new_session_id()
        self.authenticated = False
        self.commands = 0
        self.buffer: bytes | None = None
        self.dead = False

    # The whole handler runs under the device lock.
    def handle(self, packet: bytes) -> _Outcome:
        dev = self.device
        if len(packet) < 8:
            dev._protocol_error(f"{self.transport}#{self.conn_no}: packet of {len(packet)} bytes")
            return _Outcome(close="fin")
        code, chk, session_id, reply_id = struct.unpack_from("<4H", packet)
        payload = bytes(packet[8:])
        # pyzk 0.9 checksums the packet *before* incrementing the reply id it then sends, so
        # accept the checksum for reply id - 1 too (real terminals evidently do not check).
        checksum_ok = chk in (
            checksum(struct.pack("<4H", code, 0, session_id, reply_id) + payload),
            checksum(struct.pack("<4H", code, 0, session_id, (reply_id - 1) % USHRT_MAX) + payload),
        )
        dev._record(
            ReceivedCommand(
                seq=len(dev._received) + 1,
                transport=self.transport,
                connection=self.conn_no,
                session_id=session_id,
                command=code,
                reply_id=reply_id,
                payload=payload,
                checksum_ok=checksum_ok,
            )
        )
        if not checksum_ok:
            dev._protocol_error(f"bad checksum on command {code}")
        if code != Command.CONNECT and session_id != self.session_id:
            dev._protocol_error(f"command {code} with session {session_id} != {self.session_id}")

        faults = dev.faults
        self.commands += 1
        if faults.close_after_command is not None and self.commands >= faults.close_after_command:
            self.dead = True
            return _Outcome(close="fin", go_silent=True)

        def reply(rcode: int, data: bytes = b"") -> bytes:
            return make_packet(rcode, self.session_id, reply_id, data)

        if code in faults.ack_error_on:
            out = _Outcome([reply(Command.ACK_ERROR)])
        elif (
            dev.state.comm_key
            and not self.authenticated
            and code not in (Command.CONNECT, Command.AUTH, Command.EXIT)
        ):
            out = _Outcome([reply(Command.ACK_UNAUTH)])
        else:
            handler = self._handlers.get(code, _Session._unknown)
            out = handler(self, payload, reply)
        if code in faults.short_reply_on and out.packets:
            out.packets[0] = _shorten(out.packets[0])
        return out

    # -- command handlers: (payload, reply) -> _Outcome ---------------------------------------

    def _connect(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        if self.device.state.comm_key:
            self.authenticated = False
            return _Outcome([reply(Command.ACK_UNAUTH)])
        self.authenticated = True
        return _Outcome([reply(Command.ACK_OK)])

    def _auth(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        key = self.device.state.comm_key
        ticks = payload[2] if len(payload) == 4 else 50
        if len(payload) == 4 and payload == make_commkey(key, self.session_id, ticks):
            self.authenticated = True
            return _Outcome([reply(Command.ACK_OK)])
        self.authenticated = False
        self.device._auth_failures += 1
        return _Outcome([reply(Command.ACK_UNAUTH)])

    def _exit(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        self.buffer = None
        self.authenticated = False
        return _Outcome([reply(Command.ACK_OK)], close="fin", go_silent=True)

    def _enable(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        self.device.state.disabled = False
        return _Outcome([reply(Command.ACK_OK)])

    def _disable(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        self.device.state.disabled = True
        return _Outcome([reply(Command.ACK_OK)])

    def _ack(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        return _Outcome([reply(Command.ACK_OK)])

    def _unknown(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        return _Outcome([reply(Command.ACK_UNKNOWN)])

    def _free_sizes(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        st, faults = self.device.state, self.device.faults
        users = len(st.users) + faults.user_count_mismatch
        records = len(st.attendance) + faults.count_mismatch
        fingers = len(st.users) if st.finger_count is None else st.finger_count
        fields = [0] * 20
        fields[4], fields[6], fields[8] = users, fingers, records
        fields[14] = st.finger_capacity
        fields[15] = st.user_capacity
        fields[16] = st.record_capacity
        fields[17] = st.finger_capacity - fingers
        fields[18] = st.user_capacity - len(st.users)
        fields[19] = st.record_capacity - len(st.attendance)
        faces = (0, 0, 0)  # faces, ?, face capacity
        return _Outcome([reply(Command.ACK_OK, struct.pack("<20i3i", *fields, *faces))])

    def _get_time(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        raw = encode_time(self.device.state.now())
        return _Outcome([reply(Command.ACK_OK, struct.pack("<I", raw))])

    def _set_time(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        try:
            t = decode_time(struct.unpack("<I", payload[:4])[0])
        except (struct.error, ValueError):
            return _Outcome([reply(Command.ACK_ERROR)])
        self.device.state.set_clock(t)
        return _Outcome([reply(Command.ACK_OK)])

    def _clear_attlog(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        self.device.state.attendance.clear()
        self.device._changed()
        return _Outcome([reply(Command.ACK_OK)])

    def _options(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        key = payload.split(b"\x00", 1)[0]
        value = self.device._options().get(key.decode("ascii", errors="replace"))
        if value is None:
            return _Outcome([reply(Command.ACK_ERROR)])
        return _Outcome([reply(Command.ACK_OK, key + b"=" + value.encode() + b"\x00")])

    def _version(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        version = self.device.state.firmware_version.encode()
        return _Outcome([reply(Command.ACK_OK, version + b"\x00")])

    def _pin_width(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        return _Outcome([reply(Command.ACK_OK, bytes([self.device.state.pin_width]))])

    def _prepare_buffer(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        if len(payload) < 3:
            return _Outcome([reply(Command.ACK_ERROR)])
        inner = struct.unpack_from("<h", payload, 1)[0]
        if inner == Command.USERTEMP_RRQ:
            data = self.device._dataset("users")
        elif inner == Command.ATTLOG_RRQ:
            data = self.device._dataset("attendance")
        else:  # templates (7/2) and anything else: not served
            return _Outcome([reply(Command.ACK_ERROR)])
        direct = self.device.state.reply_mode == "direct"
        fits = (
            self.transport == "tcp"
            or len(data) <= UDP_DIRECT_MAX
            or self.device.faults.oversize_udp_data
        )
        if direct and fits:
            self.buffer = None
            return self._data_outcome(data, reply, prepare=None)
        self.buffer = data
        size = len(data)
        return _Outcome([reply(Command.ACK_OK, struct.pack("<BIII", 0, size, size, 0))])

    def _read_buffer(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        if self.buffer is None or len(payload) < 8:
            return _Outcome([reply(Command.ACK_ERROR)])
        start, size = struct.unpack_from("<ii", payload)
        chunk = self.buffer[max(start, 0) : max(start, 0) + max(size, 0)]
        prepare = reply(Command.PREPARE_DATA, struct.pack("<II", len(chunk), 0))
        out = self._data_outcome(chunk, reply, prepare=prepare)
        if not out.cut_data:
            out.packets.append(reply(Command.ACK_OK))
        return out

    def _free_data(self, payload: bytes, reply: _ReplyFn) -> _Outcome:
        self.buffer = None
        return _Outcome([reply(Command.ACK_OK)])

    def _data_outcome(self, data: bytes, reply: _ReplyFn, prepare: bytes | None) -> _Outcome:
        """DATA packet(s) carrying ``data``, sized for the transport, with transfer faults.

        ``prepare`` is the PREPARE_DATA packet of a buffered chunk, None for a direct reply.
        Direct replies are one DATA packet; buffered chunks over UDP are cut into datagrams of
        at most 1024 payload bytes; ``split_tcp_data`` cuts TCP DATA into ``split_size``.
        """
        faults = self.device.faults
        if self.transport == "udp" and prepare is not None:
            size = UDP_DATA_PAYLOAD
        elif self.transport == "tcp" and faults.split_tcp_data:
            size = faults.split_size
        else:
            size = max(len(data), 1)
        packets = [] if prepare is None else [prepare]
        packets += [reply(Command.DATA, data[i : i + size]) for i in range(0, len(data), size)]
        if not data:
            packets.append(reply(Command.DATA))
        out = _Outcome(packets)
        if faults.reset_during_data or faults.close_during_data:
            out.cut_data = True
            out.close = "rst" if faults.reset_during_data else "fin"
            out.go_silent = True
            self.dead = True
        return out

    _handlers: ClassVar[dict[int, Callable[[_Session, bytes, _ReplyFn], _Outcome]]] = {}


_Session._handlers = {
    Command.CONNECT: _Session._connect,
    Command.AUTH: _Session._auth,
    Command.EXIT: _Session._exit,
    Command.ENABLEDEVICE: _Session._enable,
    Command.DISABLEDEVICE: _Session._disable,
    Command.GET_FREE_SIZES: _Session._free_sizes,
    Command.GET_TIME: _Session._get_time,
    Command.SET_TIME: _Session._set_time,
    Command.CLEAR_ATTLOG: _Session._clear_attlog,
    Command.OPTIONS_RRQ: _Session._options,
    Command.GET_VERSION: _Session._version,
    Command.GET_PINWIDTH: _Session._pin_width,
    Command.REFRESHDATA: _Session._ack,
    Command.PREPARE_BUFFER: _Session._prepare_buffer,
    Command.READ_BUFFER: _Session._read_buffer,
    Command.FREE_DATA: _Session._free_data,
}


def _cut_point_tcp(framed_packets: list[bytes]) -> int:
    """Byte offset half-way into the payload of the first DATA packet of a framed stream."""
    offset = 0
    for framed in framed_packets:
        code = struct.unpack_from("<H", framed, 8)[0] if len(framed) >= 10 else -1
        if code == Command.DATA:
            return offset + 16 + (len(framed) - 16) // 2
        offset += len(framed)
    return offset


def _cut_point_udp(packets: list[bytes]) -> int:
    """Number of datagrams to send: those before the DATA run plus half of the DATA run."""
    codes = [struct.unpack_from("<H", p)[0] if len(p) >= 2 else -1 for p in packets]
    data_idx = [i for i, c in enumerate(codes) if c == Command.DATA]
    if not data_idx:
        return len(packets)
    return data_idx[0] + len(data_idx) // 2


# --------------------------------------------------------------------------------------------
# Transports
# --------------------------------------------------------------------------------------------


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False
    device: ZKEmulator


class _UDPServer(socketserver.UDPServer):
    allow_reuse_address = False
    max_packet_size = 65536
    device: ZKEmulator


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    chunks = []
    while n:
        chunk = sock.recv(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


class _TCPHandler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        device = self.server.device
        sock: socket.socket = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        conn_no = device._register_connection(sock)
        try:
            self._serve(device, sock, conn_no)
        except OSError:
            pass  # client went away, or stop() closed the socket
        finally:
            device._unregister_connection(sock)

    def _serve(self, device: ZKEmulator, sock: socket.socket, conn_no: int) -> None:
        session: _Session | None = None
        while True:
            top = _recv_exact(sock, 8)
            if top is None:
                return
            if device.faults.silent:
                while sock.recv(65536):  # swallow everything, never answer
                    pass
                return
            magic1, magic2, length = struct.unpack("<HHI", top)
            if (magic1, magic2) != TCP_MAGIC or length > 1 << 24:
                device._protocol_error(f"tcp#{conn_no}: bad top header {top.hex()}")
                return
            packet = _recv_exact(sock, length)
            if packet is None:
                return
            with device._lock:
                if session is None:
                    session = _Session(device, "tcp", conn_no)
                out = session.handle(packet)
            if device.faults.reply_delay:
                time.sleep(device.faults.reply_delay)
            framed = [frame_tcp(p) for p in out.packets]
            stream = b"".join(framed)
            if out.cut_data:
                stream = stream[: _cut_point_tcp(framed)]
            if stream:
                sock.sendall(stream)  # one logical reply = one send
            if out.close == "rst":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.close()
                return
            if out.close == "fin":
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                return


class _UDPHandler(socketserver.BaseRequestHandler):
    server: _UDPServer

    def handle(self) -> None:
        device = self.server.device
        data, sock = self.request
        if device.faults.silent:
            return
        with device._lock:
            session = device._udp_sessions.get(self.client_address)
            is_connect = len(data) >= 2 and data[:2] == struct.pack("<H", Command.CONNECT)
            if session is None or (session.dead and is_connect):
                session = _Session(device, "udp", device._next_connection_no())
                device._udp_sessions[self.client_address] = session
            if session.dead:
                return
            out = session.handle(data)
            if out.go_silent:
                session.dead = True  # dropped session or aborted transfer: stay silent
            if data[:2] == struct.pack("<H", Command.EXIT):
                del device._udp_sessions[self.client_address]  # clean end: forget it
            if not out.packets:
                return
        if device.faults.reply_delay:
            time.sleep(device.faults.reply_delay)
        packets = out.packets
        if out.cut_data:
            packets = packets[: _cut_point_udp(packets)]
        for p in packets:
            sock.sendto(p, self.client_address)


class ZKEmulator:
    """A running emulated terminal: TCP and (optionally) UDP servers on one port.

    Args:
        state: the device's data (a fresh empty :class:`DeviceState` if omitted).
        faults: misbehaviour switches (all off if omitted).
        host: address to bind; loopback by default.
        port: port for both TCP and UDP; 0 picks a free one (see :attr:`port`).
        udp: also serve UDP (pyzk ``force_udp=True``) on the same port number.

    Use as a context manager, or call :meth:`start` / :meth:`stop`. Inspect
    :attr:`commands`, :attr:`received`, :attr:`disabled`, :attr:`protocol_errors`.
    """

    def __init__(
        self,
        state: DeviceState | None = None,
        faults: Faults | None = None,
        *,
        host: str = LOOPBACK,
        port: int = 0,
        udp: bool = True,
    ) -> None:
        self.state = state if state is not None else DeviceState()
        self.state.validate()
        self.faults = faults if faults is not None else Faults()
        self.host = host
        self._requested_port = port
        self._udp_enabled = udp
        self._lock = threading.RLock()
        self._received: list[ReceivedCommand] = []
        self._errors: list[str] = []
        self._auth_failures = 0
        self._version = 0
        self._cache: dict[tuple[object, ...], bytes] = {}
        self._session_ids = itertools.count(random.randrange(1, 0xF000))
        self._conn_numbers = itertools.count(1)
        self._connections: set[socket.socket] = set()
        self._tcp_connections = 0
        self._udp_sessions: dict[tuple[str, int], _Session] = {}
        self._tcp: _TCPServer | None = None
        self._udp: _UDPServer | None = None
        self._threads: list[threading.Thread] = []

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> ZKEmulator:
        """Bind and start serving in background threads; returns ``self``."""
        if self._tcp is not None:
            raise RuntimeError("emulator already started")
        for _attempt in range(20):
            tcp = _TCPServer((self.host, self._requested_port), _TCPHandler)
            port = tcp.server_address[1]
            if not self._udp_enabled:
                udp = None
                break
            try:
                udp = _UDPServer((self.host, port), _UDPHandler)
                break
            except OSError:
                tcp.server_close()
                if self._requested_port:
                    raise
        else:  # pragma: no cover - twenty UDP port clashes in a row
            raise OSError("could not bind TCP and UDP to the same free port")
        tcp.device = self
        self._tcp = tcp
        self._threads = [self._serve_thread(tcp, "tcp")]
        if udp is not None:
            udp.device = self
            self._udp = udp
            self._threads.append(self._serve_thread(udp, "udp"))
        logger.info("ZK emulator listening on %s:%s", self.host, port)
        return self

    def _serve_thread(self, server: socketserver.BaseServer, name: str) -> threading.Thread:
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"zk-emulator-{name}",
            daemon=True,
        )
        thread.start()
        return thread

    def stop(self) -> None:
        """Stop serving, close every open connection and release the port."""
        for server in (self._tcp, self._udp):
            if server is not None:
                server.shutdown()
                server.server_close()
        with self._lock:
            conns = list(self._connections)
        for sock in conns:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)
        self._tcp = self._udp = None
        self._threads = []

    def __enter__(self) -> ZKEmulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (TCP and UDP)."""
        if self._tcp is None:
            raise RuntimeError("emulator not started")
        return self._tcp.server_address[1]

    @property
    def address(self) -> tuple[str, int]:
        return (self.host, self.port)

    # -- inspection ------------------------------------------------------------------------------

    @property
    def received(self) -> list[ReceivedCommand]:
        """Every command packet received so far, in order (a copy)."""
        with self._lock:
            return list(self._received)

    @property
    def commands(self) -> list[int]:
        """Command codes received so far, in order (compare with :class:`Command` members)."""
        with self._lock:
            return [r.command for r in self._received]

    @property
    def disabled(self) -> bool:
        """True while the device is disabled (between DISABLEDEVICE and ENABLEDEVICE)."""
        with self._lock:
            return self.state.disabled

    @property
    def protocol_errors(self) -> list[str]:
        """Client packets that broke the protocol (bad checksum, wrong session, bad framing)."""
        with self._lock:
            return list(self._errors)

    @property
    def auth_failures(self) -> int:
        """Number of AUTH commands refused because of a wrong comm key."""
        with self._lock:
            return self._auth_failures

    @property
    def tcp_connections(self) -> int:
        """TCP connections accepted so far (pyzk opens one extra probe connection)."""
        with self._lock:
            return self._tcp_connections

    def clear_log(self) -> None:
        """Forget the received commands and protocol errors."""
        with self._lock:
            self._received.clear()
            self._errors.clear()
            self._auth_failures = 0

    # -- mutation --------------------------------------------------------------------------------

    @contextlib.contextmanager
    def mutate(self) -> Iterator[DeviceState]:
        """Lock the state for arbitrary changes; cached datasets are rebuilt afterwards."""
        with self._lock:
            try:
                yield self.state
            finally:
                self._changed()
            self.state.validate()

    def add_users(self, users: Iterable[DeviceUser]) -> None:
        with self.mutate() as state:
            state.users.extend(users)

    def add_punches(self, records: Iterable[AttendanceRecord]) -> None:
        """Append attendance records (thread-safe; visible to the next download)."""
        with self.mutate() as state:
            state.attendance.extend(records)

    def clear_attendance(self) -> None:
        with self.mutate() as state:
            state.attendance.clear()

    # -- internals (called with the lock held unless noted) --------------------------------------

    def _changed(self) -> None:
        self._version += 1
        self._cache.clear()

    def _dataset(self, kind: Literal["users", "attendance"]) -> bytes:
        """The encoded dataset (length prefix included), cached until the state changes.

        The cache key includes the list lengths, so appending to ``state.users`` or
        ``state.attendance`` directly is noticed; other direct edits need :meth:`mutate`.
        """
        st = self.state
        bad = len(st.attendance) // 2 if self.faults.impossible_date_record else None
        if kind == "users":
            key: tuple[object, ...] = (kind, self._version, len(st.users), st.user_size)
        else:
            key = (kind, self._version, len(st.attendance), st.att_size, bad)
        data = self._cache.get(key)
        if data is None:
            if kind == "users":
                data = build_user_dataset(st.users, st.user_size)
            else:
                data = build_attendance_dataset(
                    st.attendance, st.att_size, st.users, impossible_index=bad
                )
            for stale in [k for k in self._cache if k[0] == kind]:
                del self._cache[stale]
            self._cache[key] = data
        return data

    def _options(self) -> dict[str, str]:
        st = self.state
        return {
            "~SerialNumber": st.serial_number,
            "~Platform": st.platform,
            "~DeviceName": st.device_name,
            "MAC": st.mac,
            "~ZKFPVersion": "10",
            "ZKFaceVersion": "0",
            "~ExtendFmt": "0",
            "~UserExtFmt": "0",
            "FaceFunOn": "0",
            "CompatOldFirmware": "0",
            "IPAddress": self.host,
            "NetMask": "255.255.255.0",
            "GATEIPAddress": "0.0.0.0",
        }

    def _record(self, entry: ReceivedCommand) -> None:
        self._received.append(entry)
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s#%d cmd %d %s payload=%s",
                entry.transport,
                entry.connection,
                entry.command,
                _command_name(entry.command),
                entry.payload[:32].hex(),
            )

    def _protocol_error(self, message: str) -> None:
        logger.warning("protocol error: %s", message)
        self._errors.append(message)

    def _new_session_id(self) -> int:
        sid = next(self._session_ids) % USHRT_MAX
        return sid or next(self._session_ids) % USHRT_MAX

    def _next_connection_no(self) -> int:
        return next(self._conn_numbers)

    def _register_connection(self, sock: socket.socket) -> int:  # lock not held
        with self._lock:
            self._connections.add(sock)
            self._tcp_connections += 1
            return self._next_connection_no()

    def _unregister_connection(self, sock: socket.socket) -> None:  # lock not held
        with self._lock:
            self._connections.discard(sock)


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.zk_emulator",
        description="Run an emulated ZKTeco terminal (TCP and UDP) for demos and manual tests.",
    )
    add = parser.add_argument
    add("--host", default=LOOPBACK, help="address to bind (default %(default)s)")
    add("--port", type=int, default=4370, help="TCP and UDP port; 0 = any free (%(default)s)")
    add("--users", type=int, default=40, help="enrolled users (%(default)s)")
    add("--punches", type=int, default=500, help="attendance records (%(default)s)")
    add("--first-pin", type=int, default=10001, help="PIN of the first user (%(default)s)")
    add("--days", type=int, default=30, help="spread punches over the last N days (%(default)s)")
    add("--user-size", type=int, choices=(72, 28), default=72, help="user record layout")
    add("--att-size", type=int, choices=(40, 16, 8), default=40, help="attendance layout")
    add("--reply-mode", choices=("buffered", "direct"), default="buffered")
    add("--comm-key", type=int, default=0, help="comm key / password; 0 = none")
    add("--clock-offset", type=float, default=0.0, help="device minus host clock, seconds")
    add("--serial", default="EMU0000000001", help="serial number (%(default)s)")
    add("--no-udp", action="store_true", help="serve TCP only")
    add("--seed", type=int, default=1, help="random seed for the demo data (%(default)s)")
    add("-v", "--verbose", action="store_true", help="log every command received")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
    )
    state = demo_state(
        args.users,
        args.punches,
        days=args.days,
        seed=args.seed,
        first_pin=args.first_pin,
        user_size=args.user_size,
        att_size=args.att_size,
        reply_mode=args.reply_mode,
        comm_key=args.comm_key,
        clock_offset=args.clock_offset,
        serial_number=args.serial,
    )
    device = ZKEmulator(state, host=args.host, port=args.port, udp=not args.no_udp)
    with device:
        print(
            f"ZK emulator on {args.host}:{device.port} ({'TCP+UDP' if not args.no_udp else 'TCP'})"
            f", {len(state.users)} users, {len(state.attendance)} punches; Ctrl-C to stop",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
