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
        """Stops a program (antre_procs.Daemon) with SIGTERM and checks
        that it was still running until then and exited 0 within the
        timeout: no crash, no sanitizer report, no hang. A program that
        is not running (never started because the test failed before, or
        stopped and checked by the test itself) is only noted."""
        if daemon.proc is None:
            print(f"# {what}: not running, nothing to stop", flush=True)
            return False
        early = daemon.proc.poll()
        rc = daemon.terminate()
        if early is not None:
            detail = f"it had already exited, with status {early}"
        elif rc is None:
            detail = "it ignored SIGTERM and was killed"
        else:
            detail = f"exit status {rc}"
        ok = early is None and rc == 0
        return self.check(ok, f"{what} exits 0 on SIGTERM",
                          "" if ok else f"{detail}; log:\n"
                          f"{daemon.log()[-4000:]}")

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
