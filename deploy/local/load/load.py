#!/usr/bin/env python3
"""Load and fault drivers of deploy/local/load/*.sh (standard library only).

  load.py trainers  -- submits jobs in bursts through the gateway, kills one trainer with SIGKILL and
                       restarts the broker in the middle, waits for every job, checks the outcome
  load.py serving   -- predicts at saturation through the gateway for a while, kills one inference
                       worker with SIGKILL mid-way and restarts it, checks every answer

Both print a figures table and exit 1 when an expectation is violated. The shell scripts start and
stop the platform; this file only talks to the gateway and runs the fault commands it is given.
"""
import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

TERMINAL = {"SUCCEEDED", "FAILED", "CANCELLED"}


class Gateway:
    """The gateway's REST API with the X-API-Key header."""

    def __init__(self, url, key):
        self.url = url.rstrip("/")
        self.key = key

    def call(self, method, path, body=None, headers=None, timeout=30):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("X-API-Key", self.key)
        if body is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def jobs(self, prefix):
        status, page = self.call("GET", "/api/v1/training-jobs?size=200")
        if status != 200:
            raise RuntimeError(f"listing jobs answered {status}: {page}")
        return {j["jobId"]: j for j in page["items"] if j["modelName"].startswith(prefix)}


def log(message):
    print(time.strftime("%H:%M:%S ") + message, flush=True)


def pid_of(home, service):
    with open(os.path.join(home, "run", service + ".pid")) as f:
        return int(f.read().strip())


def run(command):
    log("$ " + command)
    subprocess.run(command, shell=True, check=True, stdout=sys.stderr, stderr=sys.stderr)


def table(rows):
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"  {name.ljust(width)}  {value}")


# ---------------------------------------------------------------------------------------------------
# trainers at scale

def submit(gateway, spec, key, give_up):
    """Submits one job, retrying (same Idempotency-Key, so never twice) while the platform recovers."""
    while True:
        try:
            status, body = gateway.call("POST", "/api/v1/training-jobs", spec, {"Idempotency-Key": key}, timeout=15)
            if status in (200, 201):
                return body["jobId"]
            if status < 500 and status != 429:
                raise RuntimeError(f"submit answered {status}: {body}")
            log(f"submit {key} answered {status}, retrying")
        except (OSError, http.client.HTTPException) as e:
            log(f"submit {key}: {e}, retrying")
        if time.monotonic() > give_up:
            raise RuntimeError(f"could not submit {key}")
        time.sleep(1)


def trainers(args):
    gateway = Gateway(args.gateway, args.key)
    prefix = args.model_prefix
    spec = json.loads(args.job)
    started = time.monotonic()
    give_up = started + args.timeout
    submitted = {}  # job id -> monotonic submit time
    killed_worker = None
    faults = []
    longest_idle_wait = {}  # job id -> longest continuous seconds queued while a trainer was idle
    idle_since = {}
    samples = 0
    idle_trainer_seconds = 0.0
    peak_running = 0
    last_poll = time.monotonic()
    bursts = [args.jobs // args.bursts + (1 if i < args.jobs % args.bursts else 0) for i in range(args.bursts)]
    next_burst_at = started
    burst = 0
    broker_restarted = False
    views = {}
    orphans = set()
    while True:
        now = time.monotonic()
        if burst < len(bursts) and now >= next_burst_at:
            for _ in range(bursts[burst]):
                n = len(submitted)
                job = dict(spec, modelName=f"{prefix}-{n % args.models}")
                job_id = submit(gateway, job, f"{prefix}-job-{n}", give_up)
                submitted[job_id] = time.monotonic()
            log(f"burst {burst + 1}/{len(bursts)}: {bursts[burst]} jobs ({len(submitted)} in all)")
            burst += 1
            next_burst_at = time.monotonic() + args.burst_every
        views = gateway.jobs(prefix)
        states = {j: views[j]["state"] if j in views else "UNSEEN" for j in submitted}
        done = sum(1 for s in states.values() if s in TERMINAL)
        # the faults, in the middle of the run: a trainer that holds a job dies, then the broker restarts
        if killed_worker is None and done >= args.jobs * args.kill_after:
            running_on = {views[j]["workerId"] for j in submitted if states[j] == "RUNNING"}
            victims = [w for w in args.kill_candidates.split(",") if w in running_on] or \
                      args.kill_candidates.split(",")[:1]
            killed_worker = victims[0]
            pid = pid_of(args.home, killed_worker)
            os.kill(pid, signal.SIGKILL)
            faults.append((time.monotonic() - started, f"kill -9 {killed_worker} (pid {pid}, "
                           f"{'holding a job' if killed_worker in running_on else 'idle'})"))
            log(faults[-1][1])
        if killed_worker and not broker_restarted and time.monotonic() - started >= faults[0][0] + args.broker_after:
            run(args.broker_stop)
            down = time.monotonic()
            run(args.broker_start)
            broker_restarted = True
            faults.append((down - started, f"broker stopped, started again and ready {time.monotonic() - down:.1f} s "
                                           f"later"))
            log(faults[-1][1])
        # idle trainers while jobs wait: alive trainers minus those that hold a job
        alive = args.trainers - (1 if killed_worker else 0)
        busy = {views[j]["workerId"] for j in submitted
                if states[j] == "RUNNING" and views[j]["workerId"] != killed_worker}
        peak_running = max(peak_running, len(busy))
        idle = max(0, alive - len(busy))
        on_dead = [j for j in submitted if states[j] == "RUNNING" and views[j]["workerId"] == killed_worker]
        orphans.update(on_dead)
        waiting = [j for j in submitted if states[j] in ("QUEUED", "UNSEEN")] + on_dead
        now = time.monotonic()
        interval = now - last_poll
        last_poll = now
        samples += 1
        if waiting:
            idle_trainer_seconds += idle * interval
        for j in submitted:
            if j in waiting and idle > 0:
                idle_since.setdefault(j, now)
                longest_idle_wait[j] = max(longest_idle_wait.get(j, 0.0), now - idle_since[j])
            else:
                idle_since.pop(j, None)
        if burst == len(bursts) and done == len(submitted) and broker_restarted:
            break
        if time.monotonic() > give_up:
            log(f"gave up after {args.timeout} s: {done} of {len(submitted)} jobs ended")
            break
        time.sleep(args.poll)
    elapsed = time.monotonic() - started

    # the outcome: every job succeeded, one version per job, no model version from two jobs or twice
    views = gateway.jobs(prefix)
    by_state = {}
    for j in submitted:
        state = views.get(j, {}).get("state", "UNSEEN")
        by_state[state] = by_state.get(state, 0) + 1
    versions_of_job = {}
    versions = 0
    for m in range(args.models):
        status, listing = gateway.call("GET", f"/api/v1/models/{prefix}-{m}/versions")
        if status != 200:
            continue
        for v in listing:
            versions += 1
            job = (v.get("provenance") or {}).get("jobId", "?")
            versions_of_job.setdefault(job, []).append(f"{v['model']} v{v['version']}")
    duplicates = {j: v for j, v in versions_of_job.items() if len(v) > 1}
    mismatched = [j for j in submitted if views.get(j, {}).get("state") == "SUCCEEDED"
                  and len(versions_of_job.get(j, [])) != 1]
    redelivered = [j for j in submitted if views.get(j, {}).get("attempts", 1) > 1]
    orphaned = set(orphans)
    worst = max(((j, w) for j, w in longest_idle_wait.items() if j not in orphaned), key=lambda kv: kv[1],
                default=("-", 0.0))
    worst_orphan = max(((j, w) for j, w in longest_idle_wait.items() if j in orphaned), key=lambda kv: kv[1],
                       default=("-", 0.0))

    print()
    print(f"Trainers at scale: {args.trainers} trainers, {len(submitted)} jobs in {args.bursts} bursts")
    table([
        ("jobs by state", ", ".join(f"{k} {v}" for k, v in sorted(by_state.items()))),
        ("model versions", f"{versions} ({args.models} models)"),
        ("jobs with two or more versions", str(len(duplicates))),
        ("succeeded jobs without exactly one version", str(len(mismatched))),
        ("jobs run more than once (attempts > 1)", str(len(redelivered))),
        ("faults", "; ".join(f"{t:.0f} s: {what}" for t, what in faults)),
        ("most trainers busy at once", str(peak_running)),
        ("longest a job waited while a trainer was idle", f"{worst[1]:.1f} s (job {worst[0]}, sampled every "
                                                          f"{args.poll:.0f} s; the killed trainer's job apart)"),
        ("the killed trainer's job, waiting for redelivery", f"{worst_orphan[1]:.1f} s while a trainer was idle "
                                                             f"(job {worst_orphan[0]})"),
        ("trainer-seconds idle while jobs waited", f"{idle_trainer_seconds:.0f}"),
        ("wall time, first submit to last job ended", f"{elapsed:.0f} s"),
    ])
    failures = []
    if by_state.get("SUCCEEDED", 0) != args.jobs:
        failures.append(f"expected {args.jobs} SUCCEEDED, got {by_state}")
        for j in submitted:
            if views.get(j, {}).get("state") != "SUCCEEDED":
                print(f"  {j}: {views.get(j, {}).get('state')} {views.get(j, {}).get('reason')}")
    if versions != args.jobs:
        failures.append(f"expected {args.jobs} versions, got {versions}")
    if duplicates:
        failures.append(f"jobs with several versions: {duplicates}")
    if mismatched:
        failures.append(f"succeeded jobs without exactly one version: {mismatched}")
    if not broker_restarted or killed_worker is None:
        failures.append("the faults did not happen")
    for f in failures:
        print("EXPECTATION FAILED: " + f)
    return 1 if failures else 0


# ---------------------------------------------------------------------------------------------------
# serving under faults

def serving(args):
    with open(args.image, "rb") as f:
        image = f.read()
    host, port = args.gateway.replace("http://", "").rstrip("/").split(":")
    path = f"/api/v1/models/{args.model}/predict?topK=1"
    results = []  # (start offset s, latency s, status or error name)
    lock = threading.Lock()
    started = time.monotonic()
    stop_at = [float("inf")]  # set once the restarted worker is ready: --seconds in all, --after after it

    def client():
        connection = None
        while time.monotonic() < stop_at[0]:
            t0 = time.monotonic()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(host, int(port), timeout=args.hang_after)
                connection.request("POST", path, image, {"X-API-Key": args.key, "Content-Type": "image/png"})
                response = connection.getresponse()
                response.read()
                outcome = response.status
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except TimeoutError:
                outcome = "HANG"
                connection = None
            except (OSError, http.client.HTTPException) as e:
                outcome = type(e).__name__
                connection = None
            with lock:
                results.append((t0 - started, time.monotonic() - t0, outcome))
            if outcome == 429:
                time.sleep(0.05)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(args.clients)]
    for t in threads:
        t.start()
    marks = {}
    time.sleep(max(0.0, started + args.kill_at - time.monotonic()))
    pid = pid_of(args.home, args.victim)
    os.kill(pid, signal.SIGKILL)
    marks["kill"] = time.monotonic() - started
    log(f"kill -9 {args.victim} (pid {pid}) at {marks['kill']:.1f} s")
    time.sleep(max(0.0, started + args.restart_at - time.monotonic()))
    marks["restart"] = time.monotonic() - started
    run(args.restart)
    marks["ready"] = time.monotonic() - started
    log(f"{args.victim} restarted at {marks['restart']:.1f} s, ready at {marks['ready']:.1f} s")
    stop_at[0] = max(started + args.seconds, time.monotonic() + args.after)
    for t in threads:
        t.join(args.hang_after + 5)
    elapsed = time.monotonic() - started

    phases = [("before the kill", 0.0, marks["kill"]), ("killed, until restarted", marks["kill"], marks["ready"]),
              ("after the restart", marks["ready"], elapsed)]
    rows = []
    for name, lo, hi in phases:
        inside = [r for r in results if lo <= r[0] < hi]
        ok = sorted(r[1] for r in inside if r[2] == 200)
        everything = sorted(r[1] for r in inside)
        counts = {}
        for r in inside:
            counts[str(r[2])] = counts.get(str(r[2]), 0) + 1
        rows.append((f"{name} ({lo:.0f}-{hi:.0f} s)",
                     f"{len(inside)} requests, {len(inside) / max(hi - lo, 1e-9):.1f}/s; "
                     f"p50 {pct(everything, 50)} p99 {pct(everything, 99)} max {pct(everything, 100)} (200 only: "
                     f"p50 {pct(ok, 50)} p99 {pct(ok, 99)}); "
                     + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))))
        for outcome in sorted({str(r[2]) for r in inside} - {"200"}):
            at = [r[0] for r in inside if str(r[2]) == outcome]
            rows.append((f"  {outcome} sent at", f"{min(at):.1f}-{max(at):.1f} s"))
    print()
    print(f"Serving under faults: {args.clients} clients for {elapsed:.0f} s, {args.workers} inference workers, "
          f"{args.victim} killed at {marks['kill']:.0f} s, restarted at {marks['restart']:.0f} s, ready at "
          f"{marks['ready']:.0f} s")
    table(rows)
    clean = {200, 429, 503, 504}
    failures = []
    unclean = [r for r in results if r[2] not in clean]
    if unclean:
        failures.append(f"{len(unclean)} answers were not 200/429/503/504: "
                        f"{sorted({str(r[2]) for r in unclean})}")
    late = [r for r in results if r[1] > args.deadline]
    if late:
        failures.append(f"{len(late)} answers came after the {args.deadline} s deadline (longest "
                        f"{max(r[1] for r in late):.1f} s)")
    tail = [r for r in results if r[0] >= max(marks["ready"], stop_at[0] - started - args.healthy_tail)]
    # healthy again: every answer of the last seconds a 200, or a 429 when more clients than the gateway's
    # bound on predicts in flight (max-in-flight, 64) shed load by design
    if not any(r[2] == 200 for r in tail) or any(r[2] not in (200, 429) for r in tail):
        failures.append(f"the last {args.healthy_tail} s were not all 200 (or 429 beyond the gateway's bound): "
                        f"{sorted({str(r[2]) for r in tail})} of {len(tail)}")
    for f in failures:
        print("EXPECTATION FAILED: " + f)
    return 1 if failures else 0


def pct(values, p):
    if not values:
        return "-"
    if p == 100:
        return f"{values[-1] * 1000:.0f} ms"
    index = min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))
    return f"{values[index] * 1000:.0f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gateway", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--home", required=True, help="the cluster's BATON_HOME (PID files)")
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("trainers")
    t.add_argument("--job", required=True, help="the job's JSON, without modelName")
    t.add_argument("--model-prefix", required=True)
    t.add_argument("--models", type=int, default=6)
    t.add_argument("--jobs", type=int, default=60)
    t.add_argument("--bursts", type=int, default=4)
    t.add_argument("--burst-every", type=float, default=20)
    t.add_argument("--trainers", type=int, required=True)
    t.add_argument("--kill-candidates", required=True, help="trainer services that may be killed, comma-separated")
    t.add_argument("--kill-after", type=float, default=0.25, help="fraction of jobs ended before the kill")
    t.add_argument("--broker-after", type=float, default=10, help="seconds after the kill the broker restarts")
    t.add_argument("--broker-stop", required=True)
    t.add_argument("--broker-start", required=True)
    t.add_argument("--poll", type=float, default=1)
    t.add_argument("--timeout", type=float, default=1800)
    s = sub.add_parser("serving")
    s.add_argument("--model", required=True)
    s.add_argument("--image", required=True)
    s.add_argument("--clients", type=int, default=16)
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--seconds", type=float, default=60, help="at least this long")
    s.add_argument("--after", type=float, default=20, help="and at least this long after the restarted worker is ready")
    s.add_argument("--kill-at", type=float, default=20)
    s.add_argument("--restart-at", type=float, default=35)
    s.add_argument("--victim", required=True)
    s.add_argument("--restart", required=True, help="command that restarts the victim and waits until ready")
    s.add_argument("--deadline", type=float, default=12, help="the gateway's predict timeout plus slack")
    s.add_argument("--hang-after", type=float, default=30, help="client socket timeout: an answer later is a hang")
    s.add_argument("--healthy-tail", type=float, default=5, help="the last seconds that must be all 200 (429 allowed)")
    args = parser.parse_args()
    sys.exit(trainers(args) if args.command == "trainers" else serving(args))


if __name__ == "__main__":
    main()
