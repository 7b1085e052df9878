"""The HTTP endpoint against hostile requests: 401 to anything not signed by Slack, 400 to a
signed but malformed body, 413 past 1 MB without reading it all; never a 500 or a traceback."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from urllib.parse import quote, urlsplit

import aiohttp
import pytest

from tests.slack import signing
from tests.slack.slack_workspace import SIGNING_SECRET

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def payload(raw: str) -> bytes:
    return f"payload={quote(raw)}".encode()


# (body, content type, what a signed copy gets: 400 when the gate refuses it, else None: Bolt's answer)
MALFORMED: list[tuple[bytes, str, int | None]] = [
    (b"payload=not-json", FORM, 400),
    (payload("[1, 2]"), FORM, 400),
    (payload('"text"'), FORM, 400),
    (payload("null"), FORM, 400),
    (payload("{"), FORM, 400),
    (payload('{"type": "block_actions"'), FORM, 400),
    (b"payload=%FF%FE", FORM, 400),
    (b"%FF%FE=1", FORM, 400),
    (b"command=%2Flabtype&text=%E9t%E9", FORM, 400),  # Latin-1 percent-encoding
    (b"\xff\xfe\x00binary", FORM, 400),
    (b"\x00" * 64, FORM, None),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png", 400),
    (b"{", JSON, 400),
    (b"[1, 2, 3]", JSON, 400),
    (b'"string"', JSON, 400),
    (b"null", JSON, 400),
    (b"123", JSON, 400),
    (b'{"type": ', JSON, 400),
    (b'{"a": ' + b"[" * 100_000, JSON, 400),  # nesting deep enough for a RecursionError
    (b"\xef\xbb\xbf{}", JSON, 400),  # a byte-order mark
    (b'{"type": "event_callback", "event": "x"}', JSON, 400),
    (b'{"type": "event_callback", "event": {"type": "message", "text": 5}}', JSON, None),
    (b'{"type": "url_verification"}', JSON, None),
    (b'{"a": NaN}', JSON, None),
    (payload('{"type": 123}'), FORM, 400),
    (payload('{"type": "block_actions", "actions": "x"}'), FORM, 400),
    (payload('{"type": "block_actions", "user": {"id": "U1"}, "actions": [{"action_id": "answer", "value": 5}]}'), FORM, 400),
    (payload('{"type": "view_submission", "view": null}'), FORM, 400),
    (payload('{"type": "shortcut", "callback_id": ["x"]}'), FORM, 400),
    (b"command=%2Flabtype", FORM, None),
    (b"=&&&==", FORM, None),
    (b"a=%", FORM, None),
    (b"%%%%", FORM, None),
    (b"payload=payload=payload", FORM, 400),
    (b"", FORM, None),
    (payload('{"type": "block_actions", "user": "U1", "actions": [{"action_id": "answer"}]}'), FORM, 400),
    (payload('{"type": "block_actions", "user": {"id": 5}}'), FORM, 400),
    (b'{"type": "event_callback", "event": {"type": ["message"]}}', JSON, 400),
]


async def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        async with session.post(url, data=body, headers=headers) as response:
            return response.status, await response.text()


def signed(body: bytes, content_type: str, timestamp: str | None = None) -> dict[str, str]:
    timestamp = timestamp or str(int(time.time()))
    base = b"v0:" + timestamp.encode() + b":" + body
    signature = "v0=" + hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


async def test_malformed_bodies_unsigned_get_401_and_signed_get_400_or_an_answer(slack, caplog):
    caplog.set_level(logging.INFO)
    assert len(MALFORMED) >= 30
    for body, content_type, _ in MALFORMED:
        status, text = await post(slack.url, body, {"Content-Type": content_type})
        assert (status, json.loads(text)) == (401, {"error": "invalid request"}), body[:60]
    assert slack.fake.calls() == []  # nothing unsigned got as far as Bolt
    for body, content_type, expected in MALFORMED:
        status, text = await post(slack.url, body, signed(body, content_type))
        assert status == expected if expected else status in (200, 404), (body[:60], status, text[:200])
    assert no_tracebacks(caplog) == []


@pytest.mark.parametrize("timestamp", ["abc", "", " ", "-1", "1e9", "0x10", "9" * 40, "1.5",
                                       "stale", "future"])
async def test_odd_or_stale_timestamps_are_401(slack, timestamp, caplog):
    """'abc' or an empty timestamp used to reach Bolt's int() and get a 200 apology."""
    now = int(time.time())
    timestamp = {"stale": str(now - 301), "future": str(now + 301)}.get(timestamp, timestamp)
    body = signing.slash_command_body("solutionneur").encode()
    headers = signed(body, FORM, timestamp or "0")
    headers["X-Slack-Request-Timestamp"] = timestamp
    status, text = await post(slack.url, body, headers)
    assert (status, json.loads(text)) == (401, {"error": "invalid request"})
    assert no_tracebacks(caplog) == [] and slack.fake.calls() == []


async def test_odd_signatures_are_401(slack):
    body = signing.slash_command_body("solutionneur").encode()
    good = signed(body, FORM)
    for signature in ("", "v0=", "v1=" + good["X-Slack-Signature"][3:], good["X-Slack-Signature"].upper(),
                      good["X-Slack-Signature"] + "0", "v0=" + "é" * 64):
        status, _ = await post(slack.url, body, {**good, "X-Slack-Signature": signature})
        assert status == 401, signature
    status, _ = await post(slack.url, body, good)
    assert status == 200


async def test_a_declared_50_mb_body_is_refused_without_reading_it(slack):
    status, text = await raw_post(slack.url, declared=50_000_000, sent=64 * 1024)
    assert status == 413 and json.loads(text) == {"error": "request too large"}
    status, _ = await raw_post(slack.url, declared=None, sent=0, extra_headers="Content-Length: abc\r\n")
    assert status == 400


async def test_a_streamed_50_mb_body_is_cut_at_1_mb_and_memory_stays_small(slack):
    """Chunked, so no Content-Length warns: the gate counts while reading. Bolt read all of it
    (427 MB peak for one request); the process's peak memory (VmHWM, reset first) stays small."""
    reset_peak_memory()
    before = peak_memory_kib()
    status, _ = await raw_post(slack.url, declared=None, sent=50_000_000)
    assert status == 413
    assert peak_memory_kib() - before < 20_000


def reset_peak_memory() -> None:
    with open("/proc/self/clear_refs", "w") as clear_refs:  # Linux: "5" resets VmHWM to the current RSS
        clear_refs.write("5")


def peak_memory_kib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


async def raw_post(url: str, declared: int | None, sent: int, extra_headers: str = "") -> tuple[int, str]:
    """POST over a bare socket: `declared` as Content-Length (None: chunked), then up to `sent`
    bytes of body, stopping as soon as the server has answered. Returns (status, body text)."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    length = f"Content-Length: {declared}\r\n" if declared is not None else (
        "" if extra_headers else "Transfer-Encoding: chunked\r\n")
    writer.write(f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: {FORM}\r\n{length}"
                 f"{extra_headers}\r\n".encode())
    answer = asyncio.create_task(reader.read(65536))
    chunk = b"a" * 65536
    try:
        written = 0
        while written < sent and not answer.done():
            writer.write(chunk if declared is not None else b"%x\r\n%s\r\n" % (len(chunk), chunk))
            await writer.drain()
            written += len(chunk)
            await asyncio.sleep(0)
    except (ConnectionResetError, BrokenPipeError):
        pass
    response = (await asyncio.wait_for(answer, 10)).decode("latin-1")
    writer.close()
    head, _, text = response.partition("\r\n\r\n")
    return int(head.split()[1]), text
