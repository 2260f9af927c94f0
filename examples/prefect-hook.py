"""AWAD state hooks for Prefect tasks: each task run state change goes to the AWAD sidecar.

Standard library only (urllib). Put this file next to your flows (e.g. as `awad_hook.py`):

    from prefect import flow, task
    from awad_hook import awad_hooks

    hooks = awad_hooks(workflow_key="nightly-etl")  # AWAD_URL / AWAD_TOKEN from the environment

    @task(retries=2, on_running=[hooks.on_running], on_completion=[hooks.on_completion],
          on_failure=[hooks.on_failure])
    def extract():
        ...

Prefect calls a task's state hooks as hook(task, task_run, state). Each hook here posts one
TaskStateChange to POST {AWAD_URL}/v1/events with a short timeout (2 s by default) and never
raises into the flow: when the sidecar is down, slow or answers an error, the hook writes one line
to stderr and returns None. It returns the sidecar's answer ({"verdict": ...}) otherwise.

Start the sidecar with `awad serve` (default http://127.0.0.1:7070).
"""

import datetime
import json
import os
import sys
import urllib.request

# Prefect state types -> AWAD task states (see @awad/prefect for the full mapping).
STATES = {
    "SCHEDULED": "WAITING",
    "PENDING": "QUEUED",
    "RUNNING": "RUNNING",
    "COMPLETED": "SUCCEEDED",
    "FAILED": "FAILED",
    "CRASHED": "CRASHED",
    "CANCELLED": "CANCELLED",
}


def _value(x):
    """An enum's value (Prefect's StateType) or the thing itself."""
    return getattr(x, "value", x)


def _iso(ts):
    """ISO-8601 with a zone: AWAD rejects times without one."""
    if ts is None:
        ts = datetime.datetime.now(datetime.timezone.utc)
    if isinstance(ts, datetime.datetime):
        if ts.tzinfo is None:
            ts = ts.replace(tzinfo=datetime.timezone.utc)
        return ts.isoformat()
    return str(ts)


def build_event(task, task_run, state, workflow_key=None):
    """The TaskStateChange for one Prefect task run state."""
    state_type = str(_value(getattr(state, "type", "")))
    run_count = int(getattr(task_run, "run_count", 0) or 0)
    task_key = getattr(task_run, "task_key", None) or getattr(task, "task_key", None) or getattr(task, "name", "task")
    flow_run_id = getattr(task_run, "flow_run_id", None)
    state_id = getattr(state, "id", None)
    event = {
        "specVersion": "1",
        "eventId": f"prefect:{task_run.id}:{state_id}" if state_id else f"prefect:{task_run.id}:{state_type}:{run_count}",
        "source": {"system": "prefect-hook"},
        "occurredAt": _iso(getattr(state, "timestamp", None)),
        "state": STATES.get(state_type, state_type),
        "rawState": getattr(state, "name", None) or state_type,
        "task": {"key": str(task_key), "runId": str(task_run.id), "attempt": max(1, run_count)},
        # Without a flow run (a task run on its own), the task run is its own workflow run.
        "workflow": {
            "key": workflow_key or os.environ.get("AWAD_WORKFLOW") or "prefect",
            "runId": str(flow_run_id or task_run.id),
        },
    }
    name = getattr(task_run, "name", None)
    if name:
        event["task"]["name"] = str(name)
    if event["state"] in ("FAILED", "CRASHED"):
        event["error"] = {"message": str(getattr(state, "message", None) or event["rawState"])}
    return event


def post_event(event, url=None, token=None, timeout=2.0):
    """POSTs one event; returns the parsed answer, or None on any failure (never raises)."""
    url = (url or os.environ.get("AWAD_URL") or "http://127.0.0.1:7070").rstrip("/")
    token = token or os.environ.get("AWAD_TOKEN")
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    try:
        request = urllib.request.Request(f"{url}/v1/events", data=json.dumps(event).encode(), headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read() or b"null")
    except Exception as exc:  # noqa: BLE001 - a monitoring hook must never fail the flow
        print(f"awad hook: event {event.get('eventId')} not sent: {exc}", file=sys.stderr)
        return None


class AwadHooks:
    """on_running / on_completion / on_failure hooks bound to one sidecar and workflow key."""

    def __init__(self, workflow_key=None, url=None, token=None, timeout=2.0):
        self.workflow_key = workflow_key
        self.url = url
        self.token = token
        self.timeout = timeout

    def _send(self, task, task_run, state):
        try:
            event = build_event(task, task_run, state, self.workflow_key)
        except Exception as exc:  # noqa: BLE001
            print(f"awad hook: could not build an event: {exc}", file=sys.stderr)
            return None
        return post_event(event, self.url, self.token, self.timeout)

    def on_running(self, task, task_run, state):
        return self._send(task, task_run, state)

    def on_completion(self, task, task_run, state):
        return self._send(task, task_run, state)

    def on_failure(self, task, task_run, state):
        return self._send(task, task_run, state)


def awad_hooks(workflow_key=None, url=None, token=None, timeout=2.0):
    """Hooks for @task(on_running=[h.on_running], on_completion=[...], on_failure=[...])."""
    return AwadHooks(workflow_key, url, token, timeout)
