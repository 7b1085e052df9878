"""Logging of the long-running front ends: readable lines by default, JSON lines for log
collectors when `LOG_FORMAT=json` (one object a line: time, level, logger, message, and the
traceback as `exc_info`)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from pythonjsonlogger.json import JsonFormatter

from bot.config import ConfigError
from bot.core.messages import message

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FORMATS = ("text", "json")


def configure_logging(env: Mapping[str, str], lang: str) -> None:
    """Root handler on stderr at LOG_LEVEL (INFO); ConfigError for an unknown LOG_FORMAT."""
    log_format = env.get("LOG_FORMAT", "text").strip().lower() or "text"
    if log_format not in FORMATS:
        raise ConfigError(message("setting_invalid", lang, name="LOG_FORMAT", value=log_format,
                                  expected=", ".join(FORMATS)))
    level = env.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in logging.getLevelNamesMapping():
        raise ConfigError(message("setting_invalid", lang, name="LOG_LEVEL", value=level,
                                  expected="DEBUG, INFO, WARNING, ERROR"))
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                                           rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}))
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.getLogger("nio").setLevel(logging.WARNING)  # at INFO, nio logs every event it handles
