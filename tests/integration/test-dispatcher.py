#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""phyd-dispatcher (DESIGN decision 10) against the real phyd on a private bus, with sim PHYs
and scripts of our own in a temporary directory:

- a script's environment is the LinkChanged snapshot (checked against the signal busctl
  monitor saw, and against the IEEE outcome for the partner), and nothing of the dispatcher's;
  scripts run in name order, hidden files, directories and non-executables are skipped;
- a script past --timeout is killed with its process group (the child it started too), the
  timeout is logged and the next event is still handled; a failing script's exit status is
  logged and the following script still runs;
- events for a PHY whose scripts run are coalesced into the latest, and logged so;
- a hanging script holds up neither phyd (its signals keep coming, busctl monitor sees them)
  nor the scripts of other PHYs;
- the dispatcher follows io.phyd across a phyd restart, and exits with a failure when the
  bus goes away (Restart=on-failure brings it back);
- every option of --help is documented in phyd-dispatcher.8.

As root, the dispatcher runs as nobody without new privileges in a network namespace of its
own, as phyd-dispatcher.service's DynamicUser=, NoNewPrivileges= and PrivateNetwork= have it.
Scripts record their runs in a file, awaited by polling it with a deadline; everything else is
awaited on the dispatcher's log or on busctl monitor."""

import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import harness as h

DISPATCHER = os.environ.get("PHYD_DISPATCHER",
                            os.path.join(h.BUILD, "src", "dispatcher", "phyd-dispatcher"))
MAN_PAGE = os.path.join(h.SOURCE, "docs", "man", "phyd-dispatcher.8")
SIMS = ["--sim=ax88772a,ax88772c", "--poll-interval=50ms"]
SIM = "io.phyd.Simulator1"
# The partner of the plug events: with the ax88772 MAC (Pause and Asym_Pause) the link is
# 100 Mb/s full duplex with pause both ways (IEEE 802.3 Table 28B-3).
PARTNER = ["100baseT/Full", "100baseT/Half", "Pause"]
SCRIPT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
LINK_CHANGED = ("type='signal',sender='io.phyd',interface='io.phyd.Phy1',"
                "member='LinkChanged'")

# Appends one record in a single write (scripts of different PHYs run at the same time): the
# script's name and process id, then its whole environment, then "%%".
RECORD = r"""r=$(printf 'script=%s\npid=%s\n' "${0##*/}" "$$"; env)
printf '%s\n%%%%\n' "$r" >> @RECORDS@
"""


class Dispatcher:
    """phyd-dispatcher on the rig's bus with its own scripts directory; start() returns once
    it said READY=1 (NOTIFY_SOCKET). Its log (stdout and stderr) is read with a deadline."""

    def __init__(self, rig, args=()):
        self.rig = rig
        self.args = list(args)
        self.dir = tempfile.mkdtemp(prefix="phyd-dispatcher-")
        # Reachable for nobody: the scripts, the records file, the notify socket.
        os.chmod(self.dir, 0o755)
        self.scripts = os.path.join(self.dir, "dispatcher.d")
        os.mkdir(self.scripts, 0o755)
        self.records_path = os.path.join(self.dir, "records")
        with open(self.records_path, "w"):
            pass
        os.chmod(self.records_path, 0o666)
        self.reader = None
        self.lines = []

    def script(self, name, body, mode=0o755):
        path = os.path.join(self.scripts, name)
        with open(path, "w") as f:
            f.write("#!/bin/sh\n" + body.replace("@RECORDS@", self.records_path))
        os.chmod(path, mode)
        return path

    def record_script(self, name, before=""):
        return self.script(name, before + RECORD)

    def fifo(self, name):
        path = os.path.join(self.dir, name)
        os.mkfifo(path)
        os.chmod(path, 0o666)
        return path

    def command(self):
        cmd = [DISPATCHER, f"--address={self.rig.bus.address}",
               f"--scripts-dir={self.scripts}", "--log-level=debug"] + self.args
        if os.geteuid() != 0:
            return cmd
        cmd = h.as_user(cmd, "nobody")
        cmd.insert(1, "--no-new-privs")
        return ["unshare", "--net"] + cmd

    def start(self):
        notify = os.path.join(self.dir, "notify")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(notify)
        os.chmod(notify, 0o777)
        # A variable of our own, to prove the scripts do not inherit the environment.
        env = dict(os.environ, NOTIFY_SOCKET=notify, PHYD_TEST_LEAK="leaked")
        self.reader = h.LineReader(self.command(), env=env)
        try:
            deadline = time.monotonic() + h.DEFAULT_TIMEOUT
            while True:
                left = deadline - time.monotonic()
                h.check(left > 0, "phyd-dispatcher did not send READY=1 in time")
                ready, _, _ = select.select([sock], [], [], min(left, 0.5))
                if self.reader.proc.poll() is not None:
                    raise h.TestFailure(f"phyd-dispatcher exited with "
                                        f"{self.reader.proc.returncode}: "
                                        + "\n".join(self.reader.drain(0.1)))
                if ready and b"READY=1" in sock.recv(4096).split(b"\n"):
                    return self
        finally:
            sock.close()

    @property
    def pid(self):
        return self.reader.proc.pid

    def wait_log(self, pattern, timeout=h.DEFAULT_TIMEOUT):
        """The next log line that matches the regular expression pattern."""
        rx = re.compile(pattern)

        def match(line):
            self.lines.append(line)
            return rx.search(line) is not None
        line = self.reader.wait_for(match, timeout)
        h.check(line is not None, f"phyd-dispatcher did not log /{pattern}/; its log:\n"
                + "\n".join(self.lines[-40:]))
        return line

    def logged(self, pattern):
        """Whether a line read so far matches pattern."""
        return any(re.search(pattern, l) for l in self.lines)

    def records(self):
        """[{key: value}] of the complete records, in the order they were written."""
        with open(self.records_path) as f:
            blocks = f.read().split("%%\n")[:-1]
        return [dict(l.split("=", 1) for l in b.splitlines() if "=" in l) for b in blocks]

    def wait_records(self, predicate, count=1, timeout=h.DEFAULT_TIMEOUT):
        """The records that satisfy predicate, once there are count of them. A file, not a
        signal: polled, tightly, with a deadline."""
        deadline = time.monotonic() + timeout
        while True:
            found = [r for r in self.records() if predicate(r)]
            if len(found) >= count:
                return found
            h.check(time.monotonic() < deadline,
                    f"{len(found)} of {count} records in time; records: {self.records()}; "
                    "log:\n" + "\n".join(self.lines[-20:] + self.reader.drain(0.1)))
            time.sleep(0.01)

    def zombies(self):
        """The dispatcher's children that have exited but were not reaped."""
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] == "Z" and int(fields[1]) == self.pid:
                found.append(int(pid))
        return found

    def stop(self):
        self.reader.proc.send_signal(signal.SIGTERM)
        return self.reader.proc.wait(timeout=h.DEFAULT_TIMEOUT)

    def close(self):
        if self.reader:
            self.reader.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Setup:
    """A rig with the sims, a LinkChanged monitor and a dispatcher (not started)."""

    def __init__(self, dispatcher_args=()):
        self.rig = h.Rig(SIMS)
        self.dispatcher = None
        try:
            self.rig.__enter__()
            self.bus = self.rig.bus
            phys = h.phys_by_id(self.bus)
            self.paths = [phys["sim0:10"], phys["sim1:10"]]
            for path in self.paths:
                h.busctl(self.bus, "call", "io.phyd", path, SIM, "SetAnegTime", "t", "100000")
            self.monitor = self.rig.reader(["busctl", f"--address={self.bus.address}",
                                            "monitor", "--json=short",
                                            f"--match={LINK_CHANGED}"])
            h.check(self.monitor.wait_for(lambda l: "Monitoring bus message stream" in l)
                    is not None, "busctl monitor did not start")
            self.dispatcher = Dispatcher(self.rig, dispatcher_args)
        except BaseException:
            self.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.dispatcher:
            self.dispatcher.close()
        self.rig.close()

    def signal(self, path, link):
        """(sequence, {key: value}) of the next LinkChanged of path with Link == link."""
        def match(line):
            try:
                msg = json.loads(line)
                seq, snap = msg["payload"]["data"]
            except (ValueError, KeyError, TypeError):
                return False
            return msg.get("path") == path and snap["Link"]["data"] == link
        line = self.monitor.wait_for(match)
        h.check(line is not None, f"no LinkChanged with Link={link} from {path}")
        seq, snap = json.loads(line)["payload"]["data"]
        return seq, {k: v["data"] for k, v in snap.items()}

    def plug(self, path):
        h.busctl(self.bus, "call", "io.phyd", path, SIM, "PlugPartner", "as",
                 str(len(PARTNER)), *PARTNER)
        return self.signal(path, True)

    def unplug(self, path):
        h.busctl(self.bus, "call", "io.phyd", path, SIM, "UnplugPartner")
        return self.signal(path, False)


def of(phy, seq, script=None):
    """A record predicate: the run of script (any, if None) for sequence seq of phy."""
    return lambda r: (r.get("PHYD_PHY") == phy and r.get("PHYD_SEQUENCE") == str(seq)
                      and (script is None or r["script"] == script))


def check_environment(rec, seq, snap, what):
    """The record's environment is the snapshot of the signal, and nothing else of ours."""
    want = {
        "PHYD_PHY": snap["Id"],
        "INTERFACE": snap["Interface"],
        "PHYD_LINK": "up" if snap["Link"] else "down",
        "PHYD_SPEED": str(snap["Speed"]),
        "PHYD_DUPLEX": snap["Duplex"],
        "PHYD_TX_PAUSE": "yes" if snap["NegotiatedTxPause"] else "no",
        "PHYD_RX_PAUSE": "yes" if snap["NegotiatedRxPause"] else "no",
        "PHYD_STATE": snap["State"],
        "PHYD_SEQUENCE": str(seq),
        "PATH": SCRIPT_PATH,
    }
    for key, value in want.items():
        h.check_equal(rec.get(key), value, f"{what}: {key}")
    for leak in ("PHYD_TEST_LEAK", "NOTIFY_SOCKET", "PHYD_BUILD_DIR", "HOME"):
        h.check(leak not in rec, f"{what}: {leak} leaked into the script's environment")


def pidfd(pid):
    try:
        return os.pidfd_open(pid)
    except ProcessLookupError:
        return None


def wait_gone(fd, what):
    """Awaits the exit of the process behind the pidfd fd (readable once it has exited)."""
    if fd is None:
        return
    try:
        ready, _, _ = select.select([fd], [], [], h.DEFAULT_TIMEOUT)
        h.check(ready, f"{what} still running")
    finally:
        os.close(fd)


def test_environment_and_order():
    with Setup() as s:
        d = s.dispatcher
        # Created out of order; run in byte order of the names.
        d.record_script("20-second")
        d.record_script("10-first")
        d.record_script(".hidden")
        d.script("15-not-executable", RECORD, mode=0o644)
        os.mkdir(os.path.join(d.scripts, "17-directory"), 0o755)
        d.start()

        seq_up, snap_up = s.plug(s.paths[0])
        recs = d.wait_records(of("sim0:10", seq_up), 2)
        h.check_equal([r["script"] for r in recs], ["10-first", "20-second"], "order of the runs")
        for rec in recs:
            check_environment(rec, seq_up, snap_up, f"plug, {rec['script']}")
        # The IEEE outcome, written out rather than taken from phyd.
        rec = recs[0]
        h.check_equal((rec["PHYD_LINK"], rec["PHYD_SPEED"], rec["PHYD_DUPLEX"],
                       rec["PHYD_TX_PAUSE"], rec["PHYD_RX_PAUSE"], rec["PHYD_STATE"],
                       rec["INTERFACE"]),
                      ("up", "100", "full", "yes", "yes", "running", ""), "plug")

        seq_down, snap_down = s.unplug(s.paths[0])
        recs = d.wait_records(of("sim0:10", seq_down), 2)
        h.check_equal([r["script"] for r in recs], ["10-first", "20-second"], "order of the runs")
        for rec in recs:
            check_environment(rec, seq_down, snap_down, f"unplug, {rec['script']}")
        rec = recs[0]
        h.check_equal((rec["PHYD_LINK"], rec["PHYD_TX_PAUSE"], rec["PHYD_RX_PAUSE"],
                       rec["PHYD_STATE"]), ("down", "no", "no", "nolink"), "unplug")

        # One at a time: the second script of an event ran after the first had finished.
        order = [(r["PHYD_SEQUENCE"], r["script"]) for r in d.records()
                 if r["PHYD_PHY"] == "sim0:10"]
        h.check_equal(order[-4:], [(str(seq_up), "10-first"), (str(seq_up), "20-second"),
                                   (str(seq_down), "10-first"), (str(seq_down), "20-second")],
                      "runs in order")
        skipped = [r["script"] for r in d.records()
                   if r["script"] not in ("10-first", "20-second")]
        h.check_equal(skipped, [], "hidden, non-executable and directory entries run")
        h.check_equal(d.zombies(), [], "unreaped scripts")
        h.check_equal(d.stop(), 0, "exit status on SIGTERM")


def test_timeout_kills_process_group():
    with Setup(["--timeout=500ms"]) as s:
        d = s.dispatcher
        # On a link up, starts a child and waits for it: both must go at the timeout.
        d.script("10-hang", """if [ "$PHYD_LINK" = up ]; then
        sleep 60 &
        echo "hanging: pid=$$ child=$!"
        wait
fi
""" + RECORD)
        d.record_script("20-after")
        d.start()

        seq_up, _ = s.plug(s.paths[0])
        line = d.wait_log(r"^10-hang \(sim0:10\): hanging: pid=\d+ child=\d+$")
        pids = dict(kv.split("=") for kv in line.split(": ", 2)[2].split())
        fds = {name: pidfd(int(pid)) for name, pid in pids.items()}
        d.wait_log(r"^10-hang for sim0:10 timed out after 500ms, killed\.$")
        for name, fd in fds.items():
            wait_gone(fd, f"the script's {name} ({pids[name]}) after the timeout")
        # The following script of the same event still runs, then the next event.
        d.wait_records(of("sim0:10", seq_up, "20-after"))
        seq_down, _ = s.unplug(s.paths[0])
        d.wait_records(of("sim0:10", seq_down, "10-hang"))
        d.wait_records(of("sim0:10", seq_down, "20-after"))
        h.check(not d.logged(r"10-hang for sim0:10 (exited|was killed)"),
                "the timeout was logged once, as a timeout")
        h.check(d.reader.proc.poll() is None, "the dispatcher still runs")
        h.check_equal(d.zombies(), [], "unreaped scripts")


def test_exit_status_logged():
    with Setup() as s:
        d = s.dispatcher
        d.script("10-fail", "echo failing >&2\nexit 3\n")
        d.record_script("20-after")
        d.start()

        seq_up, _ = s.plug(s.paths[0])
        d.wait_log(r"^10-fail \(sim0:10\): failing$")
        d.wait_log(r"^10-fail for sim0:10 exited with status 3\.$")
        d.wait_records(of("sim0:10", seq_up, "20-after"))
        seq_down, _ = s.unplug(s.paths[0])
        d.wait_log(r"^10-fail for sim0:10 exited with status 3\.$")
        d.wait_records(of("sim0:10", seq_down, "20-after"))


# Blocks the run for a link up of sim0 while the gate (a FIFO) exists, until the test opens
# and closes its other end; says so on stdout (the dispatcher's log) first.
GATE = """if [ "$PHYD_PHY" = sim0:10 ] && [ "$PHYD_LINK" = up ] && [ -p @GATE@ ]; then
        echo "at the gate: sequence $PHYD_SEQUENCE"
        cat @GATE@ >/dev/null
fi
"""


def open_gate(path):
    """Lets the script blocked on the FIFO at path go, and removes the gate for later runs."""
    fd = os.open(path, os.O_WRONLY)  # returns once the script has it open for reading
    os.unlink(path)
    os.close(fd)


def test_coalescing():
    with Setup() as s:
        d = s.dispatcher
        gate = d.fifo("gate")
        d.script("10-gate", GATE.replace("@GATE@", gate) + RECORD)
        d.record_script("20-record")
        d.start()

        first, _ = s.plug(s.paths[0])
        d.wait_log(rf"^10-gate \(sim0:10\): at the gate: sequence {first}$")
        # Four more events while the first one's scripts run.
        seqs = []
        for _ in range(2):
            seqs.append(s.unplug(s.paths[0])[0])
            seqs.append(s.plug(s.paths[0])[0])
        h.check_equal(seqs, list(range(first + 1, first + 5)), "sequences of the events")
        latest = seqs[-1]
        # Received, all of them (in order, so the latest last), before the gate opens.
        d.wait_log(rf"^sim0:10: LinkChanged sequence {latest} received")
        open_gate(gate)

        d.wait_log(rf"^sim0:10: 4 link events coalesced into the latest "
                   rf"\(sequence {latest}\)\.$")
        recs = d.wait_records(of("sim0:10", latest), 2)
        h.check_equal([r["script"] for r in recs], ["10-gate", "20-record"], "latest run")
        h.check_equal(recs[0]["PHYD_LINK"], "up", "the latest state")
        ran = [int(r["PHYD_SEQUENCE"]) for r in d.records() if r["PHYD_PHY"] == "sim0:10"
               and int(r["PHYD_SEQUENCE"]) >= first]
        h.check_equal(ran, [first, first, latest, latest], "sequences the scripts saw")


def test_hanging_script_holds_up_nobody():
    with Setup() as s:
        d = s.dispatcher
        gate = d.fifo("gate")
        d.script("10-gate", GATE.replace("@GATE@", gate) + RECORD)
        d.start()

        held, _ = s.plug(s.paths[0])
        d.wait_log(rf"^10-gate \(sim0:10\): at the gate: sequence {held}$")
        try:
            # phyd goes on: busctl monitor sees the other PHY's events and this one's.
            other = [s.plug(s.paths[1])[0], s.unplug(s.paths[1])[0]]
            down, _ = s.unplug(s.paths[0])
            # The other PHY's scripts run meanwhile.
            for seq in other:
                d.wait_records(of("sim1:10", seq, "10-gate"))
            h.check_equal([r for r in d.records() if of("sim0:10", held)(r)], [],
                          "sim0's script is still held")
        finally:
            open_gate(gate)
        d.wait_records(of("sim0:10", held, "10-gate"))
        d.wait_records(of("sim0:10", down, "10-gate"))


def test_follows_phyd_restart():
    with Setup() as s:
        d = s.dispatcher
        d.record_script("10-record")
        d.start()
        seq, _ = s.plug(s.paths[0])
        d.wait_records(of("sim0:10", seq))

        h.check_equal(s.rig.phyd.stop(), 0, "phyd exit status on SIGTERM")
        s.rig.phyd.start()
        seq, snap = s.plug(s.paths[0])
        rec = d.wait_records(of("sim0:10", seq))[-1]
        check_environment(rec, seq, snap, "plug after the restart")
        h.check(d.reader.proc.poll() is None, "the dispatcher still runs")


def test_bus_loss_is_a_failure():
    with Setup() as s:
        d = s.dispatcher
        d.start()
        s.bus.proc.terminate()
        d.wait_log(r"^Lost the connection to the bus\.$")
        # A failure, so that Restart=on-failure brings it back.
        h.check_equal(d.reader.proc.wait(timeout=h.DEFAULT_TIMEOUT), 1, "exit status")


def test_options_documented():
    r = h.run_cmd([DISPATCHER, "--help"])
    options = set()
    for line in r.stdout.splitlines():
        if line.startswith("  "):
            column = re.split(r"\s{2,}", line.strip())[0]
            options.update(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", column))
    h.check({"--help", "--address", "--netns", "--scripts-dir", "--timeout"} <= options,
            f"--help parsed into options: {sorted(options)}")
    with open(MAN_PAGE) as f:
        lines = f.read().splitlines()
    section, items = None, []
    for i, line in enumerate(lines):
        m = re.match(r'\.SH\s+"?([^"]*)"?', line)
        if m:
            section = m.group(1)
        elif section == "OPTIONS" and re.match(r"\.(TP|TQ)\b", line):
            items.append(lines[i + 1].replace("\\-", "-"))
    missing = sorted(o for o in options
                     if not any(re.search(r"(?<![\w-])" + re.escape(o) + r"(?![\w-])", t)
                                for t in items))
    h.check(not missing, f"options missing from phyd-dispatcher.8 OPTIONS: {missing}")

    r = h.run_cmd([DISPATCHER, "--timeout=soon"], check_rc=False)
    h.check_equal(r.returncode, 1, "exit status for a bad --timeout")
    h.check("--timeout" in r.stderr, f"the error names the option: {r.stderr!r}")


if __name__ == "__main__":
    sys.exit(h.run([
        ("the environment is the snapshot; scripts run in name order, others skipped",
         test_environment_and_order),
        ("a script past --timeout is killed with its process group, the next event runs",
         test_timeout_kills_process_group),
        ("a script's exit status is logged, the following script runs", test_exit_status_logged),
        ("events during a run are coalesced into the latest", test_coalescing),
        ("a hanging script holds up neither phyd nor other PHYs",
         test_hanging_script_holds_up_nobody),
        ("the dispatcher follows io.phyd across a phyd restart", test_follows_phyd_restart),
        ("losing the bus ends the dispatcher with a failure", test_bus_loss_is_a_failure),
        ("every --help option is documented in phyd-dispatcher.8", test_options_documented),
    ]))
