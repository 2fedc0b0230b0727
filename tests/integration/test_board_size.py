"""The largest board through the shipped broker, and kiosk numbers.

The broker drops a client that sends a packet over its max_packet_size
(broker-config/mosquitto.conf). The board is the largest message; this
runs the real central with a hall as large as its configuration allows:
128 desks, 26 services, every name 63 bytes of accented letters (two
bytes each in UTF-8), the longest prefix, 10 calls kept, and calls all
10 at the desk with the longest name, plus a zone of every desk with the
longest title. Then:

- the board arrives retained with its 10 calls, within the shipped limit,
  its names written as UTF-8; so does the zone's, on .../board/<zone>;
- the central was never dropped (one "online" presence, no lost
  connection in its log);
- "antre-display -n" accepts that configuration, and refuses it with a
  clear message when [mqtt] max_packet_size is set below its board;
- kiosks 1 and 999 (the ends of the range antre-credential provisions)
  both get tickets from the central; antre-credential refuses kiosk 1000.
"""

import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker, source_dir              # noqa: E402
from antre_procs import (NO_LIMITS, Daemon, binary, mqtt_section,  # noqa: E402
                         wait_for)
from checks import run_test                              # noqa: E402

# 95 bytes, the longest prefix the configuration takes.
PREFIX = "antre/" + ("hall-0123456789" * 6)[:89]
# 63 bytes: 31 two-byte letters and one more, the longest a name can be
# written with \u escapes (187 bytes).
NAME = "é" * 31 + "x"
assert len(NAME.encode()) == 63
SERVICE_NAME = "è" * 31 + "y"
assert len(SERVICE_NAME.encode()) == 63
DESKS = [999 - i for i in range(128)]
# 95 bytes, the longest title a zone may have.
TITLE = "é" * 47 + "z"
assert len(TITLE.encode()) == 95
ZONE = "z" * 15
PRESSER = 999
PACKET_MAX = 65536	# broker-config/mosquitto.conf max_packet_size


def shipped_limit():
    path = os.path.join(source_dir(), "broker-config", "mosquitto.conf")
    with open(path) as f:
        for line in f:
            if line.startswith("max_packet_size "):
                return int(line.split()[1])
    raise AssertionError("no max_packet_size in mosquitto.conf")


class BigCentral(Daemon):
    name = "antre-display"

    def __init__(self, tmpdir, broker, extra_mqtt=""):
        super().__init__(tmpdir, "central")
        frames = os.path.join(self.dir, "frames")
        os.makedirs(frames, exist_ok=True)
        text = (f"[hall]\nid = besar\nprefix = {PREFIX}\n"
                f"name = Mal Pelayanan Publik Uji\n\n"
                + mqtt_section(broker, "central") + extra_mqtt +
                f"\n[store]\npath = {self.dir}/antre.db\n\n"
                f"[board]\noutput = png\npng_dir = {frames}\n"
                f"width = 960\nheight = 540\ncalls = 10\n\n"
                f"[limits]\n{NO_LIMITS}\n")
        for i in range(26):
            letter = chr(ord("A") + i)
            source = "kiosk" if letter == "B" else "roll"
            text += (f"[service {letter}]\nname = {SERVICE_NAME}\n"
                     f"source = {source}\n\n")
        for d in DESKS:
            text += f"[desk {d}]\nname = {NAME}\nservices = A B\n\n"
        text += (f"[zone {ZONE}]\ntitle = {TITLE}\n"
                 f"desks = {min(DESKS)}-{max(DESKS)}\n")
        self.write_conf(text)

    def check_conf(self):
        r = subprocess.run([binary("antre-display"), "-n", "-f",
                            self.conf_path], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        return r.returncode, r.stdout


def run(c, tmp):
    def check(what, cond, detail=""):
        return c.check(cond, what, detail)
    check("the test uses the shipped max_packet_size",
          shipped_limit() == PACKET_MAX, str(shipped_limit()))
    with Broker(tmp, PREFIX, desks=[PRESSER], kiosks=[1, 999],
                screens=[1]) as b:
        central = BigCentral(tmp, b)
        rc, out = central.check_conf()
        check("antre-display -n accepts the largest hall", rc == 0, out)

        small = BigCentral(os.path.join(tmp, "small"), b,
                           "max_packet_size = 8192\n")
        rc, out = small.check_conf()
        check("antre-display -n refuses it under an 8 KiB limit",
              rc == 1 and "the board can reach" in out and
              "max_packet_size of 8192" in out and
              "shorten the desk and service names" in out, out)

        screen = b.client("screen-1")
        screen.subscribe_wait(b.topic("board"))
        screen.subscribe_wait(b.topic(f"board/{ZONE}"))
        screen.subscribe_wait(b.topic("central/online"))
        desk = b.client(f"desk-{PRESSER}")
        desk.subscribe_wait(b.topic(f"desk/{PRESSER}/state"))
        central.start()
        wait_for(lambda: any(json.loads(m.payload)["online"] for m in
                             screen.received(b.topic("central/online"))),
                 15, "the central online")
        for i in range(1, 11):
            cmd = json.dumps({"v": 1, "op": "next", "id": f"big-{i}"})
            desk.publish_wait(b.topic(f"desk/{PRESSER}/cmd"), cmd)
            wait_for(lambda: any(json.loads(m.payload)["last_id"] ==
                                 f"big-{i}" for m in desk.received(
                                     b.topic(f"desk/{PRESSER}/state"))),
                     10, f"the answer to press {i}")

        def full_board(topic):
            for m in reversed(screen.received(b.topic(topic))):
                if len(json.loads(m.payload)["calls"]) == 10:
                    return m
            return None
        zm = wait_for(lambda: full_board(f"board/{ZONE}"), 10,
                      "the zone's board with 10 calls")
        zsize = (1 + 3 + 2 + len(b.topic(f"board/{ZONE}").encode()) + 2 +
                 len(zm.payload))
        zone = json.loads(zm.payload)
        check("the zone's board: all 128 desks, its title, within the "
              "shipped limit", len(zone["desks"]) == 128 and
              zone["title"] == TITLE and zsize <= PACKET_MAX, str(zsize))
        m = wait_for(lambda: full_board("board"), 10, "a board with 10 calls")
        board = json.loads(m.payload)
        size = (1 + 3 + 2 + len(b.topic("board").encode()) + 2 +
                len(m.payload))
        # The same board with every non-ASCII letter escaped, as it was
        # written before: six bytes for each é.
        escaped = json.dumps(board, separators=(",", ":")).encode()
        print(f"board payload {len(m.payload)} bytes, packet {size} bytes, "
              f"limit {PACKET_MAX}; escaped it would be {len(escaped)} "
              f"bytes")
        check("the board carries 128 desks, 10 calls, 26 services",
              len(board["desks"]) == 128 and len(board["calls"]) == 10 and
              len(board["waiting"]) == 26)
        check("names are UTF-8 on the wire, not \\u escapes",
              NAME.encode() in m.payload and b"\\u00" not in m.payload)
        check("the names arrive whole",
              board["desks"][0]["name"] == NAME and
              board["calls"][0]["desk_name"] == NAME and
              board["waiting"][0]["name"] == SERVICE_NAME)
        check("the packet fits the shipped limit", size <= PACKET_MAX,
              str(size))
        onlines = [m for m in screen.received(b.topic("central/online"))
                   if json.loads(m.payload)["online"]]
        check("the broker never dropped the central", len(onlines) == 1 and
              "lost" not in central.log(), central.log()[-2000:])

        # Kiosks at both ends of 1..999.
        for k in (1, 999):
            kiosk = b.client(f"kiosk-{k}")
            kiosk.subscribe_wait(b.topic(f"kiosk/{k}/ticket"))
            take = json.dumps({"v": 1, "id": f"k{k}-1", "service": "B"})
            kiosk.publish_wait(b.topic(f"kiosk/{k}/take"), take)
            got = wait_for(lambda: kiosk.received(
                b.topic(f"kiosk/{k}/ticket")), 10, f"kiosk {k}'s ticket")
            t = json.loads(got[0].payload)
            check(f"kiosk {k} gets a ticket", t["result"] == "ok" and
                  t["ticket"]["service"] == "B", got[0].payload)
        c.stopped(central, "the central")

    cred = subprocess.run(
        ["/bin/sh", os.path.join(source_dir(), "broker-config",
                                 "antre-credential"),
         "-q", "-d", os.path.join(tmp, "cred"), "-p", "antre/x", "add",
         "kiosk", "1000"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    check("antre-credential refuses kiosk 1000",
          cred.returncode != 0 and "use 1..999" in cred.stdout, cred.stdout)


if __name__ == "__main__":
    sys.exit(run_test("board_size", run, logs=["central"]))
