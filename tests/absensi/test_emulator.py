"""The ZKTeco emulator, proven with the real pyzk 0.9 client over loopback.

Every fault test asserts the exception type pyzk *actually* raises, so the sync can be
written against these facts. Set ``ZK_BENCH=1`` to also run the 100,000-record benchmark.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from zk import ZK
from zk.base import make_commkey as pyzk_make_commkey
from zk.exception import ZKErrorResponse, ZKNetworkError

from devtools.zk_emulator import (
    AttendanceRecord,
    Command,
    DeviceState,
    DeviceUser,
    Faults,
    ZKEmulator,
    build_attendance_dataset,
    build_user_dataset,
    checksum,
    decode_time,
    demo_state,
    encode_time,
    frame_tcp,
    generate_punches,
    generate_users,
    make_commkey,
    make_packet,
)
from tests.absensi import zk_fixtures
from tests.absensi.zk_fixtures import SAMPLE_USERS, close_client, sample_punches, zk_device

# The shared fixtures, used here under their own names.
zk_device_factory = zk_fixtures.zk_device_factory
zk_client_factory = zk_fixtures.zk_client_factory

DeviceFactory = Callable[..., ZKEmulator]
ClientFactory = Callable[..., ZK]

REPO_ROOT = Path(__file__).resolve().parents[2]

#: What the device sees for connect → get_time → disable → get_users → get_attendance →
#: enable → disconnect, with buffered replies.
SYNC_SEQUENCE_BUFFERED = [
    Command.CONNECT,
    Command.GET_TIME,
    Command.DISABLEDEVICE,
    # get_users
    Command.GET_FREE_SIZES,
    Command.PREPARE_BUFFER,
    Command.READ_BUFFER,
    Command.FREE_DATA,
    # get_attendance: sizes, its own get_users, then the log
    Command.GET_FREE_SIZES,
    Command.GET_FREE_SIZES,
    Command.PREPARE_BUFFER,
    Command.READ_BUFFER,
    Command.FREE_DATA,
    Command.PREPARE_BUFFER,
    Command.READ_BUFFER,
    Command.FREE_DATA,
    Command.ENABLEDEVICE,
    Command.EXIT,
]


def full_sync(conn: ZK) -> tuple[datetime, list, list]:
    """The sync call order recommended in docs/zk-protocol.md, without error handling."""
    conn.connect()
    device_time = conn.get_time()
    conn.disable_device()
    users = conn.get_users()
    records = conn.get_attendance()
    conn.enable_device()
    conn.disconnect()
    return device_time, users, records


def sample_device(factory: DeviceFactory, **kwargs) -> ZKEmulator:
    kwargs.setdefault("users", SAMPLE_USERS)
    kwargs.setdefault("attendance", sample_punches())
    return factory(**kwargs)


# --------------------------------------------------------------------------------------------
# Pure helpers, checked against pyzk's own implementation
# --------------------------------------------------------------------------------------------


def test_checksum_matches_pyzk() -> None:
    pyzk_checksum = ZK("127.0.0.1", ommit_ping=True)._ZK__create_checksum
    samples = [b"", b"\x00", b"\xff\xff", b"\xff" * 9, bytes(range(256)) * 3, os.urandom(1001)]
    for data in samples:
        assert checksum(data) == struct.unpack("<H", pyzk_checksum(data))[0]


def test_commkey_matches_pyzk() -> None:
    for key, session in [(0, 1), (1234, 0x4A1F), (999999, 0xFFFE), (65535, 0xFFFF)]:
        assert make_commkey(key, session) == pyzk_make_commkey(key, session)
    # pyzk quirk: bit-reversed key + session id overflowing 32 bits crashes its packing
    # (e.g. key 131071 with a session id above 0x7FFF); the SDK's C code simply wraps.
    with pytest.raises(struct.error):
        pyzk_make_commkey(131071, 0x9000)
    assert len(make_commkey(131071, 0x9000)) == 4


def test_time_round_trip_and_impossible_date() -> None:
    t = datetime(2026, 12, 31, 23, 59, 58)
    assert decode_time(encode_time(t)) == t
    feb31 = ((26 * 12 + 1) * 31 + 30) * 86400
    with pytest.raises(ValueError):
        decode_time(feb31)
    assert decode_time(0) == datetime(2000, 1, 1)


def test_dataset_layout_sizes() -> None:
    users = list(SAMPLE_USERS)
    punches = sample_punches()
    assert len(build_user_dataset(users, 72)) == 4 + 72 * 3
    assert len(build_user_dataset(users, 28)) == 4 + 28 * 3
    for size in (40, 16, 8):
        data = build_attendance_dataset(punches, size, users)
        assert struct.unpack_from("<I", data)[0] == size * len(punches)
    # 40-byte layout: user_id at 2, status at 26, the unaligned time at 27, punch at 31.
    rec = build_attendance_dataset(punches[:1], 40)[4:]
    assert rec[2:6] == b"1042" and rec[26] == 1 and rec[31] == 0
    assert decode_time(struct.unpack_from("<I", rec, 27)[0]) == punches[0].timestamp


def test_state_rejects_what_the_layout_cannot_hold() -> None:
    with pytest.raises(ValueError, match="28-byte"):
        DeviceState(users=[DeviceUser(uid=1, user_id="A-17")], user_size=28)
    with pytest.raises(ValueError, match="16-byte"):
        DeviceState(attendance=[AttendanceRecord("A-17", datetime(2026, 1, 1))], att_size=16)
    with pytest.raises(ValueError):
        DeviceState(att_size=32)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Raw protocol: framing, sizes, session and reply ids, checksums
# --------------------------------------------------------------------------------------------


def _raw_command(sock: socket.socket, code: int, session: int, reply_id: int, payload=b""):
    sock.sendall(frame_tcp(make_packet(code, session, reply_id, payload)))
    top = sock.recv(8)
    magic1, magic2, length = struct.unpack("<HHI", top)
    assert (magic1, magic2) == (0x5050, 0x7D82)
    body = b""
    while len(body) < length:
        body += sock.recv(length - len(body))
    rcode, chk, rsession, rreply = struct.unpack_from("<4H", body)
    assert chk == checksum(struct.pack("<4H", rcode, 0, rsession, rreply) + body[8:])
    return rcode, rsession, rreply, body[8:], len(top) + len(body)


def test_raw_tcp_replies_are_exact_and_echo_ids(zk_device_factory: DeviceFactory) -> None:
    device = sample_device(zk_device_factory, comm_key=4321)
    with socket.create_connection(("127.0.0.1", device.port), timeout=2) as sock:
        code, session, reply_id, payload, size = _raw_command(sock, Command.CONNECT, 0, 0)
        assert (code, reply_id, payload, size) == (Command.ACK_UNAUTH, 0, b"", 16)
        assert session != 0
        # Not authenticated yet: everything but AUTH/EXIT is refused.
        code, *_ = _raw_command(sock, Command.GET_TIME, session, 1)
        assert code == Command.ACK_UNAUTH
        key = make_commkey(4321, session)
        code, s2, reply_id, payload, size = _raw_command(sock, Command.AUTH, session, 2, key)
        assert (code, s2, reply_id, payload, size) == (Command.ACK_OK, session, 2, b"", 16)
        code, _, reply_id, payload, size = _raw_command(sock, Command.GET_TIME, session, 3)
        assert (code, reply_id, len(payload), size) == (Command.ACK_OK, 3, 4, 20)
        code, _, _, payload, _ = _raw_command(sock, Command.GET_FREE_SIZES, session, 4)
        fields = struct.unpack_from("<20i", payload)
        assert (fields[4], fields[8], fields[15], fields[16]) == (3, 6, 3000, 100_000)
        assert _raw_command(sock, Command.EXIT, session, 5)[0] == Command.ACK_OK
    assert device.protocol_errors == []


def test_raw_udp_has_no_prefix(zk_device_factory: DeviceFactory) -> None:
    device = sample_device(zk_device_factory)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(2)
        sock.sendto(make_packet(Command.CONNECT, 0, 7), ("127.0.0.1", device.port))
        reply = sock.recv(1024)
    code, _chk, session, reply_id = struct.unpack("<4H", reply)
    assert (len(reply), code, reply_id) == (8, Command.ACK_OK, 7) and session != 0


# --------------------------------------------------------------------------------------------
# Happy paths with pyzk
# --------------------------------------------------------------------------------------------


def test_full_sync_is_recorded_and_device_left_enabled(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory)
    device_time, users, records = full_sync(zk_client_factory(device))

    assert abs((device_time - datetime.now()).total_seconds()) < 3
    assert [(u.uid, u.user_id, u.name, u.privilege) for u in users] == [
        (1, "1042", "Agus Santoso", 14),
        (2, "2077", "Budi Hidayat", 0),
        (3, "3105", "Wayan Sudarma", 0),
    ]
    expected = sample_punches()
    assert [(r.user_id, r.timestamp, r.status, r.punch) for r in records] == [
        (p.user_id, p.timestamp, p.status, p.punch) for p in expected
    ]
    # In the 40-byte layout pyzk's ``uid`` is the firmware's record counter, not the user.
    assert [r.uid for r in records] == [1, 2, 3, 4, 5, 6]

    assert device.commands == SYNC_SEQUENCE_BUFFERED
    assert device.disabled is False
    assert device.protocol_errors == []
    assert all(r.checksum_ok for r in device.received)
    assert device.tcp_connections == 2  # pyzk's probe connection + the session


def test_disable_is_visible_until_enable(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory)
    conn = zk_client_factory(device).connect()
    conn.disable_device()
    assert device.disabled is True
    conn.disconnect()
    assert device.disabled is True  # EXIT does not re-enable: the sync must do it
    conn = zk_client_factory(device).connect()
    conn.enable_device()
    conn.disconnect()
    assert device.disabled is False


def test_clock_offset_is_visible(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory, clock_offset=-7 * 60)  # 7 minutes slow
    conn = zk_client_factory(device).connect()
    offset = (conn.get_time() - datetime.now()).total_seconds()
    conn.disconnect()
    assert -7 * 60 - 3 < offset < -7 * 60 + 3


def test_clock_follows_time_machine(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory, clock_offset=-7 * 60)
    conn = zk_client_factory(device)
    wib = ZoneInfo("Asia/Jakarta")
    with time_machine.travel(datetime(2026, 3, 2, 10, 0, tzinfo=wib), tick=False):
        conn.connect()
        assert conn.get_time() == datetime(2026, 3, 2, 9, 53)
        conn.disconnect()


def test_fixed_clock_and_set_time(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory, fixed_time=datetime(2026, 2, 28, 23, 59, 59))
    conn = zk_client_factory(device).connect()
    assert conn.get_time() == datetime(2026, 2, 28, 23, 59, 59)
    conn.set_time(datetime(2026, 3, 1, 7, 30))
    assert conn.get_time() == datetime(2026, 3, 1, 7, 30)
    conn.disconnect()
    assert device.state.fixed_time == datetime(2026, 3, 1, 7, 30)


def test_device_information(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(
        zk_device_factory, serial_number="BJ2C184960123", firmware_version="Ver 6.60 Sep 27 2019"
    )
    conn = zk_client_factory(device).connect()
    assert conn.get_serialnumber() == "BJ2C184960123"
    assert conn.get_firmware_version() == "Ver 6.60 Sep 27 2019"
    assert conn.get_platform() == "ZMM220_TFT"
    assert conn.get_device_name() == "K40 (emulated)"
    assert conn.get_mac() == "00:17:61:00:00:01"
    assert conn.get_pin_width() == 14
    conn.disconnect()


@pytest.mark.parametrize("transport", ["tcp", "udp"])
@pytest.mark.parametrize("reply_mode", ["buffered", "direct"])
@pytest.mark.parametrize(("user_size", "att_size"), [(72, 40), (28, 16), (72, 8), (28, 8)])
def test_download_every_layout(
    zk_device_factory: DeviceFactory,
    zk_client_factory: ClientFactory,
    transport: str,
    reply_mode: str,
    user_size: int,
    att_size: int,
) -> None:
    device = sample_device(
        zk_device_factory, user_size=user_size, att_size=att_size, reply_mode=reply_mode
    )
    conn = zk_client_factory(device, force_udp=transport == "udp")
    _, users, records = full_sync(conn)

    name_len = 24 if user_size == 72 else 8  # the 28-byte layout keeps 8 bytes of name
    assert [(u.uid, u.user_id, u.name) for u in users] == [
        (u.uid, u.user_id, u.name[:name_len].strip()) for u in SAMPLE_USERS
    ]
    expected = sample_punches()
    assert [(r.user_id, r.timestamp, r.punch) for r in records] == [
        (p.user_id, p.timestamp, p.punch) for p in expected
    ]
    if att_size == 8:
        # The 8-byte layout stores the uid slot; pyzk maps it back to user_id via get_users.
        slot = {u.user_id: u.uid for u in SAMPLE_USERS}
        assert [r.uid for r in records] == [slot[p.user_id] for p in expected]
    # Small datasets fit one DATA packet even over UDP, so direct mode never buffers here.
    assert (Command.READ_BUFFER in device.commands) == (reply_mode == "buffered")
    assert device.protocol_errors == []
    assert device.disabled is False


def test_udp_direct_falls_back_to_buffered_when_too_big(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = zk_device_factory(users=generate_users(40), reply_mode="direct")  # 2,884 bytes
    conn = zk_client_factory(device, force_udp=True).connect()
    assert len(conn.get_users()) == 40
    conn.disconnect()
    assert Command.READ_BUFFER in device.commands


def test_udp_oversize_direct_datagram_is_silently_truncated_by_pyzk(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = zk_device_factory(
        users=generate_users(40), reply_mode="direct", faults=Faults(oversize_udp_data=True)
    )
    conn = zk_client_factory(device, force_udp=True).connect()
    users = conn.get_users()  # pyzk reads 1024 bytes of the 2,892-byte datagram: no error
    conn.disconnect()
    assert len(users) == (1024 - 8 - 4) // 72 == 14
    assert conn.users == 40  # the count from read_sizes exposes the loss


@pytest.mark.parametrize("device_key", [0, 4321])
@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_right_comm_key_connects(
    zk_device_factory: DeviceFactory,
    zk_client_factory: ClientFactory,
    device_key: int,
    transport: str,
) -> None:
    device = sample_device(zk_device_factory, comm_key=device_key)
    conn = zk_client_factory(device, password=device_key, force_udp=transport == "udp")
    _, users, records = full_sync(conn)
    assert (len(users), len(records)) == (3, 6)
    assert device.auth_failures == 0
    assert (Command.AUTH in device.commands) == bool(device_key)


@pytest.mark.parametrize("password", [0, 1234])
@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_wrong_comm_key_is_refused(
    zk_device_factory: DeviceFactory,
    zk_client_factory: ClientFactory,
    password: int,
    transport: str,
) -> None:
    device = sample_device(zk_device_factory, comm_key=4321)
    conn = zk_client_factory(device, password=password, force_udp=transport == "udp")
    with pytest.raises(ZKErrorResponse, match="^Unauthenticated$"):
        conn.connect()
    assert device.commands == [Command.CONNECT, Command.AUTH]
    assert device.auth_failures == 1


def test_client_password_is_ignored_by_a_device_without_key(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory, comm_key=0)
    zk_client_factory(device, password=1234).connect().disconnect()
    assert device.commands == [Command.CONNECT, Command.EXIT]


def test_clear_attendance_empties_the_log(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory)
    conn = zk_client_factory(device).connect()
    assert len(conn.get_attendance()) == 6
    assert conn.clear_attendance() is True
    conn.read_sizes()
    assert conn.records == 0
    assert conn.get_attendance() == []
    conn.disconnect()
    assert device.state.attendance == []
    assert len(device.state.users) == 3  # users are kept


def test_punches_added_while_running_are_downloaded(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory)
    conn = zk_client_factory(device).connect()
    assert len(conn.get_attendance()) == 6
    device.add_punches([AttendanceRecord("2077", datetime(2026, 3, 3, 8, 5), punch=0)])
    records = conn.get_attendance()
    conn.disconnect()
    assert len(records) == 7
    assert (records[-1].user_id, records[-1].timestamp) == ("2077", datetime(2026, 3, 3, 8, 5))


def test_capacity_is_reported(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    users = generate_users(5)
    punches = generate_punches(
        850, [u.user_id for u in users], start=datetime(2026, 1, 5, 8), interval_seconds=600
    )
    device = zk_device_factory(
        users=users, attendance=punches, record_capacity=1000, user_capacity=500
    )
    conn = zk_client_factory(device).connect()
    conn.read_sizes()
    conn.disconnect()
    assert (conn.records, conn.rec_cap, conn.users, conn.users_cap) == (850, 1000, 5, 500)
    assert conn.rec_av == 150


def test_concurrent_clients_get_consistent_data(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    users = generate_users(50)
    punches = generate_punches(
        3000, [u.user_id for u in users], start=datetime(2026, 1, 5, 8), interval_seconds=61
    )
    device = zk_device_factory(users=users, attendance=punches)
    results: dict[str, int] = {}
    errors: list[BaseException] = []

    def sync(name: str, force_udp: bool) -> None:
        try:
            conn = zk_client_factory(device, force_udp=force_udp)
            results[name] = len(full_sync(conn)[2])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=sync, args=(f"{kind}{i}", kind == "udp"))
        for kind in ("tcp", "udp")
        for i in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert errors == []
    assert results == {"tcp0": 3000, "tcp1": 3000, "udp0": 3000, "udp1": 3000}
    assert device.protocol_errors == []


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_thirty_thousand_records(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory, transport: str
) -> None:
    users = generate_users(200)
    punches = generate_punches(
        30_000, [u.user_id for u in users], start=datetime(2025, 6, 2, 7), interval_seconds=97
    )
    device = zk_device_factory(users=users, attendance=punches)
    started = time.perf_counter()
    _, got_users, records = full_sync(zk_client_factory(device, force_udp=transport == "udp"))
    elapsed = time.perf_counter() - started
    assert (len(got_users), len(records)) == (200, 30_000)
    assert (records[0].user_id, records[0].timestamp) == ("10001", datetime(2025, 6, 2, 7))
    assert (records[-1].user_id, records[-1].timestamp) == (
        punches[-1].user_id,
        punches[-1].timestamp,
    )
    # The 1.2 MB log takes 19 READ_BUFFER chunks of 0xFFC0 bytes over TCP, 74 of 16 KiB over
    # UDP; the 14 KB user table is read twice (get_users, then inside get_attendance).
    chunks = device.commands.count(Command.READ_BUFFER)
    assert chunks == {"tcp": 2 + 19, "udp": 2 + 74}[transport]
    assert elapsed < 30


@pytest.mark.skipif(not os.environ.get("ZK_BENCH"), reason="benchmark: set ZK_BENCH=1")
def test_benchmark_hundred_thousand_records(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    users = generate_users(300)
    t0 = time.perf_counter()
    punches = generate_punches(100_000, [u.user_id for u in users], start=datetime(2024, 1, 1))
    device = zk_device_factory(users=users, attendance=punches)
    with device.mutate():
        device._dataset("attendance")  # warm the cache: measure encoding separately
    t1 = time.perf_counter()
    conn = zk_client_factory(device, timeout=10).connect()
    records = conn.get_attendance()
    conn.disconnect()
    t2 = time.perf_counter()
    print(f"\n100k punches: generate+encode {t1 - t0:.2f}s, pyzk download+parse {t2 - t1:.2f}s")
    assert len(records) == 100_000
    assert t1 - t0 < 3


# --------------------------------------------------------------------------------------------
# Faults: what pyzk raises
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_silent_device_times_out(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory, transport: str
) -> None:
    device = sample_device(zk_device_factory, faults=Faults(silent=True))
    conn = zk_client_factory(device, force_udp=transport == "udp")
    started = time.perf_counter()
    with pytest.raises(ZKNetworkError, match="timed out"):
        conn.connect()
    assert 1.5 < time.perf_counter() - started < 5


def test_connection_dropped_mid_sync_tcp(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    # Command 13 is the PREPARE_BUFFER of the attendance log (see SYNC_SEQUENCE_BUFFERED).
    device = sample_device(zk_device_factory, faults=Faults(close_after_command=13))
    conn = zk_client_factory(device).connect()
    conn.get_time()
    conn.disable_device()
    conn.get_users()
    with pytest.raises(ZKNetworkError, match="TCP packet invalid"):
        conn.get_attendance()
    # The cleanup a sync does in ``finally`` fails too, and the terminal stays disabled.
    with pytest.raises(ZKNetworkError):
        conn.enable_device()
    assert device.disabled is True
    assert device.commands[12] == Command.PREPARE_BUFFER


def test_connection_dropped_udp_times_out(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory, faults=Faults(close_after_command=2))
    conn = zk_client_factory(device, force_udp=True).connect()
    with pytest.raises(ZKNetworkError, match="timed out"):
        conn.get_time()


@pytest.mark.parametrize(
    ("command", "call", "message"),
    [
        (Command.CONNECT, None, "Invalid response: Can't connect"),
        (Command.GET_TIME, "get_time", "can't get time"),
        (Command.DISABLEDEVICE, "disable_device", "Can't disable device"),
        (Command.GET_FREE_SIZES, "get_users", "can't read sizes"),
        (Command.PREPARE_BUFFER, "get_users", "RWB Not supported"),
        (Command.READ_BUFFER, "get_attendance", r"can't read chunk 0:\[220\]"),
        (Command.CLEAR_ATTLOG, "clear_attendance", "Can't clear response"),
        (Command.ENABLEDEVICE, "enable_device", "Can't enable device"),
        (Command.EXIT, "disconnect", "can't disconnect"),
        (Command.OPTIONS_RRQ, "get_serialnumber", "Can't read serial number"),
    ],
)
def test_ack_error_raises_zkerrorresponse(
    zk_device_factory: DeviceFactory,
    zk_client_factory: ClientFactory,
    command: int,
    call: str | None,
    message: str,
) -> None:
    device = sample_device(zk_device_factory, faults=Faults(ack_error_on=command))
    conn = zk_client_factory(device)
    with pytest.raises(ZKErrorResponse, match=message):
        conn.connect()
        if call is not None:
            getattr(conn, call)()
    if command == Command.READ_BUFFER:
        assert device.commands.count(Command.READ_BUFFER) == 3  # pyzk retries a chunk 3 times


def test_short_time_reply_raises_struct_error(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory, faults=Faults(short_reply_on=Command.GET_TIME))
    conn = zk_client_factory(device).connect()
    with pytest.raises(struct.error):
        conn.get_time()


def test_short_connect_reply_raises_network_error(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory, faults=Faults(short_reply_on=Command.CONNECT))
    with pytest.raises(ZKNetworkError, match="unpack requires a buffer of 8 bytes"):
        zk_client_factory(device).connect()


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_short_sizes_reply_silently_reads_as_empty_device(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory, transport: str
) -> None:
    device = sample_device(zk_device_factory, faults=Faults(short_reply_on=Command.GET_FREE_SIZES))
    conn = zk_client_factory(device, force_udp=transport == "udp").connect()
    assert conn.get_users() == []
    assert conn.get_attendance() == []
    conn.disconnect()
    # Only tell-tale: capacities stay 0 after read_sizes (a real device never reports 0).
    assert (conn.users_cap, conn.rec_cap) == (0, 0)


def test_short_direct_data_silently_truncates_tcp(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = zk_device_factory(
        users=generate_users(40),
        reply_mode="direct",
        faults=Faults(short_reply_on=Command.PREPARE_BUFFER),
    )
    conn = zk_client_factory(device).connect()
    users = conn.get_users()
    conn.disconnect()
    assert len(users) == 19 and conn.users == 40  # compare with read_sizes to notice


def test_short_prepare_data_times_out_tcp(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory, faults=Faults(short_reply_on=Command.READ_BUFFER))
    conn = zk_client_factory(device).connect()
    with pytest.raises(TimeoutError):  # raw socket.timeout, not a ZKError
        conn.get_users()


@pytest.mark.parametrize("reply_mode", ["buffered", "direct"])
def test_reset_during_data_tcp_raises_connection_reset(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory, reply_mode: str
) -> None:
    device = sample_device(
        zk_device_factory, reply_mode=reply_mode, faults=Faults(reset_during_data=True)
    )
    conn = zk_client_factory(device).connect()
    with pytest.raises(ConnectionResetError):  # raw, not wrapped in ZKNetworkError
        conn.get_users()


@pytest.mark.parametrize("fault", ["reset_during_data", "close_during_data"])
def test_aborted_transfer_udp_times_out(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory, fault: str
) -> None:
    users = generate_users(40)  # 2,884 bytes: three DATA datagrams
    device = zk_device_factory(users=users, faults=Faults(**{fault: True}))
    conn = zk_client_factory(device, force_udp=True).connect()
    with pytest.raises(TimeoutError):  # raw socket.timeout from the chunk loop
        conn.get_users()


def test_close_during_data_tcp_hangs_pyzk_forever(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    """pyzk spins on ``recv() == b""`` after a FIN mid-transfer; its timeout never fires."""
    device = sample_device(zk_device_factory, faults=Faults(close_during_data=True))
    conn = zk_client_factory(device).connect()
    outcome: list[BaseException] = []

    def download() -> None:
        try:
            conn.get_users()
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=download, daemon=True)
    worker.start()
    worker.join(2.5)  # longer than timeout=2
    assert worker.is_alive(), "pyzk was expected to hang"
    close_client(conn)  # the only way out: a watchdog closes the socket
    worker.join(2)
    assert not worker.is_alive()
    assert len(outcome) == 1 and type(outcome[0]) is OSError  # EBADF


@pytest.mark.parametrize("reply_mode", ["buffered", "direct"])
def test_split_tcp_data(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory, reply_mode: str
) -> None:
    device = zk_device_factory(
        users=generate_users(40), reply_mode=reply_mode, faults=Faults(split_tcp_data=True)
    )
    conn = zk_client_factory(device).connect()
    if reply_mode == "buffered":
        with pytest.raises(TimeoutError):  # raw socket.timeout after 2 s
            conn.get_users()
    else:
        # Direct: pyzk takes the first DATA packet (plus whatever was already received) for
        # the whole dataset; the leftovers desynchronise the stream. Never a correct result.
        try:
            users = conn.get_users()
            conn.get_attendance()
        except (ZKNetworkError, ZKErrorResponse, struct.error, ValueError, TimeoutError):
            pass
        else:
            pytest.fail(f"split direct data went unnoticed ({len(users)} users)")


def test_split_into_two_packets_is_tolerated_tcp(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory, faults=Faults(split_tcp_data=True, split_size=122))
    conn = zk_client_factory(device).connect()
    assert len(conn.get_users()) == 3  # 220 bytes → DATA of 122 + 98: pyzk copes
    conn.disconnect()


@pytest.mark.parametrize("transport", ["tcp", "udp"])
def test_impossible_date_fails_the_whole_download(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory, transport: str
) -> None:
    device = sample_device(zk_device_factory, faults=Faults(impossible_date_record=True))
    conn = zk_client_factory(device, force_udp=transport == "udp").connect()
    conn.disable_device()
    with pytest.raises(ValueError, match="day is out of range for month"):
        conn.get_attendance()
    # The session is intact: cleanup works, and the raw log can still be read and parsed.
    conn.read_sizes()
    raw, size = conn.read_with_buffer(Command.ATTLOG_RRQ)
    assert size == 4 + 40 * 6 == len(raw)
    days = struct.unpack_from("<I", raw, 4 + 40 * 3 + 27)[0] // 86400  # the middle record
    assert (days // 31 % 12 + 1, days % 31 + 1) == (2, 31)  # month 2, day 31
    conn.enable_device()
    conn.disconnect()
    assert device.disabled is False


def test_garbage_time_is_returned_without_error(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    punches = sample_punches()
    punches[2].raw_time = 0  # firmware that lost its clock: decodes to 2000-01-01 00:00:00
    device = sample_device(zk_device_factory, attendance=punches)
    conn = zk_client_factory(device).connect()
    records = conn.get_attendance()
    conn.disconnect()
    assert records[2].timestamp == datetime(2000, 1, 1)  # quarantine it in the sync


def test_record_count_mismatch_goes_unnoticed(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory, faults=Faults(count_mismatch=1))
    conn = zk_client_factory(device).connect()
    records = conn.get_attendance()
    conn.disconnect()
    assert (len(records), conn.records) == (6, 7)  # only a count check reveals it


def test_record_count_zero_hides_the_log(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory, faults=Faults(count_mismatch=-6))
    conn = zk_client_factory(device).connect()
    assert conn.get_attendance() == []  # pyzk stops after GET_FREE_SIZES
    conn.disconnect()
    assert Command.PREPARE_BUFFER not in device.commands


def test_user_count_mismatch_garbles_the_28_byte_layout(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(
        zk_device_factory, user_size=28, att_size=16, faults=Faults(user_count_mismatch=1)
    )
    conn = zk_client_factory(device).connect()
    users = conn.get_users()  # 84 bytes / 4 users = 21 → parsed as the 72-byte layout
    conn.disconnect()
    assert [u.user_id for u in users] != ["1042", "2077", "3105"]


def test_faults_can_be_switched_while_running(
    zk_device_factory: DeviceFactory, zk_client_factory: ClientFactory
) -> None:
    device = sample_device(zk_device_factory)
    device.faults.ack_error_on = Command.GET_TIME  # a bare code is accepted
    conn = zk_client_factory(device).connect()
    with pytest.raises(ZKErrorResponse):
        conn.get_time()
    device.faults.ack_error_on = ()
    assert conn.get_time().year >= 2026
    conn.disconnect()


# --------------------------------------------------------------------------------------------
# Fixture helpers and the command line
# --------------------------------------------------------------------------------------------


def test_zk_device_context_manager_releases_the_port() -> None:
    with zk_device(users=SAMPLE_USERS) as device:
        port = device.port
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass


def test_demo_state_is_plausible() -> None:
    state = demo_state(users=40, punches=500, days=30, seed=3)
    assert len(state.users) == 40 and len(state.attendance) == 500
    assert all(u.uid != int(u.user_id) for u in state.users)
    times = [r.timestamp for r in state.attendance]
    assert times == sorted(times) and times[-1] < state.now()
    assert all(t.weekday() < 5 and 8 <= t.hour < 15 for t in times)


def test_command_line_demo_device() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "devtools.zk_emulator",
            "--port",
            "0",
            "--users",
            "7",
            "--punches",
            "30",
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        match = re.search(r"127\.0\.0\.1:(\d+)", line)
        assert match, line
        conn = ZK("127.0.0.1", port=int(match.group(1)), timeout=2, ommit_ping=True).connect()
        assert (len(conn.get_users()), len(conn.get_attendance())) == (7, 30)
        conn.disconnect()
    finally:
        proc.send_signal(signal.SIGINT)  # the CLI stops cleanly
        # Generous: it joins its server threads, which on a loaded two-core CI machine can
        # take several seconds (5 s was seen to run out while other tests ran beside it).
        assert proc.wait(timeout=30) == 0
