# SPDX-License-Identifier: GPL-2.0-or-later
"""The integration tier's rig: a private dbus-daemon started with its own configuration, the
real phyd on it with simulated PHYs, and the clients we did not write (busctl, gdbus) beside
phyctl. Nothing here sleeps to wait: readiness comes from sd_notify (NOTIFY_SOCKET), signals
from monitor processes read with a deadline.

Each test file is a TAP producer: run(tests) prints "ok N - name" / "not ok N - name"."""

import json
import os
import pwd
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

BUILD = os.environ.get("PHYD_BUILD_DIR", "")
PHYD = os.environ.get("PHYD", os.path.join(BUILD, "src", "daemon", "phyd"))
PHYCTL = os.environ.get("PHYCTL", os.path.join(BUILD, "src", "phyctl", "phyctl"))
SOURCE = os.environ.get("PHYD_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
INTERFACES = os.path.join(SOURCE, "src", "daemon", "interfaces")

DEFAULT_TIMEOUT = 10.0

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={path}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <!-- Everybody may connect and talk: phyd's own check is what refuses. -->
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
  </policy>
</busconfig>
"""


class TestFailure(AssertionError):
    pass


def check(cond, what):
    if not cond:
        raise TestFailure(what)


def check_equal(got, want, what):
    if got != want:
        raise TestFailure(f"{what}: got {got!r}, expected {want!r}")


class Bus:
    """A dbus-daemon of our own, in a temporary directory that is also world-accessible,
    so that a client running as nobody can connect."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="phyd-bus-")
        os.chmod(self.dir, 0o755)
        self.path = os.path.join(self.dir, "bus")
        self.address = f"unix:path={self.path}"
        conf = os.path.join(self.dir, "bus.conf")
        with open(conf, "w") as f:
            f.write(BUS_CONFIG.format(path=self.path))
        r, w = os.pipe()
        self.proc = subprocess.Popen(["dbus-daemon", f"--config-file={conf}", "--nofork",
                                      f"--print-address={w}"], pass_fds=(w,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(w)
        # The daemon prints its address once it listens: that is the readiness signal.
        with os.fdopen(r) as f:
            line = f.readline()
        check(line.strip() != "", "dbus-daemon did not start")

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=DEFAULT_TIMEOUT)
        shutil.rmtree(self.dir, ignore_errors=True)


class Phyd:
    """The daemon, started with NOTIFY_SOCKET so that start() returns once it said READY=1."""

    def __init__(self, bus, args=(), config_dir=None, trace=True, env=None, netns=None):
        """netns: the network namespace to run in, by name (ip netns); by default a new,
        empty one, so that the machine's own interfaces stay out of the test."""
        self.bus = bus
        self.netns = netns
        self.dir = tempfile.mkdtemp(prefix="phyd-run-")
        self.trace_path = os.path.join(self.dir, "mdio.trace") if trace else None
        self.log_path = os.path.join(self.dir, "phyd.log")
        self.config_dir = config_dir or os.path.join(self.dir, "etc")
        os.makedirs(self.config_dir, exist_ok=True)
        self.args = list(args)
        self.env = env
        self.proc = None

    def command(self):
        cmd = [PHYD, f"--address={self.bus.address}", f"--config-dir={self.config_dir}",
               "--log-level=debug"] + self.args
        if self.trace_path:
            cmd.append(f"--trace-mdio={self.trace_path}")
        if self.netns:
            return ["ip", "netns", "exec", self.netns] + cmd
        if os.geteuid() == 0:
            # The bus socket is a file: reachable from any network namespace.
            return ["unshare", "--net"] + cmd
        return cmd

    def start(self, expect_ready=True):
        notify_path = os.path.join(self.dir, "notify")
        if os.path.exists(notify_path):
            os.unlink(notify_path)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(notify_path)
        env = dict(os.environ, NOTIFY_SOCKET=notify_path, **(self.env or {}))
        # State across restarts only where a test asks for it (--state-dir).
        env.pop("RUNTIME_DIRECTORY", None)
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen(self.command(), env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        try:
            if not expect_ready:
                return
            deadline = time.monotonic() + DEFAULT_TIMEOUT
            while True:
                left = deadline - time.monotonic()
                check(left > 0, "phyd did not send READY=1 in time")
                ready, _, _ = select.select([sock], [], [], min(left, 0.5))
                if self.proc.poll() is not None:
                    raise TestFailure(f"phyd exited with {self.proc.returncode}: "
                                      + self.read_log()[-2000:])
                if ready and b"READY=1" in sock.recv(4096).split(b"\n"):
                    return
        finally:
            sock.close()

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=DEFAULT_TIMEOUT)
        return self.proc.returncode if self.proc else None

    def close(self):
        # SIGTERM first: phyd's orderly exit is where the sanitizers and valgrind check for
        # leaks (scripts/sanitizers); SIGKILL only if it does not come.
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=DEFAULT_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def read_log(self):
        with open(self.log_path) as f:
            return f.read()

    def trace_lines(self):
        if not self.trace_path or not os.path.exists(self.trace_path):
            return []
        with open(self.trace_path) as f:
            return f.read().splitlines()


def as_user(cmd, user):
    """cmd run through setpriv as user (a name or a uid), in that user's primary group and no
    other. The group comes from the passwd entry: Debian's nobody is in nogroup, and there is
    no group named nobody."""
    pw = pwd.getpwuid(user) if isinstance(user, int) else pwd.getpwnam(user)
    return ["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--clear-groups"] + cmd


def run_cmd(cmd, check_rc=True, user=None, timeout=DEFAULT_TIMEOUT, input=None):
    if user:
        cmd = as_user(cmd, user)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, input=input)
    if check_rc and p.returncode != 0:
        raise TestFailure(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    return p


def busctl(bus, *args, **kw):
    return run_cmd(["busctl", f"--address={bus.address}"] + list(args), **kw)


def busctl_json(bus, *args):
    return json.loads(busctl(bus, "--json=short", *args).stdout)


def phyctl(bus, *args, **kw):
    return run_cmd([PHYCTL, f"--address={bus.address}"] + list(args), **kw)


def get_property(bus, path, interface, name):
    return busctl_json(bus, "get-property", "io.phyd", path, interface, name)["data"]


def list_phys(bus):
    """[(id, ifname, ifindex, path)]"""
    return busctl_json(bus, "call", "io.phyd", "/io/phyd", "io.phyd.Manager1",
                       "ListPhys")["data"][0]


def phys_by_id(bus):
    """{id: path}"""
    return {p[0]: p[3] for p in list_phys(bus)}


def get_all(bus, path, interface):
    """{name: (type, value)}"""
    reply = busctl_json(bus, "call", "io.phyd", path, "org.freedesktop.DBus.Properties",
                        "GetAll", "s", interface)
    return {k: (v["type"], v["data"]) for k, v in reply["data"][0].items()}


def values(bus, path, interface="io.phyd.Phy1"):
    """{name: value}"""
    return {k: v for k, (_, v) in get_all(bus, path, interface).items()}


def gdbus_link_changed(line, path, keys=("Link", "Speed", "Duplex", "State", "Autoneg")):
    """The snapshot of a LinkChanged that gdbus monitor printed for path, or None: {key: the
    value as gdbus printed it, or None}."""
    if not line.startswith(path + ": io.phyd.Phy1.LinkChanged "):
        return None
    snap = {}
    for key in keys:
        m = re.search(r"'" + key + r"': <(?:uint32 |uint64 )?([^>]*)>", line)
        snap[key] = m.group(1).strip("'") if m else None
    return snap


def plug_partner(bus, path, monitor):
    """Plugs the default partner into the sim PHY at path, with a 100 ms autonegotiation;
    returns the LinkChanged with the link up that monitor (a gdbus monitor) printed, or
    None."""
    busctl(bus, "call", "io.phyd", path, "io.phyd.Simulator1", "SetAnegTime", "t", "100000")
    busctl(bus, "call", "io.phyd", path, "io.phyd.Simulator1", "PlugPartner", "as", "0")
    return monitor.wait_for(lambda l: (s := gdbus_link_changed(l, path)) is not None
                            and s["Link"] == "true")


class LineReader:
    """A monitor process whose output lines are awaited with a deadline."""

    def __init__(self, cmd, user=None, env=None):
        if user:
            cmd = as_user(cmd, user)
        # stderr too: monitors say there when they are subscribed.
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     env=env)
        self.buf = b""
        os.set_blocking(self.proc.stdout.fileno(), False)

    def next_line(self, timeout=DEFAULT_TIMEOUT):
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.proc.stdout], [], [], left)
            if r:
                chunk = self.proc.stdout.read()
                if not chunk:
                    return None
                self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()

    def wait_for(self, predicate, timeout=DEFAULT_TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            line = self.next_line(max(0.0, deadline - time.monotonic()))
            if line is None:
                return None
            if predicate(line):
                return line

    def drain(self, timeout):
        """Every line that arrives within timeout (used only to prove nothing more comes,
        after the awaited lines arrived)."""
        lines = []
        while True:
            line = self.next_line(timeout)
            if line is None:
                return lines
            lines.append(line)

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=DEFAULT_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class ErrorMonitor(LineReader):
    """busctl monitor of the error replies io.phyd sends: names the error of a refused call
    whatever the client prints of it (busctl shows AccessDenied as "Access denied"). Calls are
    made one at a time, each awaited, so the next error here answers the call that just
    failed."""

    def __init__(self, bus):
        super().__init__(["busctl", f"--address={bus.address}", "monitor", "--json=short",
                          "--match=type='error',sender='io.phyd'"])
        check(self.wait_for(lambda l: "Monitoring" in l) is not None,
              "busctl monitor of errors did not start")

    def next_error(self, timeout=DEFAULT_TIMEOUT):
        """(error name, message) of the next error io.phyd sent."""
        line = self.wait_for(lambda l: l.startswith("{"), timeout)
        check(line is not None, "no error reply from io.phyd")
        msg = json.loads(line)
        data = msg.get("payload", {}).get("data") or [""]
        return msg["error_name"], data[0]


def expect_error(bus, errors, want, *args, user=None):
    """busctl call ARGS... (destination first) must fail with the D-Bus error named want, as
    errors (an ErrorMonitor) sees it; returns the error's message."""
    what = " ".join(args)
    # "--": arguments such as -1 are not options.
    p = busctl(bus, "call", "--", *args, check_rc=False, user=user)
    check(p.returncode != 0, f"call {what} succeeded, expected {want}")
    try:
        name, message = errors.next_error()
    except TestFailure:
        raise TestFailure(f"call {what}: no error from io.phyd; busctl said "
                          f"{p.stderr.strip()!r}") from None
    check_equal(name, want, f"error of {what} ({message})")
    return message


class Rig:
    """A bus, phyd on it (started on entry unless start=False) and the monitors opened through
    the rig, all stopped on exit:

        with Rig(["--sim=ax88772a"]) as rig:
            h.list_phys(rig.bus)
    """

    def __init__(self, args=(), config_dir=None, start=True, netns=None):
        self.bus = Bus()
        self.phyd = Phyd(self.bus, args, config_dir=config_dir, netns=netns)
        self.readers = []
        self.autostart = start
        self.match_watch = None  # busctl monitor of AddMatch calls, for gdbus_monitor()

    def __enter__(self):
        try:
            if self.autostart:
                self.phyd.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        for r in self.readers:
            r.close()
        self.phyd.close()
        self.bus.close()

    def reader(self, cmd, user=None):
        r = LineReader(cmd, user=user)
        self.readers.append(r)
        return r

    def gdbus_monitor(self, dest="io.phyd", user=None):
        """gdbus monitor of the signals dest sends, once it is subscribed. gdbus prints "The
        name X is owned by Y" and only then asks the bus for Y's signals (an AddMatch sent
        asynchronously), so that line alone does not mean subscribed: a busctl monitor sees
        the AddMatch, and the bus sends it there once it has applied it, before it handles
        anything sent afterwards."""
        if self.match_watch is None:
            self.match_watch = self.reader(
                ["busctl", f"--address={self.bus.address}", "monitor", "--json=short",
                 "--match=type='method_call',interface='org.freedesktop.DBus',"
                 "member='AddMatch'"])
            check(self.match_watch.wait_for(lambda l: "Monitoring" in l) is not None,
                  "busctl monitor of AddMatch did not start")
        r = self.reader(["gdbus", "monitor", "--address", self.bus.address, "--dest", dest],
                        user=user)
        line = r.wait_for(lambda l: " is owned by " in l or "does not have an owner" in l)
        check(line is not None and " is owned by " in line,
              f"gdbus monitor of {dest}: {line or 'did not start'}")
        rule = f"type='signal',sender='{line.split()[-1]}'"

        def subscribed(l):
            try:
                return json.loads(l)["payload"]["data"] == [rule]
            except (ValueError, KeyError, TypeError):
                return False
        check(self.match_watch.wait_for(subscribed) is not None,
              f"gdbus monitor of {dest} did not subscribe ({rule})")
        return r

    def error_monitor(self):
        r = ErrorMonitor(self.bus)
        self.readers.append(r)
        return r


def run(tests):
    """Runs [(name, fn)] and prints TAP; returns the exit status."""
    print(f"1..{len(tests)}", flush=True)
    failed = 0
    for i, (name, fn) in enumerate(tests, 1):
        start = time.monotonic()
        try:
            fn()
            print(f"ok {i} - {name} ({time.monotonic() - start:.1f}s)", flush=True)
        except Exception as e:  # noqa: BLE001 -- any failure is the test's
            failed += 1
            print(f"not ok {i} - {name}", flush=True)
            for line in traceback.format_exc().splitlines():
                print(f"# {line}", flush=True)
    return 1 if failed else 0


def skip_unless_root():
    return os.geteuid() == 0
