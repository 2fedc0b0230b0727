#!/usr/bin/python3
"""test_acl - the shipped broker settings and ACL, enforced by a real mosquitto.

The broker comes from broker-config/ through antre_broker.Broker, so this is
the configuration a hall runs. Every "is not delivered" check is followed by
a control message that must be delivered on an allowed topic and is ordered
after the refused one (same connection, or published only after the broker
acknowledged the refused one); the refused message is looked for once the
control has arrived. A wrong ACL therefore fails a check instead of passing
by timing out.

Prints one line per check ("ok" / "FAIL"), then "N passed, M failed"; exits
non-zero if any check failed.
"""

import json
import shutil
import os
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import uuid

# Keep the source tree free of __pycache__ when ctest runs this.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import paho.mqtt.client as mqtt  # noqa: E402
from antre_broker import Broker, BrokerError, ConnectRefused  # noqa: E402

PREFIX = "antre/test"
CONNACK_NOT_AUTHORISED = 5	# MQTT 3.1.1
MAX_PACKET_SIZE = 65536		# must match broker-config/mosquitto.conf

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}" + (f": {detail}" if detail else ""))
    sys.stdout.flush()


def token(what):
    return f"{what}-{uuid.uuid4().hex}"


def board_json(marker):
    """A board as large as a full hall makes it: 32 desks, 10 calls, 26
    services, long Indonesian names."""
    desks = [{"desk": i, "name": f"Loket {i} Dinas Kependudukan dan "
              "Pencatatan Sipil", "status": "serving",
              "ticket": {"service": "A", "number": 1000 + i},
              "services": "ABC", "online": True}
             for i in range(1, 33)]
    calls = [{"ticket": {"service": "B", "number": 200 + i}, "desk": i + 1,
              "at": "2026-11-23T09:15:00+07:00"} for i in range(10)]
    services = [{"service": chr(ord("A") + i),
                 "name": "Perizinan Berusaha Berbasis Risiko", "waiting": 120}
                for i in range(26)]
    return json.dumps({"v": 1, "marker": marker, "day": "2026-11-23",
                       "desks": desks, "calls": calls,
                       "services": services})


def absent(client, topic_filter, payload):
    return all(m.payload != payload.encode()
               for m in client.received(topic_filter))


# --- checks -----------------------------------------------------------------


def check_connect(b):
    try:
        b.client(None)
        check("anonymous connection refused", False, "it was accepted")
    except ConnectRefused as e:
        check("anonymous connection refused (CONNACK not authorised)",
              e.rc == CONNACK_NOT_AUTHORISED, f"CONNACK {e.rc}")

    try:
        b.client("desk-1", password="not-the-password")
        check("wrong password refused", False, "it was accepted")
    except ConnectRefused as e:
        check("wrong password refused", e.rc in (4, 5), f"CONNACK {e.rc}")

    try:
        b.client("desk-7", password=b.password("desk-1"))
        check("user without credentials refused", False, "it was accepted")
    except ConnectRefused as e:
        check("user without credentials refused", e.rc in (4, 5),
              f"CONNACK {e.rc}")

    for user in ("central", "desk-1", "desk-2", "screen-1", "kiosk-1"):
        try:
            b.client(user).close()
            check(f"{user} connects with its generated password", True)
        except (ConnectRefused, BrokerError) as e:
            check(f"{user} connects with its generated password", False,
                  str(e))


def check_desk_cmd(b, central):
    desk1 = b.client("desk-1")
    foreign, own = token("cmd-foreign"), token("cmd-own")
    desk1.publish_wait(b.topic("desk/2/cmd"), foreign)
    desk1.publish_wait(b.topic("desk/1/cmd"), own)
    got = central.wait_message(b.topic("desk/1/cmd"), own)
    check("desk-1 command on its own desk/1/cmd reaches the central",
          got is not None, "not received within the timeout")
    check("desk-1 command on desk/2/cmd does not reach the central",
          got is not None and absent(central, b.topic("desk/+/cmd"), foreign),
          "delivered" if got else "no control message")
    desk1.close()


def check_desk_state(b, central):
    # Retained: states published before the desk subscribes.
    foreign, own = token("state2"), token("state1")
    central.publish_wait(b.topic("desk/2/state"), foreign, retain=True)
    central.publish_wait(b.topic("desk/1/state"), own, retain=True)
    desk1 = b.client("desk-1")
    # Separate SUBSCRIBEs, in order: the broker sends the retained message
    # of each subscription before it handles the next one.
    desk1.subscribe_wait(b.topic("desk/2/state"))
    desk1.subscribe_wait(b.topic("desk/+/state"))
    got = desk1.wait_message(b.topic("desk/1/state"), own)
    check("desk-1 receives its own retained desk/1/state",
          got is not None and got.retain, f"got {got}")
    check("desk-1 does not receive desk 2's retained state",
          got is not None and not desk1.received(b.topic("desk/2/state")),
          f"got {desk1.received(b.topic('desk/2/state'))}")

    # Live: published while the desk is subscribed.
    foreign, own = token("state2-live"), token("state1-live")
    central.publish_wait(b.topic("desk/2/state"), foreign, retain=True)
    central.publish_wait(b.topic("desk/1/state"), own, retain=True)
    got = desk1.wait_message(b.topic("desk/1/state"), own)
    check("desk-1 receives its own state live", got is not None)
    check("desk-1 does not receive desk 2's state live",
          got is not None and absent(desk1, "#", foreign))
    desk1.close()


def check_screen_publish(b, central):
    screen = b.client("screen-1")
    desk1 = b.client("desk-1")
    forged, own = token("cmd-from-screen"), token("cmd-control")
    # The acknowledgement means the broker has dealt with the message, so a
    # delivery would be queued to the central before the control below.
    screen.publish_wait(b.topic("desk/1/cmd"), forged)
    desk1.publish_wait(b.topic("desk/1/cmd"), own)
    got = central.wait_message(b.topic("desk/1/cmd"), own)
    check("screen-1 command on desk/1/cmd does not reach the central",
          got is not None and absent(central, "#", forged),
          "delivered" if got else "no control message")
    screen.close()
    desk1.close()


def check_board(b, central, screen):
    """Only the central writes the board; a full board fits the limit."""
    desk1 = b.client("desk-1")
    writer = b.client("screen-1")
    forged_desk, forged_screen = token("board-desk"), token("board-screen")
    desk1.publish_wait(b.topic("board"), forged_desk, retain=True)
    writer.publish_wait(b.topic("board"), forged_screen, retain=True)
    marker = token("board")
    board = board_json(marker)
    central.publish_wait(b.topic("board"), board, retain=True)
    got = screen.wait_message(b.topic("board"), board)
    check(f"a full board ({len(board)} bytes) reaches the screen",
          got is not None)
    check("desk-1 and screen-1 cannot publish the board",
          got is not None and absent(screen, "#", forged_desk)
          and absent(screen, "#", forged_screen))

    # A zone's board: the same rules on .../board/<zone>.
    forged_zone = token("zone-desk")
    desk1.publish_wait(b.topic("board/A"), forged_zone, retain=True)
    writer.publish_wait(b.topic("board/A"), forged_screen, retain=True)
    zone = board_json(token("zone"))
    central.publish_wait(b.topic("board/A"), zone, retain=True)
    got = screen.wait_message(b.topic("board/A"), zone)
    check("a zone's board (board/A) reaches the screen; desk-1 and "
          "screen-1 cannot publish it", got is not None and
          absent(screen, "#", forged_zone))

    late = b.client("screen-1")
    late.subscribe_wait(b.topic("board"))
    got = late.wait_message(b.topic("board"))
    check("screen-1 receives the retained board when it subscribes",
          got is not None and got.retain and got.payload == board.encode(),
          f"got {got}")
    for c in (desk1, writer, late):
        c.close()
    return board


def check_kiosk(b, central):
    kiosk = b.client("kiosk-1")
    kiosk.subscribe_wait(b.topic("kiosk/+/ticket"))
    foreign, own = token("take2"), token("take1")
    kiosk.publish_wait(b.topic("kiosk/2/take"), foreign)
    kiosk.publish_wait(b.topic("kiosk/1/take"), own)
    got = central.wait_message(b.topic("kiosk/1/take"), own)
    check("kiosk-1 can ask for a ticket on kiosk/1/take", got is not None)
    check("kiosk-1 cannot ask on kiosk/2/take",
          got is not None and absent(central, "#", foreign))

    foreign, own = token("ticket2"), token("ticket1")
    central.publish_wait(b.topic("kiosk/2/ticket"), foreign)
    central.publish_wait(b.topic("kiosk/1/ticket"), own)
    got = kiosk.wait_message(b.topic("kiosk/1/ticket"), own)
    check("kiosk-1 receives its own tickets", got is not None)
    check("kiosk-1 does not receive kiosk 2's tickets",
          got is not None and absent(kiosk, "#", foreign))

    foreign, own = token("status2"), token("status1")
    kiosk.publish_wait(b.topic("kiosk/2/status"), foreign)
    kiosk.publish_wait(b.topic("kiosk/1/status"), own)
    got = central.wait_message(b.topic("kiosk/1/status"), own)
    check("kiosk-1 can say its printer status on kiosk/1/status",
          got is not None)
    check("kiosk-1 cannot write kiosk/2/status",
          got is not None and absent(central, "#", foreign))
    kiosk.close()


def check_packet_size(b, screen):
    big_central = b.client("central")
    near = "n" * (MAX_PACKET_SIZE - 400)
    big_central.publish_wait(b.topic("call"), near)
    got = screen.wait_message(b.topic("call"), near)
    check(f"a {len(near)}-byte message (under max_packet_size) passes",
          got is not None)

    big = "x" * (MAX_PACKET_SIZE + 1000)
    big_central.publish(b.topic("call"), big, qos=1)
    rc = big_central.wait_disconnect()
    check(f"a {len(big)}-byte message drops the sender's connection",
          rc is not None and rc != 0, f"disconnect rc {rc}")
    big_central.close()

    central = b.client("central")
    control = token("call-control")
    central.publish_wait(b.topic("call"), control)
    got = screen.wait_message(b.topic("call"), control)
    check("the oversized message is not delivered; the broker carries on",
          got is not None and all(len(m.payload) != len(big)
                                  for m in screen.received("#")),
          "no control message" if got is None else "delivered")
    central.close()


def check_presence(b, screen):
    """A desk's last will announces only its own desk going offline."""
    def drop(c):
        # An ungraceful end (no DISCONNECT) is what makes the broker publish
        # the will: a power cut or a pulled cable.
        c.socket().shutdown(socket.SHUT_RDWR)
        c.wait_disconnect()
        c.close()

    forged, own = token("offline-forged"), token("offline-own")
    liar = b.client("desk-1", client_id="desk-1-liar",
                    will=(b.topic("desk/2/online"), forged, 1, True))
    honest = b.client("desk-1", client_id="desk-1-honest",
                      will=(b.topic("desk/1/online"), own, 1, True))
    drop(liar)
    # The broker publishes a will while it handles the disconnection, which
    # it logs; only then end the second connection, so its will comes after.
    deadline = time.monotonic() + 5
    logged = False
    while time.monotonic() < deadline and not logged:
        logged = "desk-1-liar closed its connection" in read_log(b)
        time.sleep(0.02)
    check("the broker logs the end of the first connection", logged,
          "log line not found; the will ordering below is not assured")
    drop(honest)
    got = screen.wait_message(b.topic("desk/1/online"), own)
    check("desk-1's last will on desk/1/online reaches the screens",
          got is not None)
    check("desk-1's last will on desk/2/online is not delivered",
          got is not None and absent(screen, "#", forged))


def read_log(b):
    with open(b.log_path, errors="replace") as f:
        return f.read()


# What each user may read (from the ACL templates); spies subscribed to
# everything must never see anything else.
READABLE = {
    "desk-1": ["desk/1/state", "central/online"],
    "screen-1": ["board", "board/+", "call", "central/online",
                 "central/head", "desk/+/online", "kiosk/+/status"],
    "kiosk-1": ["kiosk/1/ticket", "central/online"],
}


def check_spies(b, spies):
    for user, spy in spies.items():
        allowed = [b.topic(t) for t in READABLE[user]]
        leaked = sorted({m.topic for m in spy.received("#")
                         if not any(mqtt.topic_matches_sub(a, m.topic)
                                    for a in allowed)})
        check(f"{user} subscribed to {PREFIX}/# saw only its own topics",
              not leaked, f"also saw {leaked}")
        check(f"{user} subscribed to {PREFIX}/# received its allowed "
              "messages (control)", bool(spy.received("#")),
              "saw nothing at all")


def check_credential_reload(b):
    """The technician's path: add or remove a user, reload, and it works."""
    tool = os.path.join(b.src, "broker-config", "antre-credential")
    old_desk2 = b.password("desk-2")
    r = subprocess.run(["/bin/sh", tool, "-q", "-d", b.dir, "add", "desk",
                        "3"], capture_output=True, text=True)
    check("antre-credential add desk 3", r.returncode == 0, r.stderr)
    r = subprocess.run(["/bin/sh", tool, "-q", "-d", b.dir, "remove",
                        "desk", "2"], capture_output=True, text=True)
    check("antre-credential remove desk 2", r.returncode == 0, r.stderr)
    b.reload()

    def connects(user, password):
        try:
            b.client(user, password=password).close()
            return True
        except ConnectRefused:
            return False

    deadline = time.monotonic() + 5
    ok = False
    while time.monotonic() < deadline and not ok:
        ok = connects("desk-3", b.password("desk-3"))
        time.sleep(0.05)
    check("desk-3 connects after a reload", ok)
    if ok:
        desk3 = b.client("desk-3")
        central = b.client("central")
        central.subscribe_wait(b.topic("desk/+/cmd"))
        own = token("cmd3")
        desk3.publish_wait(b.topic("desk/3/cmd"), own)
        check("desk-3 commands reach the central after a reload",
              central.wait_message(b.topic("desk/3/cmd"), own) is not None)
        desk3.close()
        central.close()
    check("desk-2 is refused after its removal and a reload",
          not connects("desk-2", old_desk2))
    check("removed desk-2 lost its saved password", not os.path.exists(
        os.path.join(b.dir, "credentials", "desk-2.pass")))


def check_restart(b, board):
    b.restart()
    screen = b.client("screen-1")
    screen.subscribe_wait(b.topic("board"))
    got = screen.wait_message(b.topic("board"))
    check("the retained board survives a broker restart",
          got is not None and got.payload == board.encode(), f"got {got}")
    screen.close()


def run(b):
    check_connect(b)

    # Clients kept for the whole run: the central's view of commands and
    # ticket requests, a screen, and spies that subscribe to everything.
    central = b.client("central")
    central.subscribe_wait(b.topic("desk/+/cmd"))
    central.subscribe_wait(b.topic("kiosk/+/take"))
    central.subscribe_wait(b.topic("kiosk/+/status"))
    screen = b.client("screen-1")
    for t in ("board", "board/+", "call", "desk/+/online"):
        screen.subscribe_wait(b.topic(t))
    spies = {}
    for user in READABLE:
        spies[user] = b.client(user)
        spies[user].subscribe_wait(b.topic("#"))

    board = None
    for group, args in ((check_desk_cmd, (central,)),
                        (check_desk_state, (central,)),
                        (check_screen_publish, (central,)),
                        (check_board, (central, screen)),
                        (check_kiosk, (central,)),
                        (check_presence, (screen,)),
                        (check_packet_size, (screen,))):
        try:
            result = group(b, *args)
            board = result if group is check_board else board
        except Exception:
            check(f"{group.__name__} completed", False,
                  traceback.format_exc())

    # Every spy has been sent something it may read: its own state,
    # tickets, board, calls and wills went out above.
    central.publish_wait(b.topic("central/online"), "1", retain=True)
    for spy in spies.values():
        spy.wait_message(b.topic("central/online"), "1")
    check_spies(b, spies)

    for c in [central, screen, *spies.values()]:
        c.close()
    check_credential_reload(b)
    if board is not None:
        check_restart(b, board)


def main():
    tmp = tempfile.mkdtemp(prefix="antre-test-acl-")
    broker = Broker(tmp, PREFIX, desks=[1, 2], kiosks=[1], screens=[1])
    try:
        with broker:
            run(broker)
    except Exception:
        check("test run completed", False, traceback.format_exc())
    if failed:
        print(f"broker files kept in {broker.dir}; log: {broker.log_path}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
