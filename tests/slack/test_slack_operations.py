"""What an operator's tools see over real HTTP: health and readiness probes, Prometheus metrics,
JSON log lines, and a SIGTERM that lets work in progress finish."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.store import open_store
from tests.slack import signing
from tests.slack.fake_slack import FakeSlack
from tests.slack.slack_workspace import SIGNING_SECRET, Workspace, button, get_free_port
from tests.slack.test_slack_team_quiz import choose, join

ROOT = Path(__file__).resolve().parents[2]


async def get(workspace: Workspace, path: str) -> tuple[int, str, str]:
    url = workspace.url.removesuffix("/slack/events") + path
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, response.headers["Content-Type"], await response.text()


async def metric_values(workspace: Workspace) -> dict[tuple[str, tuple], float]:
    """Every sample of /metrics, keyed by (sample name, sorted labels)."""
    status, content_type, text = await get(workspace, "/metrics")
    assert status == 200 and content_type.startswith("text/plain; version=")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def grew(before: dict, after: dict, name: str, **labels: str) -> float:
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


async def test_healthz_and_readyz_answer_and_readyz_fails_when_the_database_does_not(slack: Workspace):
    assert await get(slack, "/healthz") == (200, "text/plain; charset=utf-8", "ok")
    status, _, body = await get(slack, "/readyz")
    assert status == 200 and json.loads(body) == {"database": "ok", "knowledge": "loaded"}
    await slack.runtime.store.engine.dispose()  # the database goes away: its file is moved elsewhere
    database = Path(slack.runtime.store.where)
    database.rename(database.with_suffix(".moved"))
    status, _, body = await get(slack, "/readyz")
    assert status == 503 and json.loads(body)["database"] == "unreachable"
    assert (await get(slack, "/healthz"))[0] == 200  # alive all the same: do not restart it for that


async def test_metrics_count_requests_by_kind_answers_and_web_api_errors_and_retries(slack: Workspace):
    before = await metric_values(slack)
    await slack.command("solutionneur")
    await slack.send(signing.slash_command_body("aide", "U_X", "C_X", slack.fake.response_url("x")), expect=200)
    await slack.send(signing.slash_command_body("aide", "U_X", "C_X", "http://127.0.0.1:1/"), expect=401,
                     headers={"X-Slack-Signature": "v0=forged"})
    slack.fake.rate_limit_next("chat.postMessage", retry_after=0)  # the team message: refused once, retried
    await slack.command("quiz", user="U_BOSS", channel="C_TEAM")
    team = await slack.posted(count=2)
    question = await join(slack, team, "U_ANA")
    await choose(slack, question, 1, "U_ANA")
    after = await metric_values(slack)
    assert grew(before, after, "labtype_slack_requests_total", kind="command", status="200") == 3
    assert grew(before, after, "labtype_slack_requests_total", kind="other", status="401") == 1
    assert grew(before, after, "labtype_slack_requests_total", kind="action", status="200") == 2
    assert grew(before, after, "labtype_slack_request_seconds_count", kind="command") == 3
    assert grew(before, after, "labtype_slack_request_seconds_bucket", kind="command", le="+Inf") == 3
    assert grew(before, after, "labtype_quiz_answers_recorded_total", platform="slack") == 1
    assert grew(before, after, "labtype_slack_api_errors_total", method="chat.postMessage", error="ratelimited") == 1
    assert grew(before, after, "labtype_slack_api_retries_total", method="chat.postMessage", reason="rate_limited") == 1
    assert after[("labtype_quizzes_active", ())] == 1  # the quiz started above, counted in the database
    assert any(name == "process_resident_memory_bytes" for name, _ in after)


def test_an_unknown_log_format_is_refused_with_a_message(tmp_path):
    env = {**os.environ, "LOG_FORMAT": "xml", "LABTYPE_DATA_DIR": str(tmp_path), "LABTYPE_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "slack"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "Incomplete configuration: LOG_FORMAT=xml is not valid (expected: text, json)."


async def test_sigterm_lets_the_work_in_progress_finish_and_logs_are_json_lines(slack_env: FakeSlack, tmp_path):
    """`labtype slack` as a process: a quiz is started, its team message takes Slack 1.5 s to post,
    SIGTERM comes right after the acknowledgement. The process posts the message, stores where it
    is (so the quiz's later edits find it), and exits 0, every log line a JSON object."""
    slow = slack_env.set_response
    slow("chat.postMessage", lambda fake, call: (time.sleep(1.5), FakeSlack._chat_post_message(fake, call))[1])
    port = get_free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "LABTYPE_DATA_DIR": str(tmp_path),
           "LABTYPE_LANG": "fr", "LOG_FORMAT": "json"}
    server = subprocess.Popen([sys.executable, "-m", "bot.cli", "slack", "--mode", "http"], cwd=ROOT, env=env,
                              stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/slack/events"
        for _ in range(300):
            try:
                status, _, _ = await signing.post_signed(url.replace("/slack/events", "/healthz"), "", None)
                break
            except aiohttp.ClientError:
                time.sleep(0.05)
        status, _, ack = await signing.post_signed(
            url, signing.slash_command_body("quiz", "U_BOSS", "C_TEAM", slack_env.response_url("q")), SIGNING_SECRET)
        assert (status, ack) == (200, "")
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert server.returncode == 0, stderr
    (posted,) = slack_env.calls("chat.postMessage")
    assert posted.response["ok"]
    lines = [json.loads(line) for line in stderr.splitlines()]
    assert all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    assert any(line["message"] == "finishing the work of 1 Slack request(s) before stopping" for line in lines)
    store = await open_store(tmp_path, {})
    try:
        quiz = await store.get_quiz(button(posted["blocks"], "join").value)
        assert quiz.meta == {"channel": "C_TEAM", "ts": posted.response["ts"]}
    finally:
        await store.close()
