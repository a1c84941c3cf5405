"""cardsh benchmarks against the PC/SC stack (pcscd + vpcd + cardsh-sim) and in process.

Run by Bench/run.sh (`make bench`), which builds the release binaries and the C helpers, takes the PC/SC stack
lock and starts the stack with the release cardsh-sim. Needs Debian's /usr/bin/python3 (python3-pyscard).

    bench.py [--apdus N] [--rounds N] [--startup-runs N] [--soak N] [--only SECTION[,SECTION]]

Sections: overhead, scp03, startup, tlv, memory, soak. Every figure comes from this run; the machine and the
date head the report. A wall-clock time is measured from launch to exit of a process by Bench/launch_time.c
(posix_spawn, no shell); a figure "per APDU" divides it by the number of APDUs.
"""
import argparse
import datetime
import os
import pty
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, ".build", "release")
TOOLS = os.path.join(ROOT, ".build", "bench")
CARDSH = os.path.join(RELEASE, "cardsh")
BENCH = os.path.join(RELEASE, "cardsh-bench")
PEERS_PYTHON = os.environ.get("CARDSH_PEERS_VENV", os.path.join(ROOT, ".venv-peers")) + "/bin/python"
READER = "Virtual PCD 00 00"
SECTIONS = ["overhead", "scp03", "startup", "tlv", "memory", "soak"]

# The replayed script: a cycle of four APDUs whose answers are all 9000 with BER-TLV data, so the shell decodes
# and names every object: SELECT the ISD (FCI, 115 bytes), GET DATA CPLC (45 bytes), GET DATA card data
# (90 bytes), SELECT the PPSE (EMV FCI, 76 bytes; the next SELECT goes back to the ISD).
CYCLE = [
    "00A4040008A00000015100000000",
    "80CA9F7F00",
    "80CA006600",
    "00A404000E325041592E5359532E444446303100",
]
# Under the secure channel (and in plain, for the difference): a command with data and one without.
SCP_CYCLE = ["80F24002024F0000", "80CA9F7F00"]
SCP_OPEN = "scp03 open --level cmac+cdec+rmac+renc"


class BenchError(Exception):
    pass


def log(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def write_file(directory, name, lines):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write("".join(line + "\n" for line in lines))
    return path


def timed(argv, output, runs=1):
    """Wall-clock microseconds of each of `runs` runs of argv (standard output to `output`)."""
    result = subprocess.run(
        [os.path.join(TOOLS, "launch_time"), str(runs), output] + argv, stdout=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise BenchError("%s failed (output in %s)" % (" ".join(argv), output))
    return [float(x) for x in result.stdout.split()]


def cpu_time(argv, output):
    """User + system CPU microseconds of one run of argv (standard output to `output`), all its threads."""
    with open(output, "w") as out:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise BenchError("%s failed (output in %s)" % (" ".join(argv), output))
    return (usage.ru_utime + usage.ru_stime) * 1e6


def count_lines(path, pattern):
    regex = re.compile(pattern)
    with open(path, errors="replace") as f:
        return sum(1 for line in f if regex.search(line))


def machine():
    model = "unknown CPU"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return "%d cores (%s), %s" % (os.cpu_count(), model, os.uname().release)


class Report:
    def __init__(self):
        self.rows = []  # (section, what, figure, note)

    def add(self, section, what, figure, note=""):
        self.rows.append((section, what, figure, note))
        log("  %-40s %-22s %s" % (what, figure, note))

    def table(self):
        widths = [max(len(r[i]) for r in self.rows) for i in range(3)]
        lines = []
        section = None
        for r in self.rows:
            if r[0] and r[0] != section:
                section = r[0]
                lines.append("")
                lines.append(section)
            lines.append("  %-*s  %*s  %s" % (widths[1], r[1], widths[2], r[2], r[3]))
        return "\n".join(lines)


def overhead(args, work, report):
    """Per-APDU cost of replaying the same script: bare SCardTransmit loop, cardsh, scriptor, pyscard."""
    n = args.apdus
    script = write_file(work, "apdus.script", [CYCLE[i % len(CYCLE)] for i in range(n)])
    out = os.path.join(work, "overhead.out")
    tools = [
        ("bare C SCardTransmit loop", [os.path.join(TOOLS, "bare_transmit"), READER, script], None),
        ("cardsh (release, text output)", [CARDSH, "--reader", READER, script], r"^   9000 normal processing"),
        ("scriptor (pcsc-tools)", ["scriptor", "-r", READER, script], r"90 00 : Normal processing"),
        ("pyscard loop", ["/usr/bin/python3", os.path.join(ROOT, "Bench", "pyscard_loop.py"), READER, script],
         r" 9000$"),
    ]
    times = {name: [] for name, _, _ in tools}
    for round in range(args.rounds):
        for name, argv, check in tools:
            times[name] += timed(argv, out)
            if check is not None:
                answered = count_lines(out, check)
                if answered != n:
                    raise BenchError("%s: %d of %d APDUs answered 9000 (output in %s)" % (name, answered, n, out))
        log("  round %d of %d done" % (round + 1, args.rounds))
    best = {name: min(t) / n for name, t in times.items()}
    bare = best["bare C SCardTransmit loop"]
    report.add("Per-APDU cost, %d-APDU script over pcscd/vpcd (whole process, best of %d)" % (n, args.rounds),
               "bare C SCardTransmit loop", "%.1f us/APDU" % bare, "1.00x (the physical limit)")
    for name, _, _ in tools[1:]:
        report.add("", name, "%.1f us/APDU" % best[name], "%.2fx the bare loop" % (best[name] / bare))
    report.summary["overhead"] = best


def scp03(args, work, report):
    """Added cost of SCP03 at cmac+cdec+rmac+renc over plain, for the same commands."""
    results = {}

    def differential(reader_args, n, label, measure):
        # Four scripts: plain and secured, with n commands and with none; the difference of differences removes
        # start-up, connection and handshake. Best of `rounds` for each.
        commands = [SCP_CYCLE[i % len(SCP_CYCLE)] for i in range(n)]
        scripts = {
            "plain0": ["select isd"],
            "plainN": ["select isd"] + commands,
            "scp0": ["select isd", SCP_OPEN],
            "scpN": ["select isd", SCP_OPEN] + commands,
        }
        paths = {k: write_file(work, "scp-%s-%s.script" % (label, k), v) for k, v in scripts.items()}
        out = os.path.join(work, "scp.out")
        best = {}
        for _ in range(args.rounds):
            for key, path in paths.items():
                best[key] = min(best.get(key, float("inf")), measure([CARDSH] + reader_args + [path], out))
                if key == "scpN" and count_lines(out, r"^secure channel +SCP03 S8, level cmac\+cdec\+rmac\+renc") != 1:
                    raise BenchError("cardsh did not open SCP03 at the full level (output in %s)" % out)
        plain = (best["plainN"] - best["plain0"]) / n
        secured = (best["scpN"] - best["scp0"]) / n
        return plain, secured

    n = args.apdus
    # In process the card's work is the shell's own, and rendering runs on a second thread: CPU time (all
    # threads) is what SCP03 adds, where wall-clock time would hide it behind the rendering.
    plain, secured = differential(["--sim"], n, "sim", cpu_time)
    title = "SCP03 cmac+cdec+rmac+renc vs plain (GET STATUS with data / GET DATA CPLC, alternating)"
    report.add(title, "cardsh --sim, in process: plain", "%.1f us CPU/APDU" % plain,
               "whole shell: parse, transmit, decode, render; %d APDUs" % n)
    report.add("", "cardsh --sim, in process: SCP03", "%.1f us CPU/APDU" % secured,
               "added %.1f us CPU/APDU (host wrap/unwrap + the card's side)" % (secured - plain))
    results["sim_added"] = secured - plain

    lines = subprocess.run([BENCH, "scp03", "100000"], stdout=subprocess.PIPE, text=True, check=True).stdout
    values = dict(line.split() for line in lines.splitlines())
    host, card = float(values["scp03.host_us_per_apdu"]), float(values["scp03.card_us_per_apdu"])
    report.add("", "cardsh host secure messaging alone", "%.2f us/APDU" % host,
               "wrap + unwrap, no transport (card side %.2f us)" % card)
    results["host_only"] = host

    m = args.scp_apdus
    plain, secured = differential(["--reader", READER], m, "pcsc", lambda argv, out: timed(argv, out)[0])
    report.add("", "cardsh over pcscd: added by SCP03", "%.1f us/APDU" % (secured - plain),
               "plain %.1f, SCP03 %.1f us/APDU; %d APDUs" % (plain, secured, m))
    results["pcsc_added"] = secured - plain

    lines = subprocess.run([PEERS_PYTHON, os.path.join(ROOT, "Bench", "yubikit_scp03_loop.py"), READER, str(m)],
                           stdout=subprocess.PIPE, text=True, check=True).stdout
    values = dict(line.split() for line in lines.splitlines())
    yplain, yscp = float(values["yubikit.plain_us_per_apdu"]), float(values["yubikit.scp03_us_per_apdu"])
    report.add("", "yubikit over pcscd: added by SCP03", "%.1f us/APDU" % (yscp - yplain),
               "plain %.1f, SCP03 %.1f us/APDU; %d APDUs; %.1fx cardsh's added cost"
               % (yplain, yscp, m, (yscp - yplain) / max(secured - plain, 0.01)))
    results["yubikit_added"] = yscp - yplain
    report.summary["scp03"] = results


def startup(args, work, report):
    """Launch to first answer: cardsh -c atr against opensc-tool -a on the same reader; median of N runs."""
    listing = subprocess.run(["opensc-tool", "-l"], stdout=subprocess.PIPE, text=True).stdout
    if not re.search(r"^0\s.*" + re.escape(READER), listing, re.M):
        raise BenchError("opensc-tool's reader 0 is not %s:\n%s" % (READER, listing))
    out = os.path.join(work, "startup.out")
    tools = [
        ("opensc-tool -r 0 -a", ["opensc-tool", "-r", "0", "-a"], r"(?i)^3b:"),
        ("cardsh --reader ... -c atr", [CARDSH, "--reader", READER, "-c", "atr"], r"^ +historical bytes|^ATR"),
    ]
    times = {name: [] for name, _, _ in tools}
    batches = 5
    per_batch = max(1, args.startup_runs // batches)
    for _ in range(batches):
        for name, argv, check in tools:
            times[name] += timed(argv, out, per_batch)
            if count_lines(out, check) == 0:
                raise BenchError("%s printed no ATR (output in %s)" % (name, out))
    median = {name: statistics.median(t) / 1000 for name, t in times.items()}
    reference = median["opensc-tool -r 0 -a"]
    title = "Start-up to first answer (median of %d runs)" % (per_batch * batches)
    report.add(title, "opensc-tool -r 0 -a", "%.2f ms" % reference, "1.00x")
    name = "cardsh --reader ... -c atr"
    report.add("", name, "%.2f ms" % median[name],
               "%.2fx opensc-tool (parsed ATR and card names included)" % (median[name] / reference))
    report.summary["startup"] = median


def tlv(args, work, report):
    lines = subprocess.run([BENCH, "tlv", "200"], stdout=subprocess.PIPE, text=True, check=True).stdout
    v = dict(line.split() for line in lines.splitlines())
    title = "BER-TLV decoding, %s bytes, %s objects, %s levels deep" % (v["tlv.bytes"], v["tlv.objects"], v["tlv.depth"])
    report.add(title, "TLV.decodeAll (CardCore)", "%.0f us" % float(v["tlv.decode_us_median"]),
               "%.0f MB/s (median of 200)" % float(v["tlv.decode_mb_s"]))
    report.add("", "the shell's `tlv HEX` command", "%.1f ms" % (float(v["tlv.shell_us_median"]) / 1000),
               "parse + decode + name every tag + text layout (%s bytes of text)" % v["tlv.shell_output_bytes"])
    report.summary["tlv"] = v


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise BenchError("no VmRSS for %d" % pid)


def memory(args, work, report):
    """Resident size of the interactive shell at its first prompt (on a pseudo-terminal, connected)."""
    home = tempfile.mkdtemp(prefix="cardsh-bench-home-", dir=work)
    env = dict(os.environ, HOME=home, CARDSH_CONFIG="", TERM="dumb", NO_COLOR="1")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(CARDSH, [CARDSH, "--reader", READER], env)
    seen = b""
    deadline = time.monotonic() + 10
    while b"> " not in seen:
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            raise BenchError("no prompt from cardsh within 10 s: %r" % seen)
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            seen += os.read(fd, 4096)
    time.sleep(0.2)
    at_prompt = rss_kib(pid)
    os.write(fd, b"exit\n")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        try:
            select.select([fd], [], [], 0.05)
            os.read(fd, 4096)
        except OSError:
            pass
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    os.close(fd)
    report.add("Memory (resident set size)", "cardsh at the prompt, connected", "%.1f MiB" % (at_prompt / 1024),
               "interactive, on a pseudo-terminal")
    report.summary["rss_prompt"] = at_prompt


def soak(args, work, report):
    """Piped script of `args.soak` APDUs; RSS sampled at every quarter; every APDU must answer 9000."""
    n = args.soak
    quarter = n // 4
    marks = [0, quarter, 2 * quarter, 3 * quarter, n]
    err_path = os.path.join(work, "soak.err")
    with open(err_path, "w") as err:
        proc = subprocess.Popen([CARDSH, "--reader", READER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=err)

    def feed():
        try:
            sent = 0
            for mark in marks:
                lines = [CYCLE[i % len(CYCLE)] for i in range(sent, mark)]
                sent = mark
                # `sw 6A88` prints a line starting "6A88:" once every APDU before it has been answered.
                proc.stdin.write(("".join(l + "\n" for l in lines) + "sw 6A88\n").encode())
            proc.stdin.close()
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed)
    start = time.monotonic()
    writer.start()
    samples = []
    answered = 0
    for line in proc.stdout:
        if line.startswith(b"   9000 normal processing"):
            answered += 1
        elif line.startswith(b"6A88:"):
            samples.append((answered, rss_kib(proc.pid)))
    elapsed = time.monotonic() - start
    writer.join()
    status = proc.wait()
    with open(err_path) as f:
        errors = f.read()
    if status != 0 or errors or answered != n or len(samples) != len(marks):
        raise BenchError("soak: exit %d, %d of %d APDUs answered 9000, stderr: %s" % (status, answered, n, errors[:500]))
    title = "Soak: %d APDUs piped to one cardsh over pcscd/vpcd (%.1f s, every one 9000)" % (n, elapsed)
    for count, kib in samples:
        report.add(title if count == 0 else "", "RSS after %d APDUs" % count, "%.1f MiB" % (kib / 1024),
                   "" if count == 0 else "%+d KiB since the start" % (kib - samples[0][1]))
    report.summary["soak"] = samples


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--apdus", type=int, default=10000, help="APDUs in the replayed script (10000)")
    parser.add_argument("--scp-apdus", type=int, default=4000, help="APDUs per SCP03 run over pcscd (4000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each timed run; the best counts (5)")
    parser.add_argument("--startup-runs", type=int, default=50, help="start-up runs of each program (50)")
    parser.add_argument("--soak", type=int, default=100000, help="APDUs in the soak (100000)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="sections, comma-separated")
    parser.add_argument("--results", help="also write the report to this file")
    args = parser.parse_args()
    sections = args.only.split(",")
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        parser.error("unknown section(s): %s" % ", ".join(unknown))

    report = Report()
    report.summary = {}
    header = "cardsh benchmarks, %s UTC, %s" % (
        datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"), machine())
    log(header)
    started = time.monotonic()
    # Scripts and outputs stay in .build/bench/work for a look after a failure.
    work = os.path.join(TOOLS, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    for section in SECTIONS:
        if section in sections:
            log("%s:" % section)
            globals()[section](args, work, report)
    text = header + "\n" + report.table() + "\n\n(%.0f s)\n" % (time.monotonic() - started)
    print(text)
    if args.results:
        with open(args.results, "w") as f:
            f.write(text)


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        log("bench: " + str(error))
        sys.exit(1)
