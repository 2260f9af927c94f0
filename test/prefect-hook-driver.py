# Drives examples/prefect-hook.py the way Prefect would: hook(task, task_run, state).
# Prefect itself cannot be installed on this machine, so task, task_run and state are small
# stand-ins with the attributes Prefect's objects have (Task.name/task_key; TaskRun.id, name,
# task_key, flow_run_id, run_count; State.id, type (a StateType enum), name, timestamp, message).
# Prints one JSON line per hook call with what the hook returned.
import datetime
import enum
import importlib.util
import json
import sys
import time
import uuid
from types import SimpleNamespace

spec = importlib.util.spec_from_file_location("awad_hook", sys.argv[1])
awad_hook = importlib.util.module_from_spec(spec)
spec.loader.exec_module(awad_hook)
url = sys.argv[2]


class StateType(enum.Enum):
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


T0 = datetime.datetime(2026, 11, 2, 1, 0, tzinfo=datetime.timezone.utc)
task = SimpleNamespace(name="extract", task_key="extract-6b9f1c2e")
hooks = awad_hook.awad_hooks(workflow_key="nightly-etl", url=url, timeout=2.0)


def state(kind, at, name=None, message=None):
    return SimpleNamespace(id=uuid.uuid4(), type=StateType[kind], name=name or kind.title(), timestamp=at, message=message)


def run(n, seconds, fail_first=False, flow_run=True):
    task_run = SimpleNamespace(id=uuid.uuid4(), name=f"extract-{n}", task_key=task.task_key, flow_run_id=uuid.uuid4() if flow_run else None, run_count=1)
    start = T0 + datetime.timedelta(hours=n)
    out = {"run": n, "running": hooks.on_running(task, task_run, state("RUNNING", start))}
    if fail_first:
        # The first attempt failed; Prefect retried (run_count 2), then the task failed for good.
        task_run.run_count = 2
        out["retry"] = hooks.on_running(task, task_run, state("RUNNING", start + datetime.timedelta(seconds=30), "Retrying"))
        out["failed"] = hooks.on_failure(task, task_run, state("FAILED", start + datetime.timedelta(seconds=40), message="ValueError: bad row 17"))
    else:
        out["completed"] = hooks.on_completion(task, task_run, state("COMPLETED", start + datetime.timedelta(seconds=seconds)))
    print(json.dumps(out, default=str), flush=True)


for n in range(30):
    run(n, 60 + (n % 7))
run(30, 900)                       # fifteen minutes: far slower than usual
run(31, 60, fail_first=True)       # a retry, then a failure
run(32, 61, flow_run=False)        # a task run outside any flow run

# The sidecar is unreachable or hangs: the hook returns None within its timeout and never raises.
for target in sys.argv[3:]:
    down = awad_hook.awad_hooks(url=target, timeout=0.5)
    t = time.monotonic()
    r = down.on_running(task, SimpleNamespace(id=uuid.uuid4(), name="x", task_key="x", flow_run_id=None, run_count=1), state("RUNNING", T0))
    print(json.dumps({"down": target, "returned": r, "seconds": round(time.monotonic() - t, 2)}), flush=True)
