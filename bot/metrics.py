"""The process's Prometheus metrics, served at `/metrics` by the Slack HTTP server.

One module so that every name is defined once. They live in prometheus-client's default
registry, which adds the process's own (CPU, memory, open files). With several instances behind
a load balancer each counts what it served: sum them in the queries; `labtype_quizzes_active`
is read from the shared database, the same figure from every instance.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

SLACK_REQUESTS = Counter("labtype_slack_requests", "Slack requests answered, by kind and HTTP status",
                         ["kind", "status"])
SLACK_REQUEST_SECONDS = Histogram(
    "labtype_slack_request_seconds", "Time from receiving a Slack request to its HTTP answer (Slack waits 3 s)",
    ["kind"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0))
ANSWERS_RECORDED = Counter("labtype_quiz_answers_recorded", "Quiz answers written to the store, by platform",
                           ["platform"])
QUIZZES_ACTIVE = Gauge("labtype_quizzes_active", "Team quizzes open in the database")
SLACK_API_ERRORS = Counter("labtype_slack_api_errors", "Slack Web API calls that failed (an error answer, an HTTP "
                           "error status or no answer), each attempt counted", ["method", "error"])
SLACK_API_RETRIES = Counter("labtype_slack_api_retries", "Slack Web API calls tried again, by the reason",
                            ["method", "reason"])


def api_method(request: HttpRequest) -> str:
    """`chat.update` from `https://slack.com/api/chat.update` (any SLACK_API_URL)."""
    return request.url.rstrip("/").rsplit("/", 1)[-1]


class ApiErrorCounter(AsyncRetryHandler):
    """Not a retry policy: slack_sdk shows every attempt's outcome to its retry handlers, so this
    one, first in the list, counts the failed ones and never asks for a retry."""

    async def can_retry_async(self, *, state: RetryState, request: HttpRequest,
                              response: HttpResponse | None = None, error: Exception | None = None) -> bool:
        if error is not None:
            SLACK_API_ERRORS.labels(api_method(request), type(error).__name__).inc()
        elif response is not None:
            body = response.body if isinstance(response.body, dict) else {}
            if response.status_code >= 400 or body.get("ok") is False:
                SLACK_API_ERRORS.labels(api_method(request), str(body.get("error") or response.status_code)).inc()
        return False


class CountedRetries(AsyncRetryHandler):
    """A retry handler whose retries are counted under `reason` (the handler's job)."""

    def __init__(self, handler: AsyncRetryHandler, reason: str) -> None:
        super().__init__(handler.max_retry_count, handler.interval_calculator)
        self.handler = handler
        self.reason = reason

    async def can_retry_async(self, **attempt) -> bool:
        return await self.handler.can_retry_async(**attempt)

    async def prepare_for_next_attempt_async(self, **attempt) -> None:
        SLACK_API_RETRIES.labels(api_method(attempt["request"]), self.reason).inc()
        await self.handler.prepare_for_next_attempt_async(**attempt)


def counted(handlers: dict[str, AsyncRetryHandler]) -> list[AsyncRetryHandler]:
    """The Web API client's retry handlers, named by reason, with failures and retries counted."""
    return [ApiErrorCounter(), *(CountedRetries(handler, reason) for reason, handler in handlers.items())]
