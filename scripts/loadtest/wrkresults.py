"""What measure_scenarios (common.sh) leaves in the work folder, read back for the reports of run.sh and gateway.sh:
wrk's outputs per scenario and round, and the `top` samples taken during them."""
import os
import re
import statistics

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def ms(value):
    """A wrk latency ("812.00us", "4.25ms", "1.02s") in milliseconds."""
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", value)
    return float(m.group(1)) * _UNITS[m.group(2)]


def read_scenario(work, key, rounds, own_pids, ignored_commands, foreign):
    """The rounds of scenario `key`: label, url, median requests/s and p99 (ms), errors, the raw outputs and the
    per-round figures. Processes not ours (`own_pids`, `ignored_commands`) seen at 10% CPU or more are appended to
    `foreign`."""
    label, url = open(os.path.join(work, f"wrk-{key}.label")).read().splitlines()[:2]
    raws, rpss, p99s, errs = [], [], [], []
    for r in range(1, rounds + 1):
        raw = open(os.path.join(work, f"wrk-{key}-{r}.txt")).read()
        raws.append(raw)
        rpss.append(float(re.search(r"Requests/sec:\s+([\d.]+)", raw).group(1)))
        p99s.append(ms(re.search(r"^\s+99%\s+(\S+)", raw, re.M).group(1)))
        e = re.search(r"Non-2xx or 3xx responses: \d+|Socket errors: .*", raw)
        if e:
            errs.append(f"round {r}: {e.group(0)}")
        top = os.path.join(work, f"top-{key}-{r}.txt")
        if os.path.exists(top):
            for line in open(top).read().splitlines():
                f = line.split()
                if len(f) >= 12 and f[0].isdigit() and f[0] not in own_pids and f[11] not in ignored_commands:
                    try:
                        busy = float(f[8])
                    except ValueError:
                        continue
                    if busy >= 10:
                        foreign.append(f"({key}) round {r}: pid {f[0]} {f[11]} at {busy:.0f}% CPU")
    return dict(label=label, url=url, rps=statistics.median(rpss), p99=statistics.median(p99s),
                err="; ".join(errs), raws=raws, rpss=rpss, p99s=p99s)
