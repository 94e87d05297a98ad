"""CPU seconds used so far by this machine's Odoo and PostgreSQL processes (/proc), as JSON:
scripts/load samples it before and after a run."""
import json
import os
import time

TICKS = os.sysconf("SC_CLK_TCK")


def main():
    used = {"odoo": 0.0, "postgres": 0.0, "time": time.time()}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        group = "postgres" if "postgres" in command else "odoo" if "odoo" in command else None
        if group:
            used[group] += (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    print(json.dumps(used))  # noqa: T201  # pylint: disable=print-used


if __name__ == "__main__":
    main()
