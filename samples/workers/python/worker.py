#!/usr/bin/env python3
"""An external task worker for WorkflowItsm, standard library only.

It fetches and locks the tasks of one topic, handles each, and completes it with result variables, or reports a
failure (which the instance retries or records as a fault). It signs in with an API token (My API tokens, or a
service account's, with the scope "tasks:write"), read from the environment so it never shows in a process list:

    WORKFLOWITSM_TOKEN=witk_... python3 worker.py --url https://itsm.example.org --topic payments

--once handles what is there and stops (for cron and for tests); without it the worker polls until stopped.
"""
import argparse
import json
import os
import socket
import sys
import time
import urllib.error
import urllib.request


class ApiError(Exception):
    def __init__(self, status, detail):
        super().__init__(f"HTTP {status}: {detail}")
        self.status = status


class ExternalTasks:
    """The external-task API: fetch-and-lock, complete, failure."""

    def __init__(self, base_url, token, worker_id):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.worker_id = worker_id

    def _post(self, path, body):
        request = urllib.request.Request(
            self.base_url + path,
            data=json.dumps(body).encode("utf-8"),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                payload = response.read()
                return json.loads(payload) if payload else None
        except urllib.error.HTTPError as error:
            # The API answers problem details: their "detail" says what is wrong.
            text = error.read().decode("utf-8", errors="replace")
            try:
                text = json.loads(text).get("detail") or text
            except ValueError:
                pass
            raise ApiError(error.code, text) from None

    def fetch_and_lock(self, topics, max_tasks=10, lock_duration_ms=60_000):
        return self._post("/api/external-tasks/fetch-and-lock", {
            "workerId": self.worker_id, "topics": topics, "maxTasks": max_tasks, "lockDurationMs": lock_duration_ms,
        })

    def complete(self, task_id, variables):
        return self._post(f"/api/external-tasks/{task_id}/complete", {"workerId": self.worker_id, "variables": variables})

    def fail(self, task_id, message, retries, retry_timeout_ms=60_000):
        return self._post(f"/api/external-tasks/{task_id}/failure", {
            "workerId": self.worker_id, "errorMessage": message, "retries": retries, "retryTimeoutMs": retry_timeout_ms,
        })


def charge(task):
    """The sample's work: 'charges' the instance's amount. Replace with your own."""
    amount = (task.get("variables") or {}).get("amount")
    if not isinstance(amount, (int, float)) or amount <= 0:
        raise ValueError(f"The order has no amount to charge (amount = {amount!r}).")
    return {"charged": amount, "chargedBy": "python-worker"}


def run_once(api, topic, retries):
    """Handles the tasks there are now; returns (completed, failed)."""
    completed = failed = 0
    for task in api.fetch_and_lock([topic]):
        try:
            result = charge(task)
        except Exception as error:  # noqa: BLE001 - any failure of the work is reported, never lost
            # The task's own count goes down each time; the first failure starts from the worker's setting.
            left = task.get("retries")
            left = retries if left is None else max(left - 1, 0)
            api.fail(task["id"], str(error), left)
            failed += 1
            continue
        api.complete(task["id"], result)
        completed += 1
    return completed, failed


def main():
    parser = argparse.ArgumentParser(description="WorkflowItsm external task worker (sample)")
    parser.add_argument("--url", default=os.environ.get("WORKFLOWITSM_URL", "http://localhost:5000"))
    parser.add_argument("--topic", default="payments")
    parser.add_argument("--worker-id", default=f"python-{socket.gethostname()}-{os.getpid()}")
    parser.add_argument("--retries", type=int, default=0, help="retries a failed task gets (0: it becomes a fault at once)")
    parser.add_argument("--once", action="store_true", help="handle what is there, then stop")
    parser.add_argument("--poll-seconds", type=float, default=5.0)
    args = parser.parse_args()

    token = os.environ.get("WORKFLOWITSM_TOKEN")
    if not token:
        print("Set WORKFLOWITSM_TOKEN to an API token with the scope tasks:write.", file=sys.stderr)
        return 2

    api = ExternalTasks(args.url, token, args.worker_id)
    try:
        while True:
            completed, failed = run_once(api, args.topic, args.retries)
            if args.once:
                print(f"completed {completed}, failed {failed}")
                return 0
            if completed + failed == 0:
                time.sleep(args.poll_seconds)
    except ApiError as error:
        print(f"The API refused: {error}", file=sys.stderr)
        return 3 if error.status in (401, 403) else 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
