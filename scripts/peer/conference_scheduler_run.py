#!/usr/bin/env python3
"""Times PyCon UK's conference_scheduler (PyPI conference-scheduler 3.0.1, an
integer program built with PuLP and solved by PuLP's bundled CBC) on the
scheduling instances `throughline bench schedule --write-instances DIR` writes,
so that Throughline's solver and this peer are timed on the same instances.

    conference_scheduler_run.py [--time-limit SECONDS] [--json] INSTANCE.json...

Each instance is converted to conference_scheduler's Slots and Events (see
README.md beside this file for the mapping and what it cannot express), solved
through conference_scheduler.scheduler.solution() in a child process, and the
schedule it returns is checked here, by code that does not use the peer, the
way Throughline's own `verify` counts (crates/schedule/src/verify.rs): hard
violations and the concurrent surplus (per slot and track, the sessions
beyond the first).

The peer runs in a child process in a process group of its own: once CBC has
started, the group is killed if it is still running `--grace` seconds past the
time limit, so a run never outlasts model building + time limit + grace.
The child needs conference_scheduler and PuLP: this interpreter is used when it
has them, else the venv made by scripts/peer/setup (or --python).
"""

import argparse
import json
import math
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict

MARK = "@@peer "
DEFAULT_VENV = os.path.join(os.path.expanduser("~"), ".cache", "throughline-peer-venv")
OBJECTIVES = ("none", "efficiency", "equity")


# --------------------------------------------------------------------------
# Instances


class InstanceError(Exception):
    pass


def load_instance(path):
    """Reads and checks an instance file (the format of --write-instances)."""
    try:
        with open(path, encoding="utf-8") as f:
            inst = json.load(f)
    except (OSError, ValueError) as e:
        raise InstanceError(f"cannot read {path}: {e}") from e
    if not isinstance(inst, dict):
        raise InstanceError(f"{path}: not a JSON object")
    for key in ("slots", "rooms", "sessions"):
        if not isinstance(inst.get(key), list):
            raise InstanceError(f"{path}: `{key}` is missing or not a list")
    inst.setdefault("name", os.path.splitext(os.path.basename(path))[0])
    inst.setdefault("tracks", [])
    n_slots, n_rooms = len(inst["slots"]), len(inst["rooms"])
    for t, slot in enumerate(inst["slots"]):
        if not isinstance(slot.get("minutes"), int) or slot["minutes"] <= 0:
            raise InstanceError(f"{path}: slot {t}: `minutes` must be a positive integer")
        slot.setdefault("day", 0)
    for r, room in enumerate(inst["rooms"]):
        room.setdefault("name", f"Room {r + 1}")
        if room.get("capacity") is None:
            raise InstanceError(f"{path}: room {r}: `capacity` is missing")
    n_tracks = max(len(inst["tracks"]), 1 + max((k for s in inst["sessions"] for k in s.get("tracks") or []), default=-1))
    for i, s in enumerate(inst["sessions"]):
        s.setdefault("code", f"#{i}")
        s.setdefault("attendance", 0)
        for key in ("people", "tracks", "forbidden"):
            s[key] = list(s.get(key) or [])
        if not isinstance(s.get("minutes"), int):
            raise InstanceError(f"{path}: session {s['code']}: `minutes` must be an integer")
        if any(not 0 <= t < n_slots for t in s["forbidden"]):
            raise InstanceError(f"{path}: session {s['code']}: a forbidden slot is out of range")
        if any(not 0 <= k < n_tracks for k in s["tracks"]):
            raise InstanceError(f"{path}: session {s['code']}: a track is out of range")
        pinned = s.get("pinned")
        if pinned is not None:
            if not (isinstance(pinned, list) and len(pinned) == 2 and 0 <= pinned[0] < n_slots
                    and (pinned[1] is None or 0 <= pinned[1] < n_rooms)):
                raise InstanceError(f"{path}: session {s['code']}: `pinned` must be [slot, room|null] in range")
            s["pinned"] = (pinned[0], pinned[1])
    while len(inst["tracks"]) < n_tracks:
        inst["tracks"].append(f"track {len(inst['tracks'])}")
    return inst


def track_members(inst):
    members = [[] for _ in inst["tracks"]]
    for i, s in enumerate(inst["sessions"]):
        for k in set(s["tracks"]):
            members[k].append(i)
    return members


def hard_tracks(inst):
    """Tracks that must not clash: those with at most as many sessions as slots
    (larger ones may clash at a cost in Throughline; the peer has no soft clash)."""
    return [k for k, m in enumerate(track_members(inst)) if len(m) <= len(inst["slots"])]


# --------------------------------------------------------------------------
# Checking a schedule, independently of the peer (mirrors verify.rs `tally`)


def verify(inst, placement, extra_placements=0):
    """Counts what a placement breaks. `placement[i]` is (slot, room) or None.

    Hard violations, counted as Throughline's verify counts them: each session
    not placed; a pinned session away from its slot (or room); a session in a
    slot it is forbidden or shorter than it; a session in a room too small for
    min(attendance, biggest room); and for each room+slot and each person+slot
    holding n > 1 sessions, n - 1 (only what movable sessions add). Track
    clashes: for each slot and track with n sessions, n - 1 (the generated
    instances' slots never overlap, so a slot is an instant of verify.rs).
    """
    sessions, slots, rooms = inst["sessions"], inst["slots"], inst["rooms"]
    biggest = max((r["capacity"] for r in rooms), default=0)
    kinds = Counter()
    unplaced = []
    room_used = defaultdict(list)
    person_used = defaultdict(list)
    track_used = Counter()
    for i, s in enumerate(sessions):
        p = placement[i]
        if p is None:
            unplaced.append(s["code"])
            kinds["not_placed"] += 1
            continue
        t, r = p
        room_used[(t, r)].append(i)
        for person in s["people"]:
            person_used[(t, person)].append(i)
        for k in s["tracks"]:
            track_used[(t, k)] += 1
        if s.get("pinned") is not None:
            pt, pr = s["pinned"]
            if pt != t or (pr is not None and pr != r):
                kinds["pinned_moved"] += 1
            continue
        if slots[t]["minutes"] < s["minutes"] or t in s["forbidden"]:
            kinds["forbidden_or_too_short"] += 1
        if rooms[r]["capacity"] < min(s["attendance"], biggest):
            kinds["over_capacity"] += 1

    def added(group):
        movable = sum(1 for i in group if sessions[i].get("pinned") is None)
        return min(movable, len(group) - 1) if len(group) > 1 else 0

    kinds["room_double_booked"] = sum(added(g) for g in room_used.values())
    kinds["person_in_two_sessions"] = sum(added(g) for g in person_used.values())
    if extra_placements:
        kinds["placed_twice"] = extra_placements
    surplus = sum(n - 1 for n in track_used.values() if n > 1)
    return {
        "hard_violations": sum(kinds.values()),
        "concurrent_surplus": surplus,
        "violations": {k: v for k, v in sorted(kinds.items()) if v},
        "unplaced": unplaced,
    }


# --------------------------------------------------------------------------
# The peer (runs in the child process)


def slot_starts(inst):
    """Start times for the peer's slots. With a `start` on every slot (minutes
    from midnight of the first day), that; else made up: the slots of a
    day back to back in index order from 09:00, days one stride apart (a day
    or longer). Either way slots of one index are concurrent across rooms and
    no two of different indexes overlap (instance slots never overlap)."""
    import datetime as dt

    base = dt.datetime(2030, 1, 7, 0, 0)
    if all(isinstance(slot.get("start"), int) for slot in inst["slots"]):
        return [base + dt.timedelta(minutes=slot["start"]) for slot in inst["slots"]]
    base += dt.timedelta(hours=9)
    day_length = defaultdict(int)
    for slot in inst["slots"]:
        day_length[slot["day"]] += slot["minutes"]
    stride = max([24 * 60] + list(day_length.values()))
    offset = defaultdict(int)
    starts = []
    for slot in inst["slots"]:
        d = slot["day"]
        starts.append(base + dt.timedelta(minutes=d * stride + offset[d]))
        offset[d] += slot["minutes"]
    return starts


def convert(inst):
    """Our instance as conference_scheduler's (events, slots); slot index j of
    the peer is (our slot j // rooms, our room j % rooms). Returns what was not
    mapped too."""
    from conference_scheduler.resources import Event, Slot

    slots, rooms, sessions = inst["slots"], inst["rooms"], inst["sessions"]
    n_rooms = len(rooms)
    biggest = max((r["capacity"] for r in rooms), default=0)
    names = [r["name"] for r in rooms]
    if len(set(names)) < len(names):
        names = [f"{n} [{r}]" for r, n in enumerate(names)]
    starts = slot_starts(inst)
    peer_slots = [
        Slot(venue=names[r], starts_at=starts[t], duration=slot["minutes"], capacity=rooms[r]["capacity"],
             session=f"day {slot['day']}")
        for t, slot in enumerate(slots)
        for r in range(n_rooms)
    ]

    codes = [s["code"] for s in sessions]
    if len(set(codes)) < len(codes):
        codes = [f"{c} [{i}]" for i, c in enumerate(codes)]
    hard = set(hard_tracks(inst))
    track_names = inst["tracks"]
    events = []
    for i, s in enumerate(sessions):
        duration = s["minutes"]
        if s.get("pinned") is not None:
            # A pinned session stays where it is pinned even if it is longer
            # than the slot (Throughline neither moves nor counts it).
            duration = min(duration, slots[s["pinned"][0]]["minutes"])
        # No tags: in 3.0.1 a shared tag means "must not be concurrent", but
        # only for events whose unavailability is non-empty (and then only
        # half the concurrent slot pairs when just one of the two has some),
        # and it cannot exempt two pinned sessions. Track mates are listed in
        # the unavailability below instead, which the peer treats the same.
        events.append(Event(name=codes[i], duration=duration, demand=s["attendance"]))

    # Event-event unavailability: shared people and shared no-clash tracks
    # (the peer makes it symmetric and forbids the pair in concurrent slots).
    by_person = defaultdict(list)
    for i, s in enumerate(sessions):
        for p in set(s["people"]):
            by_person[p].append(i)
    groups = list(by_person.values()) + [m for k, m in enumerate(track_members(inst)) if k in hard]
    mates = [set() for _ in sessions]
    for group in groups:
        for a in group:
            for b in group:
                # Two pinned sessions cannot move: a clash between them is not
                # the solver's (Throughline tolerates it), so it is left out.
                if a != b and not (sessions[a].get("pinned") is not None and sessions[b].get("pinned") is not None):
                    mates[a].add(b)
    for i, s in enumerate(sessions):
        unavailable = [events[j] for j in sorted(mates[i])]
        pinned = s.get("pinned")
        need = min(s["attendance"], biggest)
        for j, slot in enumerate(peer_slots):
            t, r = divmod(j, n_rooms)
            if pinned is not None:
                pt, pr = pinned
                bad = t != pt or (pr is not None and r != pr) or (pr is None and rooms[r]["capacity"] < need)
            else:
                bad = t in s["forbidden"] or rooms[r]["capacity"] < need
            # (a slot shorter than the event the peer itself rules out)
            if bad:
                unavailable.append(slot)
        if unavailable:
            events[i].add_unavailability(*unavailable)

    members = track_members(inst)
    unmapped = {
        "soft_tracks": [track_names[k] for k, m in enumerate(members) if k not in hard and len(m) > 1],
        "published": sum(1 for s in sessions if s.get("published") is not None),
        "suggested_tracks": sum(1 for s in sessions if s.get("suggested_tracks")),
    }
    return events, peer_slots, unmapped


def emit(kind, payload=None):
    line = MARK + kind + ("" if payload is None else " " + json.dumps(payload, allow_nan=False))
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def finite(x):
    return x if isinstance(x, (int, float)) and math.isfinite(x) else None


def worker(path, time_limit, objective, threads, memory_gib):
    """Builds and solves one instance with the peer, reporting on stdout."""
    import warnings

    warnings.filterwarnings("ignore")
    if memory_gib > 0:
        import resource

        limit = int(memory_gib * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # CBC inherits it
    try:
        inst = load_instance(path)
    except InstanceError as e:
        emit("result", {"status": "error", "error": str(e)})
        return
    import pulp
    from conference_scheduler import scheduler
    from conference_scheduler.lp_problem import objective_functions as of

    functions = {
        "none": None,
        "efficiency": of.efficiency_capacity_demand_difference,
        "equity": of.equity_capacity_demand_difference,
    }
    marks = {}

    class TimedCBC(pulp.PULP_CBC_CMD):
        """PuLP's bundled CBC, noting when the model is complete, when CBC
        starts (after PuLP writes the MPS file) and the problem solved."""

        def actualSolve(self, lp, **kwargs):
            marks["built"] = time.monotonic()
            marks["problem"] = lp
            emit("built", {"build_seconds": marks["built"] - marks["start"],
                           "constraints": len(lp.constraints), "variables": len(lp.variables())})
            write_mps = lp.writeMPS

            def write_then_mark(*a, **kw):
                out = write_mps(*a, **kw)
                marks["cbc"] = time.monotonic()
                emit("cbc")
                return out

            lp.writeMPS = write_then_mark
            try:
                return super().actualSolve(lp, **kwargs)
            finally:
                del lp.writeMPS

    result = {"name": inst["name"], "sessions": len(inst["sessions"])}
    marks["start"] = time.monotonic()
    emit("start")
    solution = None
    try:
        events, peer_slots, unmapped = convert(inst)
        result["unmapped"] = unmapped
        solver = TimedCBC(msg=False, timeLimit=time_limit, threads=threads)
        try:
            solution = scheduler.solution(events, peer_slots, objective_function=functions[objective], solver=solver)
        except ValueError as e:
            if "No valid solution" not in str(e):
                raise
        end = time.monotonic()
        problem = marks.get("problem")
        result["seconds"] = end - marks["start"]
        result["build_seconds"] = marks.get("built", end) - marks["start"]
        result["solve_seconds"] = end - marks.get("built", end)
        if "cbc" in marks:  # solve = PuLP writing the MPS file + CBC (and reading its answer)
            result["mps_write_seconds"] = marks["cbc"] - marks["built"]
            result["cbc_seconds"] = end - marks["cbc"]
        if problem is not None:
            result["constraints"] = len(problem.constraints)
            result["variables"] = len(problem.variables())
            status, sol_status = problem.status, problem.sol_status
            result["pulp_status"] = f"{pulp.LpStatus.get(status, status)} / {pulp.LpSolution.get(sol_status, sol_status)}"
            if sol_status == pulp.LpSolutionOptimal:
                result["status"] = "optimal"
            elif sol_status == pulp.LpSolutionIntegerFeasible or status == pulp.LpStatusNotSolved:
                result["status"] = "time limit"
            elif status == pulp.LpStatusInfeasible or sol_status == pulp.LpSolutionInfeasible:
                result["status"] = "infeasible"
            else:
                result["status"] = "error"
                result["error"] = f"PuLP status {result['pulp_status']}"
            if solution is not None and objective != "none" and problem.objective is not None:
                result["objective"] = finite(pulp.value(problem.objective))
        else:
            result["status"] = "error"
            result["error"] = "the peer returned without calling the solver"
    except MemoryError:
        result.update(status="error", error=f"out of memory (limit {memory_gib:g} GiB, --memory-limit)")
        solution = None
    except Exception as e:  # noqa: BLE001 — reported per instance
        result.update(status="error", error=f"{type(e).__name__}: {e}")
        solution = None
    if solution is not None:
        n_rooms = len(inst["rooms"])
        placement = [None] * len(inst["sessions"])
        extra = 0
        for event, j in solution:
            if placement[event] is None:
                placement[event] = list(divmod(int(j), n_rooms))
            else:
                extra += 1
        result["placement"] = placement
        result["extra_placements"] = extra
    import resource

    result["peak_memory_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    emit("result", result)


# --------------------------------------------------------------------------
# The parent: one child per instance, with a watchdog


def has_peer(python):
    probe = "import importlib.util as u, sys; sys.exit(0 if u.find_spec('conference_scheduler') and u.find_spec('pulp') else 1)"
    try:
        return subprocess.run([python, "-c", probe], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def find_python(explicit):
    if explicit:
        if not has_peer(explicit):
            sys.exit(f"conference_scheduler_run: {explicit} cannot import conference_scheduler and pulp")
        return explicit
    if has_peer(sys.executable):
        return sys.executable
    venv_python = os.path.join(os.environ.get("PEER_VENV") or DEFAULT_VENV, "bin", "python")
    if os.path.exists(venv_python) and has_peer(venv_python):
        return venv_python
    here = os.path.dirname(os.path.abspath(__file__))
    sys.exit("conference_scheduler_run: conference_scheduler is not installed: run "
             f"{os.path.join(here, 'setup')} first (or pass --python)")


def peer_versions(python):
    code = ("from importlib.metadata import version as v; import json; "
            "print(json.dumps({'conference_scheduler': v('conference-scheduler'), 'pulp': v('pulp')}))")
    try:
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=60)
        return json.loads(out.stdout)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return {}


def kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_instance(path, args, python):
    """Runs the peer on one instance in a child process group; never longer
    than model building + time limit + grace once CBC has started."""
    entry = {"name": os.path.splitext(os.path.basename(path))[0], "sessions": None, "status": "error",
             "seconds": None, "objective": None, "hard_violations": None, "concurrent_surplus": None}
    try:
        inst = load_instance(path)
    except InstanceError as e:
        entry["error"] = str(e)
        return entry
    entry["name"] = inst["name"]
    entry["sessions"] = len(inst["sessions"])
    tmp = tempfile.mkdtemp(prefix="peer-cs-")  # PuLP's MPS and solution files go here
    env = dict(os.environ, TMPDIR=tmp, PYTHONUNBUFFERED="1")
    cmd = [python, os.path.abspath(__file__), "--_worker", path, "--time-limit", str(args.time_limit),
           "--objective", args.objective, "--memory-limit", str(args.memory_limit)]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    stderr = tempfile.TemporaryFile(dir=tmp)
    lines = queue.Queue()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=stderr, stdin=subprocess.DEVNULL, env=env,
                            text=True, start_new_session=True)

    def read():
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    started = cbc_started = None
    launched = time.monotonic()
    built = result = None
    killed = None
    try:
        while True:
            now = time.monotonic()
            deadline = None
            if cbc_started is not None:
                deadline = cbc_started + args.time_limit + args.grace
            elif args.build_limit and started is not None:
                deadline = started + args.build_limit
            wait = 1.0 if deadline is None else max(0.0, min(1.0, deadline - now))
            if deadline is not None and now >= deadline:
                killed = "time limit + grace" if cbc_started is not None else "build limit"
                kill_group(proc)
                break
            try:
                line = lines.get(timeout=wait)
            except queue.Empty:
                continue
            if line is None:
                break
            if not line.startswith(MARK):
                continue
            kind, _, payload = line[len(MARK):].strip().partition(" ")
            if kind == "start":
                started = time.monotonic()
            elif kind == "built":
                built = json.loads(payload)
            elif kind == "cbc":
                cbc_started = time.monotonic()
            elif kind == "result":
                result = json.loads(payload)
    except BaseException:
        kill_group(proc)
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    proc.wait()
    kill_group(proc)  # a CBC left behind by a dead worker
    stderr.seek(0)
    err_tail = stderr.read().decode("utf-8", "replace").strip().splitlines()[-5:]
    stderr.close()
    shutil.rmtree(tmp, ignore_errors=True)

    if result is None:
        if killed:
            entry["status"] = "time limit"
            entry["seconds"] = time.monotonic() - (started or launched)
            entry["error"] = f"killed after {killed} ({args.time_limit:g} s + {args.grace:g} s)"
        else:
            entry["error"] = "the peer process died" + (f" (exit {proc.returncode})" if proc.returncode else "") + (
                ": " + " | ".join(err_tail) if err_tail else "")
            if started is not None:
                entry["seconds"] = time.monotonic() - started
        if built:
            entry.update(build_seconds=built["build_seconds"], constraints=built["constraints"],
                         variables=built["variables"])
        result = {}
    else:
        for key in ("status", "seconds", "objective", "error", "build_seconds", "solve_seconds", "constraints",
                    "variables", "pulp_status", "unmapped", "peak_memory_mib", "mps_write_seconds", "cbc_seconds"):
            if key in result:
                entry[key] = result[key]
    placement = result.get("placement")
    entry["has_solution"] = placement is not None
    if placement is None:
        placement = [None] * len(inst["sessions"])  # as Throughline counts a run without a solution
    check = verify(inst, [tuple(p) if p is not None else None for p in placement], result.get("extra_placements", 0))
    entry.update(check)
    if args.placements and entry["has_solution"]:
        entry["placement"] = [{"code": s["code"], "slot": p[0] if p else None, "room": p[1] if p else None}
                              for s, p in zip(inst["sessions"], placement)]
    return entry


def fmt(x, digits=1):
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def print_table(entries, args, versions):
    header = ["instance", "sessions", "status", "seconds", "build s", "solve s", "objective", "hard",
              "concurrent surplus", "constraints"]
    rows = [[e["name"], fmt(e["sessions"]), e["status"], fmt(e.get("seconds")), fmt(e.get("build_seconds")),
             fmt(e.get("solve_seconds")), fmt(e.get("objective")), fmt(e.get("hard_violations")),
             fmt(e.get("concurrent_surplus")), fmt(e.get("constraints"))] for e in entries]
    widths = [max(len(h), *(len(r[c]) for r in rows)) if rows else len(h) for c, h in enumerate(header)]
    print(f"peer: conference_scheduler {versions.get('conference_scheduler', '?')} with PuLP "
          f"{versions.get('pulp', '?')}'s CBC; objective {args.objective}; time limit {args.time_limit:g} s")
    print("  ".join(h.ljust(w) if c == 0 else h.rjust(w) for c, (h, w) in enumerate(zip(header, widths))))
    for r in rows:
        print("  ".join(v.ljust(w) if c == 0 or c == 2 else v.rjust(w) for c, (v, w) in enumerate(zip(r, widths))))
    for e in entries:
        notes = []
        if e.get("error"):
            notes.append(e["error"])
        if e.get("violations"):
            notes.append("hard: " + ", ".join(f"{k} {v}" for k, v in e["violations"].items()))
        soft = (e.get("unmapped") or {}).get("soft_tracks")
        if soft:
            notes.append(f"{len(soft)} track(s) with more sessions than slots left free to clash: " + ", ".join(soft))
        for n in notes:
            print(f"  {e['name']}: {n}")


def main():
    parser = argparse.ArgumentParser(
        description="Time PyCon UK's conference_scheduler (PuLP + CBC) on Throughline's scheduling instances.")
    parser.add_argument("instances", nargs="*", metavar="INSTANCE.json")
    parser.add_argument("--time-limit", type=float, default=60.0, help="CBC seconds per instance (default 60)")
    parser.add_argument("--json", action="store_true", help="print {\"instances\": [...]} as JSON")
    parser.add_argument("--objective", choices=OBJECTIVES, default="none",
                        help="the peer's objective: none (feasibility, default), efficiency "
                             "(efficiency_capacity_demand_difference) or equity (equity_capacity_demand_difference)")
    parser.add_argument("--grace", type=float, default=30.0,
                        help="seconds past the time limit before CBC is killed (default 30)")
    parser.add_argument("--build-limit", type=float, default=0.0,
                        help="kill if model building takes longer than this many seconds (default 0: no limit)")
    parser.add_argument("--memory-limit", type=float, default=12.0,
                        help="address-space limit in GiB for the peer and CBC (default 12; 0: none)")
    parser.add_argument("--threads", type=int, default=0, help="CBC threads (default: PuLP's, one)")
    parser.add_argument("--python", help="a Python that has conference_scheduler and pulp")
    parser.add_argument("--placements", action="store_true",
                        help="with --json, also give each session's slot and room as the peer placed it")
    parser.add_argument("--_worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.time_limit <= 0:
        parser.error("--time-limit must be positive")
    if args._worker:
        worker(args._worker, args.time_limit, args.objective, args.threads or None, args.memory_limit)
        return
    if not args.instances:
        parser.error("give at least one INSTANCE.json")
    python = find_python(args.python)
    versions = peer_versions(python)
    entries = []
    for path in args.instances:
        if not args.json:
            print(f"solving {path} …", file=sys.stderr, flush=True)
        entries.append(run_instance(path, args, python))
    if args.json:
        out = {"peer": {"solver": "conference_scheduler", **versions, "objective": args.objective,
                        "time_limit": args.time_limit}, "instances": entries}
        print(json.dumps(out, indent=2))
    else:
        print_table(entries, args, versions)


if __name__ == "__main__":
    main()
