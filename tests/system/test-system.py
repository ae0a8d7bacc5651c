#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""System tier: phyd as installed by `meson install`, under a real systemd as PID 1 in a
container (systemd-nspawn), on a real system bus with a real polkitd. Proves the unit
(Type=notify, STATUS=, watchdog, hardening), the D-Bus policy and activation file, the
polkit actions, sysusers, and the structured journal events.

Needs root, systemd-nspawn and mmdebstrap (scripts/test installs them). The container's
root file system is built once with mmdebstrap and cached under PHYD_ROOTFS_CACHE
(default /var/cache/phyd-tests); every boot is volatile, so runs never leak into it."""

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "integration"))
import harness as h  # noqa: E402

# The integration tier's list of every privileged call with valid arguments, in an order in
# which each makes sense, with what an allowed caller gets (None: success).
PRIVILEGE_CALLS = __import__("test-privilege").CALLS  # noqa: E402

BUILD = os.environ["PHYD_BUILD_DIR"]
CACHE = os.environ.get("PHYD_ROOTFS_CACHE", "/var/cache/phyd-tests")
PACKAGES = ["systemd", "systemd-sysv", "dbus", "libnss-systemd", "polkitd", "iproute2",
            "libjson-c5", "libnl-3-200", "libnl-genl-3-200", "libmnl0", "util-linux", "passwd",
            "procps", "man-db"]
SOURCES = "/etc/apt/sources.list.d/debian.sources"
PATH = "PATH=/usr/sbin:/usr/bin:/sbin:/bin"

LINK_UP = "5479353a43504dfda6a32402135ad30f"
EXPOSURE_TARGET = 1.5

SIM_PHYS = {
    "10-ax88772a.phy": "[Phy]\nBackend=sim\nModel=ax88772a\n",
    "20-ax88772c.phy": "[Phy]\nBackend=sim\nModel=ax88772c\n",
    "30-ax88796b.phy": "[Phy]\nBackend=sim\nModel=ax88796b\nMacProfile=xsurf\n",
}

POLKIT_RULE = """// Test rule: bob may do everything phyd guards, nobody else is given anything.
polkit.addRule(function(action, subject) {
        if (action.id.indexOf("io.phyd.") == 0 && subject.user == "bob")
                return polkit.Result.YES;
});
"""

# Every trace line of the installed phyd goes here (a drop-in adds --trace-mdio=).
TRACE = "/run/phyd/mdio.trace"
ACCESS_DENIED = "org.freedesktop.DBus.Error.AccessDenied"


def rootfs():
    """The cached minbase rootfs for this package list, built on first use."""
    key = hashlib.sha256(" ".join(PACKAGES).encode()).hexdigest()[:12]
    path = os.path.join(CACHE, f"rootfs-bookworm-{key}")
    if os.path.isdir(path):
        return path
    os.makedirs(CACHE, exist_ok=True)
    # Root file systems of other package lists are stale now.
    for old in os.listdir(CACHE):
        if old.startswith("rootfs-"):
            shutil.rmtree(os.path.join(CACHE, old), ignore_errors=True)
    tmp = tempfile.mkdtemp(prefix="rootfs-", dir=CACHE)
    os.rmdir(tmp)
    start = time.monotonic()
    subprocess.run(["mmdebstrap", "--quiet", "--variant=minbase",
                    "--include=" + ",".join(PACKAGES), "bookworm", tmp, SOURCES], check=True)
    os.rename(tmp, path)
    print(f"# built the container rootfs in {time.monotonic() - start:.1f}s", flush=True)
    return path


class Container:
    """systemd as PID 1 in a volatile nspawn container; the installed tree and the test's
    own files are bound into it at boot, so sysusers runs before dbus reads the policy."""

    def __init__(self, destdir, extra_files):
        self.destdir = destdir
        self.extra = extra_files  # {container path: host path}
        self.proc = None
        self.pid1 = None
        self.log = tempfile.NamedTemporaryFile(prefix="nspawn-", suffix=".log", delete=False)

    def binds(self):
        args = []
        for root, _, files in os.walk(self.destdir):
            for f in files:
                host = os.path.join(root, f)
                inside = "/" + os.path.relpath(host, self.destdir)
                args.append(f"--bind-ro={host}:{inside}")
        for inside, host in self.extra.items():
            args.append(f"--bind-ro={host}:{inside}")
        return args

    def start(self):
        cmd = ["systemd-nspawn", "-q", "-D", rootfs(), "--register=no", "--keep-unit",
               "--private-network", "--console=pipe", "--volatile=overlay"] + self.binds() + ["-b"]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        host_pidns = os.readlink("/proc/self/ns/pid")
        deadline = time.monotonic() + 30
        # PID 1 of the container: nspawn's child in another pid namespace named systemd
        # (not the short-lived outer child).
        while self.pid1 is None:
            h.check(time.monotonic() < deadline, "the container's systemd did not start")
            h.check(self.proc.poll() is None, "systemd-nspawn exited: " + self.read_log())
            for pid in self.descendants(self.proc.pid):
                try:
                    if (os.readlink(f"/proc/{pid}/ns/pid") != host_pidns and
                            open(f"/proc/{pid}/comm").read().strip() == "systemd"):
                        self.pid1 = pid
                except OSError:
                    pass
            time.sleep(0.05)
        while True:
            state = self.run(["systemctl", "is-system-running"], check_rc=False).stdout.strip()
            if state in ("running", "degraded"):
                return
            h.check(time.monotonic() < deadline, f"the container did not boot ({state})")
            time.sleep(0.1)

    @staticmethod
    def descendants(pid):
        out = subprocess.run(["ps", "-e", "-o", "pid=,ppid="], capture_output=True,
                             text=True).stdout.split("\n")
        children = {}
        for line in out:
            if line.strip():
                p, pp = line.split()
                children.setdefault(int(pp), []).append(int(p))
        todo, found = [pid], []
        while todo:
            for c in children.get(todo.pop(), []):
                found.append(c)
                todo.append(c)
        return found

    def run(self, cmd, user=None, check_rc=True, timeout=60):
        if user:
            cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups"] + cmd
        full = ["nsenter", "-t", str(self.pid1), "-a", "env", "-i", PATH] + cmd
        p = subprocess.run(full, capture_output=True, text=True, timeout=timeout)
        if check_rc and p.returncode != 0:
            raise h.TestFailure(f"{' '.join(cmd)} (as {user or 'root'}) exited {p.returncode}: "
                                f"{p.stdout.strip()} {p.stderr.strip()}")
        return p

    def show(self, unit, prop):
        return self.run(["systemctl", "show", "-P", prop, unit]).stdout.strip()

    def wait_until(self, what, predicate, timeout=30):
        deadline = time.monotonic() + timeout
        while not predicate():
            h.check(time.monotonic() < deadline, f"timed out waiting for {what}")
            time.sleep(0.1)

    def read_log(self):
        with open(self.log.name) as f:
            return f.read()[-3000:]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            # One SIGTERM is a clean halt of the container.
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        os.unlink(self.log.name)


def install_tree():
    destdir = tempfile.mkdtemp(prefix="phyd-destdir-")
    env = dict(os.environ, DESTDIR=destdir)
    subprocess.run(["meson", "install", "-C", BUILD, "--no-rebuild", "--quiet"], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    return destdir


def main():
    if os.geteuid() != 0:
        print("1..0 # SKIP the system tier needs root (CI runs it as root)")
        return 0

    destdir = install_tree()
    files = tempfile.mkdtemp(prefix="phyd-system-")
    extra = {}
    for name, text in SIM_PHYS.items():
        path = os.path.join(files, name)
        with open(path, "w") as f:
            f.write(text)
        extra[f"/etc/phyd/phy.d/{name}"] = path
    rule = os.path.join(files, "50-phyd-test.rules")
    with open(rule, "w") as f:
        f.write(POLKIT_RULE)
    extra["/etc/polkit-1/rules.d/50-phyd-test.rules"] = rule

    c = Container(destdir, extra)
    tests = []

    def test(name):
        def wrap(fn):
            tests.append((name, fn))
            return fn
        return wrap

    @test("the units pass systemd-analyze verify")
    def _():
        for unit in ("phyd.service", "phyd@.service"):
            p = c.run(["systemd-analyze", "verify", f"/lib/systemd/system/{unit}"],
                      check_rc=False)
            h.check(p.returncode == 0 and p.stderr.strip() == "",
                    f"{unit}: {p.stdout}{p.stderr}")

    @test(f"the unit's exposure is at most {EXPOSURE_TARGET}")
    def _():
        p = c.run(["systemd-analyze", "security", "--offline=yes", "--no-pager",
                   "/lib/systemd/system/phyd.service"], check_rc=False)
        line = [l for l in p.stdout.splitlines() if "Overall exposure level" in l]
        h.check(line, "no exposure figure: " + p.stdout[-500:] + p.stderr)
        exposure = float(line[0].split(":")[1].split()[0])
        print(f"# {line[0].strip()}", flush=True)
        h.check(exposure <= EXPOSURE_TARGET, f"exposure {exposure} > {EXPOSURE_TARGET}")

    @test("systemctl start returns at READY=1 and STATUS= summarises the PHYs")
    def _():
        c.run(["ip", "link", "add", "vA", "type", "veth", "peer", "name", "vB"])
        c.run(["ip", "link", "set", "vA", "up"])
        c.run(["ip", "link", "set", "vB", "up"])
        c.run(["systemctl", "start", "phyd.service"])
        h.check_equal(c.show("phyd.service", "ActiveState"), "active", "ActiveState")
        # READY=1 does not wait for interfaces; the veth pair joins the count right after.
        status = c.show("phyd.service", "StatusText")
        h.check(status in ("3 PHYs, 0 up", "4 PHYs, 1 up", "5 PHYs, 2 up"),
                f"StatusText {status!r}")
        c.wait_until("the veth pair in STATUS",
                     lambda: c.show("phyd.service", "StatusText") == "5 PHYs, 2 up")
        h.check_equal(c.run(["ps", "-o", "user=", "-p", c.show("phyd.service", "MainPID")])
                      .stdout.strip(), "phyd", "the daemon's user")

    @test("phyctl works as root and as an unprivileged user on the system bus")
    def _():
        c.run(["useradd", "-M", "alice"])
        c.run(["useradd", "-M", "bob"])
        root = c.run(["/usr/bin/phyctl", "--no-legend", "list"]).stdout
        alice = c.run(["/usr/bin/phyctl", "--no-legend", "list"], user="alice").stdout
        h.check_equal(alice, root, "phyctl list as alice")
        h.check_equal(len(root.strip().splitlines()), 5, "PHYs listed")
        c.run(["/usr/bin/phyctl", "status", "sim0:10"], user="alice")
        # The hardened unit on real rtnetlink and ethtool traffic: the veth in monitor mode.
        veth = json.loads(c.run(["/usr/bin/phyctl", "--json=short", "status", "vA"],
                                user="alice").stdout)[0]
        h.check_equal((veth["Backend"], veth["Mode"], veth["Link"], veth["Speed"]),
                      ("ethtool", "monitor", True, 10000), "vA through ethtool")

    @test("a register write is refused to alice and let through for bob by a polkit rule")
    def _():
        p = c.run(["/usr/bin/phyctl", "write", "sim0:10", "4", "0x01e1"], user="alice",
                  check_rc=False)
        h.check(p.returncode == 1 and "permission denied" in p.stderr,
                f"alice's write: {p.returncode} {p.stderr}")
        c.run(["/usr/bin/phyctl", "write", "sim0:10", "4", "0x0de1"], user="bob")
        h.check_equal(c.run(["/usr/bin/phyctl", "read", "sim0:10", "4"], user="bob")
                      .stdout.strip(), "0x0de1", "bob reads back")

    @test("link events are in the journal with their MESSAGE_ID and fields")
    def _():
        c.run(["/usr/bin/phyctl", "sim", "sim1:10", "partner", "up"])
        c.run(["/usr/bin/phyctl", "wait", "sim1:10", "--up", "--timeout=10"])

        def entry():
            out = c.run(["journalctl", "-o", "json", "--no-pager", f"MESSAGE_ID={LINK_UP}",
                         "PHYD_PHY=sim1:10"], check_rc=False).stdout.strip().splitlines()
            return json.loads(out[-1]) if out else None
        c.wait_until("the link-up entry in the journal", lambda: entry() is not None)
        e = entry()
        for k, v in (("PHYD_LINK", "up"), ("PHYD_SPEED", "100"), ("PHYD_DUPLEX", "full"),
                     ("PHYD_STATE", "running"), ("SYSLOG_IDENTIFIER", "phyd")):
            h.check_equal(e.get(k), v, k)
        h.check_equal(e.get("_SYSTEMD_UNIT"), "phyd.service", "_SYSTEMD_UNIT")
        h.check(c.show("phyd.service", "StatusText") == "5 PHYs, 3 up", "StatusText after")
        # As a package's postinst would after installing the catalog.
        c.run(["journalctl", "--update-catalog"])
        cat = c.run(["journalctl", "-x", "--no-pager", f"MESSAGE_ID={LINK_UP}"]).stdout
        h.check("Link of PHY sim1:10 is up" in cat, "the catalog explains it:\n" + cat[-500:])

    @test("privilege matrix: every privileged method x root, bob (polkit rule), alice")
    def _():
        # DESIGN decision 9 on the real bus with the real polkitd: alice (no rule) is refused
        # every call, by its D-Bus error name, and her calls touch no register; bob (the
        # rule) and root get what the PHY's state calls for.
        c.run(["mkdir", "-p", "/run/systemd/system/phyd.service.d"])
        c.run(["sh", "-c", "printf '[Service]\\nExecStart=\\nExecStart=/usr/sbin/phyd "
               f"--trace-mdio={TRACE}\\n' > /run/systemd/system/phyd.service.d/trace.conf"])
        c.run(["systemctl", "daemon-reload"])
        c.run(["systemctl", "restart", "phyd.service"])
        path = c.run(["busctl", "--json=short", "call", "io.phyd", "/io/phyd",
                      "io.phyd.Manager1", "GetPhy", "s", "sim0:10"]).stdout
        path = json.loads(path)["data"][0]
        errors = h.LineReader(["nsenter", "-t", str(c.pid1), "-a", "env", "-i", PATH, "busctl",
                               "monitor", "--system", "--json=short",
                               "--match=type='error',sender='io.phyd'"])
        try:
            h.check(errors.wait_for(lambda l: "Monitoring" in l) is not None,
                    "busctl monitor of errors did not start")
            results = []
            for user in ("alice", "bob", None):
                if user != "alice":
                    # The previous round's Configure left autoneg off: RestartAutoneg would
                    # be NotSupported. Each round starts from the same settings.
                    c.run(["busctl", "call", "io.phyd", path, "io.phyd.Phy1", "Configure",
                           "a{sv}", "1", "Autoneg", "b", "true"])
                trace_before = c.run(["cat", TRACE]).stdout.splitlines()
                for iface, method, args, allowed in PRIVILEGE_CALLS:
                    target = "/io/phyd" if iface == "io.phyd.Manager1" else path
                    p = c.run(["busctl", "call", "--", "io.phyd", target, iface, method] + args,
                              user=user, check_rc=False)
                    got = None
                    if p.returncode != 0:
                        line = errors.wait_for(lambda l: l.startswith("{"))
                        h.check(line is not None, f"{method} as {user}: no error reply "
                                f"({p.stderr.strip()})")
                        got = json.loads(line)["error_name"]
                    want = ACCESS_DENIED if user == "alice" else allowed
                    results.append((user or "root", method, got))
                    h.check_equal(got, want, f"{iface}.{method} as {user or 'root'}")
                if user == "alice":
                    # Polling goes on meanwhile (reads of registers 0 and 1): nothing else.
                    new = c.run(["cat", TRACE]).stdout.splitlines()[len(trace_before):]
                    touched = [l for l in new if " write " in l or "reg:0x06" in l]
                    h.check_equal(touched, [], "MDIO accesses while alice was refused")
            print("# " + ", ".join(f"{u}/{m}: {g or 'ok'}" for u, m, g in results),
                  flush=True)
            writes = [l for l in c.run(["cat", TRACE]).stdout.splitlines() if " write " in l]
            h.check(writes, "bob's and root's calls wrote nothing")
        finally:
            errors.close()
            c.run(["rm", "/run/systemd/system/phyd.service.d/trace.conf"])
            c.run(["systemctl", "daemon-reload"])
            c.run(["systemctl", "restart", "phyd.service"])

    @test("with phyd stopped, a phyctl call starts it (bus activation)")
    def _():
        c.run(["systemctl", "stop", "phyd.service"])
        h.check_equal(c.show("phyd.service", "ActiveState"), "inactive", "stopped")
        c.run(["/usr/bin/phyctl", "list"], user="alice")
        # phyd answers once it owns its name; systemd calls it active at READY=1, after the
        # first runs.
        c.wait_until("phyd.service active", lambda: c.show("phyd.service", "ActiveState")
                     == "active")

    @test("a hung daemon is killed by the watchdog and restarted")
    def _():
        c.run(["mkdir", "-p", "/run/systemd/system/phyd.service.d"])
        c.run(["sh", "-c", "printf '[Service]\\nEnvironment=PHYD_DEBUG_HANG_AFTER_SEC=1\\n"
               "WatchdogSec=2\\n' > /run/systemd/system/phyd.service.d/hang.conf"])
        c.run(["systemctl", "daemon-reload"])
        # The hang may come before or after READY=1: do not wait for the job.
        c.run(["systemctl", "restart", "--no-block", "phyd.service"])
        c.wait_until("a watchdog restart",
                     lambda: int(c.show("phyd.service", "NRestarts") or 0) >= 1)
        log = c.run(["journalctl", "-u", "phyd.service", "--no-pager"]).stdout
        h.check("Watchdog timeout" in log, "no watchdog timeout in the journal")
        c.run(["rm", "/run/systemd/system/phyd.service.d/hang.conf"])
        c.run(["systemctl", "daemon-reload"])
        c.run(["systemctl", "restart", "phyd.service"])

    @test("systemctl stop leaves no process")
    def _():
        c.run(["systemctl", "stop", "phyd.service"])
        h.check_equal(c.show("phyd.service", "MainPID"), "0", "MainPID")
        p = c.run(["pgrep", "-x", "phyd"], check_rc=False)
        h.check_equal((p.returncode, p.stdout.strip()), (1, ""), "phyd processes left")

    start = time.monotonic()
    try:
        c.start()
        print(f"# container up in {time.monotonic() - start:.1f}s", flush=True)
        status = h.run(tests)
        if status:
            print("# journal of the container:", flush=True)
            j = c.run(["journalctl", "-b", "--no-pager", "-n", "80"], check_rc=False).stdout
            for line in j.splitlines():
                print("# " + line)
        return status
    except Exception as e:  # the container did not come up: every test fails
        print(f"1..1\nnot ok 1 - the container boots\n# {e}")
        return 1
    finally:
        c.stop()
        shutil.rmtree(destdir, ignore_errors=True)
        shutil.rmtree(files, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
