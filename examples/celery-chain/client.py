"""Sends the example's workflows to the Celery worker and prints their ids as one JSON line.

Usage: python3 client.py  (with the same $AWAD_CELERY_BROKER / $AWAD_CELERY_PREFIX as the worker)
"""
import json

from celery import chain, chord

from tasks import broken, bump, extract, flaky, load, merge, prepare, score, transform

TIMEOUT = 30

etl = chain(extract.s(7), transform.s(), load.s()).apply_async()
etl_result = etl.get(timeout=TIMEOUT)

fan = chain(prepare.si(), chord([score.s(i) for i in range(3)], merge.s())).apply_async()
fan_result = fan.get(timeout=TIMEOUT)

twice = chain(bump.s(1), bump.s()).apply_async()
twice_result = twice.get(timeout=TIMEOUT)

retried = flaky.delay(2)
retried_result = retried.get(timeout=TIMEOUT)

failed = broken.delay()
try:
    failed.get(timeout=TIMEOUT)
    failed_error = None
except RuntimeError as error:
    failed_error = str(error)


def root_of(result):
    """The first task of a chain: the workflow run (Celery's root_id)."""
    while result.parent is not None:
        result = result.parent
    return result.id


print(json.dumps({
    "chain": {"root": root_of(etl), "result": etl_result},
    "chord": {"root": root_of(fan), "result": fan_result},
    "twice": {"root": root_of(twice), "result": twice_result},
    "flaky": {"id": retried.id, "result": retried_result},
    "broken": {"id": failed.id, "error": failed_error},
}))
