"""Celery tasks for the AWAD celery-chain example.

Broker and result backend: $AWAD_CELERY_BROKER (default redis://127.0.0.1:6379/0). An optional
$AWAD_CELERY_PREFIX becomes kombu's global_keyprefix, so one Redis can host several isolated
apps (the test uses it). Events: the worker sends task events when started with -E; task-sent
events come from task_send_sent_event below.
"""
import os
import time

from celery import Celery

BROKER = os.environ.get("AWAD_CELERY_BROKER", "redis://127.0.0.1:6379/0")
PREFIX = os.environ.get("AWAD_CELERY_PREFIX", "")

app = Celery("etl", broker=BROKER, backend=BROKER)
app.conf.update(
    task_send_sent_event=True,  # task-sent: the queue time starts when a task is published
    worker_send_task_events=True,  # same as `worker -E`
    event_serializer="json",
    result_expires=600,
)
if PREFIX:
    # Queues and the event channel get the prefix; results (Celery 5.2) do not: they expire.
    app.conf.broker_transport_options = {"global_keyprefix": PREFIX}


# A chain: extract | transform | load.
@app.task(name="etl.extract")
def extract(day):
    time.sleep(0.02)
    return list(range(day, day + 5))


@app.task(name="etl.transform")
def transform(rows):
    time.sleep(0.01)
    return [r * 2 for r in rows]


@app.task(name="etl.load")
def load(rows):
    return len(rows)


# A chord in a chain: prepare | chord([score x 3], merge).
@app.task(name="etl.prepare")
def prepare():
    return 3


@app.task(name="etl.score")
def score(_prepared, i):
    time.sleep(0.01)
    return i * i


@app.task(name="etl.merge")
def merge(scores):
    return sum(scores)


# The same task twice in a chain: its keys are etl.bump and etl.bump#2.
@app.task(name="etl.bump")
def bump(x):
    return x + 1


# Fails twice, then succeeds (two retries, three attempts).
@app.task(name="etl.flaky", bind=True, max_retries=3)
def flaky(self, fail_times):
    if self.request.retries < fail_times:
        raise self.retry(exc=ConnectionError("upstream API timed out"), countdown=0.2)
    return self.request.retries


# Always fails.
@app.task(name="etl.broken")
def broken():
    raise RuntimeError("schema mismatch in column 'amount'")
