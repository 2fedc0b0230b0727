#!/usr/bin/env python3
"""test_tree.py - the shape of the source tree, as docs/architecture.md
promises it:

* the source map lists every source file of the programs, and lists no
  file that is gone;
* each library's header is included only in the folder of the concept
  that owns it (one file per program for GPIO, MQTT, DRM, ALSA);
* no program source file grows past FILE_MAX lines;
* antre-report, which runs on a laptop with a copied log, links none of
  the hall's hardware libraries: neither itself (its NEEDED entries) nor
  through another library, except libX11, which Debian's libcairo needs
  for its own X surfaces.
"""
import fnmatch
import os
import re
import subprocess
import sys

SRC = os.environ.get("ANTRE_SOURCE_DIR",
                     os.path.dirname(os.path.dirname(os.path.dirname(
                         os.path.abspath(__file__)))))
REPORT = os.environ.get("ANTRE_REPORT")
TREES = ("common", "firmware", "display")
FILE_MAX = 900

# Library header -> the files allowed to include it (globs).
OWNERS = {
    "gpiod.h": ["firmware/gpio-gpiod.c", "firmware/gpio-gpiod2.c"],
    "mosquitto.h": ["common/mqtt.c"],
    "sqlite3.h": ["display/store/*"],
    "openssl/*": ["display/store/*"],
    "xf86drm*.h": ["display/output/out-drm.c"],
    "libudev.h": ["display/output/out-drm.c"],
    "alsa/*": ["display/voice/audio-alsa.c"],
    "X11/*": ["display/output/out-x11.c"],
    "cairo-xlib.h": ["display/output/out-x11.c"],
    "png.h": ["display/output/out-png.c"],
    "sndfile.h": ["display/voice/*"],
    "ini.h": ["common/conf.c"],
    "microhttpd.h": ["display/web/http.c", "display/web/http-*"],
    "crypt.h": ["display/web/web-users.c"],
    "jansson.h": ["common/proto*", "display/report/*",
                  "firmware/kiosk/spool.c"],
    "cairo-pdf.h": ["display/report/*"],
    "pango/*": ["display/board/*", "display/report/*"],
    "cairo.h": ["display/board/*", "display/output/*", "display/report/*",
                "firmware/kiosk/preview.c"],
}
# Libraries a program for the laptop must not need.
HARDWARE = ("libX11", "libdrm", "libudev", "libasound", "libsndfile",
            "libmosquitto", "libgpiod")
VIA_CAIRO = ("libX11",)

failures = 0
passed = 0


def check(ok, what):
    global failures, passed
    if ok:
        passed += 1
        print(f"ok: {what}")
    else:
        failures += 1
        print(f"FAIL: {what}")


def sources():
    out = []
    for top in TREES:
        for root, dirs, files in os.walk(os.path.join(SRC, top)):
            dirs.sort()
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    out.append(os.path.relpath(os.path.join(root, f), SRC))
    return out


def source_map():
    """The files named in the first column of the source map's table:
    `dir/a.c`, `b.c` names dir/a.c and dir/b.c."""
    text = open(os.path.join(SRC, "docs", "architecture.md"),
                encoding="utf-8").read()
    m = re.search(r"^### Source map\n(.*?)(?=^#)", text, re.S | re.M)
    if not m:
        return None
    named = set()
    for line in m.group(1).splitlines():
        if not line.startswith("| `"):
            continue
        cell = line.split("|")[1]
        folder = ""
        for name in re.findall(r"`([^`]+)`", cell):
            if "/" in name:
                folder = os.path.dirname(name)
                named.add(name)
            else:
                named.add(os.path.join(folder, name))
    return named


def main():
    files = sources()
    check(len(files) > 50, f"{len(files)} source files found under "
          f"{', '.join(TREES)}")

    named = source_map()
    check(named is not None, "docs/architecture.md has a source map")
    named = named or set()
    missing = [f for f in files if f not in named]
    check(not missing, "the source map lists every source file" +
          (f"; missing: {' '.join(missing)}" if missing else ""))
    stale = sorted(n for n in named if not os.path.exists(
        os.path.join(SRC, n)))
    check(not stale, "every file the source map lists exists" +
          (f"; gone: {' '.join(stale)}" if stale else ""))

    bad = []
    for f in files:
        for line in open(os.path.join(SRC, f), encoding="utf-8"):
            m = re.match(r"\s*#\s*include\s*<([^>]+)>", line)
            if not m:
                continue
            for header, owners in OWNERS.items():
                if fnmatch.fnmatch(m.group(1), header) and not any(
                        fnmatch.fnmatch(f, o) for o in owners):
                    bad.append(f"{f} includes <{m.group(1)}>")
    check(not bad, "library headers only in the files of their concept" +
          (": " + "; ".join(bad) if bad else ""))

    big = []
    for f in files:
        if f.endswith(".c"):
            n = sum(1 for _ in open(os.path.join(SRC, f), encoding="utf-8"))
            if n > FILE_MAX:
                big.append(f"{f} ({n})")
    check(not big, f"no source file over {FILE_MAX} lines" +
          (": " + ", ".join(big) if big else ""))

    if REPORT:
        dyn = subprocess.run(["readelf", "-d", REPORT], capture_output=True,
                             text=True, check=True).stdout
        needed = re.findall(r"\(NEEDED\).*\[([^\]]+)\]", dyn)
        check("libsqlite3.so.0" in needed and "libcairo.so.2" in needed,
              "readelf reads antre-report's NEEDED entries: " +
              " ".join(needed))
        own = [n for n in needed if n.startswith(HARDWARE)]
        check(not own, "antre-report links no hardware library itself" +
              (": " + " ".join(own) if own else ""))
        # ldd is the loader told to list and stop; a cross build's
        # binary is run the same way under its emulator.
        emu = os.environ.get("ANTRE_EMULATOR", "").split()
        ldd = subprocess.run(emu + [REPORT], capture_output=True, text=True,
                             check=True, env=dict(os.environ,
                                                  LD_TRACE_LOADED_OBJECTS="1")
                             ).stdout
        loaded = [l.split()[0] for l in ldd.splitlines() if l.strip()]
        through = [n for n in loaded if n.startswith(HARDWARE) and
                   not n.startswith(VIA_CAIRO)]
        check(not through, "nor through another library (ldd)" +
              (": " + " ".join(through) if through else ""))
    else:
        check(False, "ANTRE_REPORT names the antre-report binary")

    print(f"{passed} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
