"""checks - the tiny reporting the integration tests share.

Each check prints "ok - what" or "FAIL - what: detail"; summary() prints
the closing line "N passed, M failed" and returns the exit status.
"""

import sys
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

    def error(self, what):
        self.failed += 1
        print(f"FAIL - {what}: exception", flush=True)
        traceback.print_exc(file=sys.stdout)

    def summary(self):
        print(f"{self.name}: {self.passed} passed, {self.failed} failed",
              flush=True)
        return 0 if self.failed == 0 and self.passed > 0 else 1
