#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# One job through `mtkfw gui`, timed as the page sees it (bench/gui.sh): the cookie taken from the
# printed ?token= address, the event stream opened (Last-Event-ID: the state's seq, so only what
# follows), then the clock started and the job's POST sent; every event is stamped with its
# arrival time. The job has ended when the window says it is idle again ("busy": null, sent
# once the worker is done: after the job's own "end" and the phone's reboot, when /api/state
# has busy null and last set), the moment a command line's process would exit.
# Usage: gui_job.py URL PATH BODY EVENTS_OUT   e.g. ... /api/flash '{"verify": true}' ev.jsonl
# Prints one JSON line: {"status", "state" (last.state), "job", "post" (s until the 202),
# "end" (s until the job's own end event), "idle" (s until busy null), "job_seconds" (the end
# event's own), "progress" (progress events), "max_1s" (most progress events arriving in any
# one second), "max_1s_at" (s after the POST where that second starts), "max_1s_steps"}.
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

url, path, body, out = sys.argv[1:5]
u = urllib.parse.urlsplit(url)
host, port = u.hostname, u.port
origin = f"http://{host}:{port}"
c = http.client.HTTPConnection(host, port, timeout=30)
cookie = os.environ.get("MTKFW_GUI_COOKIE", "")  # the printed token opens the window once
if not cookie:
    c.request("GET", f"{u.path}?{u.query}")
    r = c.getresponse()
    r.read()
    cookie = (r.getheader("Set-Cookie") or "").split(";")[0]
    if r.status != 303 or not cookie.startswith("mtkfw_gui="):
        sys.exit(f"the token gave HTTP {r.status}, no cookie")


def state():
    c.request("GET", "/api/state", headers={"Cookie": cookie})
    resp = c.getresponse()
    return json.loads(resp.read())


s = state()
if s.get("busy"):
    sys.exit(f"the window is busy: {s['busy']}")
events = []  # (arrival, id, event)
opened, idle = threading.Event(), threading.Event()
job, idle_at = [None], [None]


def read_stream():
    sc = http.client.HTTPConnection(host, port)
    sc.request("GET", "/api/events", headers={"Cookie": cookie, "Last-Event-ID": str(s["seq"]),
                                               "Accept": "text/event-stream"})
    resp = sc.getresponse()
    opened.set()
    eid = None
    while True:
        line = resp.fp.readline()
        t = time.monotonic()
        if not line:
            return
        line = line.decode().rstrip("\r\n")
        if line.startswith("id: "):
            eid = int(line[4:])
        elif line.startswith("data: "):
            e = json.loads(line[6:])
            events.append((t, eid, e))
            if e.get("event") == "busy" and e.get("busy"):
                job[0] = e["busy"]  # the job the POST started (the window runs one at a time)
            elif e.get("event") == "busy" and job[0]:
                idle_at[0] = t
                idle.set()
                return


threading.Thread(target=read_stream, daemon=True).start()
if not opened.wait(10):
    sys.exit("the event stream did not open")
time.sleep(0.2)  # the stream's reader is waiting in the server before the clock starts
t0 = time.monotonic()
c.request("POST", path, body=body,
          headers={"Cookie": cookie, "Origin": origin, "Content-Type": "application/json"})
r = c.getresponse()
answer = json.loads(r.read() or b"{}")
t_post = time.monotonic() - t0
if r.status != 202:
    sys.exit(f"POST {path}: HTTP {r.status}: {answer}")
if not idle.wait(900):
    sys.exit("the job did not end in 900 s")
s = state()
last = s.get("last") or {}
if s.get("busy") or last.get("job") != job[0] or answer.get("job") != job[0]:
    sys.exit(f"/api/state after the end: busy {s.get('busy')}, last {last.get('job')}")

with open(out, "w") as f:
    for t, i, e in events:
        f.write(json.dumps({"t": round(t - t0, 6), "id": i, "event": e}) + "\n")
t_end, end_ev = [(t, e) for t, _, e in events if e.get("event") == "end" and e.get("job") == job[0]][-1]
prog = [(t - t0, e) for t, _, e in events if e.get("event") == "progress"]
best, at, lo, steps = 0, 0.0, 0, []
for hi in range(len(prog)):  # the most progress events whose arrivals fit in one second
    while prog[hi][0] - prog[lo][0] >= 1.0:
        lo += 1
    if hi - lo + 1 > best:
        best, at = hi - lo + 1, prog[lo][0]
        steps = sorted({f"{e.get('step')} {e.get('target') or ''}".strip() for _, e in prog[lo:hi + 1]})
print(json.dumps({"status": r.status, "state": last.get("state"), "job": job[0], "post": round(t_post, 6),
                  "end": round(t_end - t0, 6), "idle": round(idle_at[0] - t0, 6),
                  "job_seconds": end_ev.get("seconds"), "progress": len(prog), "max_1s": best,
                  "max_1s_at": round(at, 3), "max_1s_steps": steps}))
