"""checks - the tiny reporting the integration tests share.

Each check prints "ok - what" or "FAIL - what: detail"; summary() prints
the closing line "N passed, M failed" and returns the exit status.
"""

import os
import shutil
import sys
import tempfile
import traceback


class Checks:
    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def check(self, cond, what, detail=""):
        if cond:
            self.passed += 1
            print(f"ok - {what}", flush=True)
        else:
            self.failed += 1
            print(f"FAIL - {what}" + (f": {detail}" if detail else ""),
                  flush=True)
        return cond

    def stopped(self, daemon, what):
        """Stops a program (antre_procs.Daemon) and checks that it exited
        0: no crash, no sanitizer report."""
        try:
            daemon.stop()
            return self.check(True, f"{what} stops cleanly")
        except Exception as e:
            return self.check(False, f"{what} stops cleanly", str(e))

    def error(self, what):
        self.failed += 1
        print(f"FAIL - {what}: exception", flush=True)
        traceback.print_exc(file=sys.stdout)

    def summary(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed",
              flush=True)
        return 0 if self.failed == 0 and self.passed > 0 else 1


def run_test(name, run, logs=()):
    """Runs run(checks, tmpdir) in a fresh directory; on failure prints the
    tails of the programs' logs (tmpdir/<label>/<label>.log for each label
    in logs) and keeps the directory. Returns the exit status."""
    c = Checks(name)
    tmp = tempfile.mkdtemp(prefix=f"antre-{name}-")
    try:
        run(c, tmp)
    except Exception:
        c.error(name)
        for label in logs:
            log = os.path.join(tmp, label, f"{label}.log")
            if os.path.exists(log):
                print(f"--- {log} (tail)")
                with open(log, errors="replace") as f:
                    print(f.read()[-3000:])
    rc = c.summary()
    if rc == 0:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"files kept in {tmp}")
    return rc
