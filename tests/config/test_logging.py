"""config/logging.py: log lines are JSON, with the extra fields a call passes."""

import json
import logging

from config.logging import JsonFormatter


def test_logs_are_json_lines_with_extra_fields():
    record = logging.makeLogRecord(
        {
            "name": "reframe.test",
            "levelname": "WARNING",
            "msg": "sent %d",
            "args": (3,),
            "follow_up": 42,
        }
    )
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "sent 3"
    assert entry["level"] == "WARNING"
    assert entry["follow_up"] == 42
