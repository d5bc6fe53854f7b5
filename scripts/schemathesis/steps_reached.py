"""Which of a case's steps the stateful phase took (answered 2xx), from an NDJSON report.

    .venv/bin/python scripts/schemathesis/steps_reached.py test-output/schemathesis/ndjson-<time>.ndjson

A step is `POST /api/cases/{id}/<step>` (or `DELETE …/representative`); the line per step says how often
it was sent in the stateful phase and how often it took effect, by status code.
"""

import base64
import json
import re
import sys
from collections import Counter, defaultdict

STEP = re.compile(r"^/api/cases/[^/]+/(?!steps$|events$|letters|assignee$|decision/preview$|access-log)(.+)$")


def main(report: str) -> None:
    sent: dict = defaultdict(Counter)
    statuses: Counter = Counter()
    for line in open(report, encoding="utf-8"):
        event = json.loads(line).get("ScenarioFinished")
        if not event or event["phase"] != "stateful":
            continue
        for interaction in event["recorder"].get("interactions", {}).values():
            request, response = interaction["request"], interaction.get("response")
            path = re.sub(r"^https?://[^/]+", "", request["uri"]).split("?")[0]
            match = STEP.match(path)
            if request["method"] in ("POST", "DELETE") and match and response:
                sent[f"{request['method']} {match.group(1)}"][response["status_code"]] += 1
            if response and 200 <= response["status_code"] < 300 and request["method"] in ("POST", "DELETE") and path.startswith("/api/cases"):
                try:
                    body = json.loads(base64.b64decode(response["content"]["$base64"]))
                except (KeyError, TypeError, ValueError):
                    body = None
                if isinstance(body, dict) and "status" in body and "services" in body:
                    statuses[body["status"]] += 1
    taken = [step for step, codes in sent.items() if any(200 <= code < 300 for code in codes)]
    for step in sorted(sent):
        codes = ", ".join(f"{code} × {n}" for code, n in sorted(sent[step].items()))
        print(f"{'✓' if step in taken else '✗'} {step}: {codes}")
    print(f"steps taken: {len(taken)} of {len(sent)} sent")
    print("statuses the cases were left in: " + ", ".join(f"{status} × {n}" for status, n in statuses.most_common()))


if __name__ == "__main__":
    main(sys.argv[1])
