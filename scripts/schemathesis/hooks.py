"""Schemathesis hooks: the few rules of POST /api/cases that JSON Schema cannot say.

The OpenAPI document says all it can (formats, bounds, patterns, enums); what is left is a national
id's check digits and "not in the future", which depend on arithmetic and on the clock. A value the
schema admits that breaks one of these is made to keep it, and nothing else is touched: a value the
schema does not admit (a negative test) stays as it was, so it is still refused.
"""

import os
import random
import re
from datetime import datetime, timedelta, timezone

import requests
import schemathesis

NATIONAL_ID = re.compile(r"^\s*(?:[0-9]\s*){11}$")
K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def valid_national_id(digits: str) -> str:
    """A number with the same individual digits, a possible birth date and correct check digits."""
    day = int(digits[0:2]) % 28 + 1
    month = int(digits[2:4]) % 12 + 1
    individual = int(digits[6:9])
    for attempt in range(1000):
        nine = [int(c) for c in f"{day:02d}{month:02d}{digits[4:6]}{(individual + attempt) % 1000:03d}"]
        k1 = (11 - sum(w * d for w, d in zip(K1, nine)) % 11) % 11
        if k1 == 10:
            continue
        ten = nine + [k1]
        k2 = (11 - sum(w * d for w, d in zip(K2, ten)) % 11) % 11
        if k2 == 10:
            continue
        return "".join(str(d) for d in ten + [k2])
    raise AssertionError("no valid national id found")


def in_future(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        at = datetime.fromisoformat(value + "T00:00:00+00:00" if DATE.match(value) else value.replace("Z", "+00:00"))
    except ValueError:
        return False
    if at.tzinfo is None:
        return False
    # A date may already be today somewhere: the API allows one day ahead for it.
    return at > datetime.now(timezone.utc) - timedelta(days=1)


def a_past(value: str) -> str:
    yesterday = datetime.now(timezone.utc) - timedelta(days=2)
    return yesterday.strftime("%Y-%m-%d") if DATE.match(value) else yesterday.strftime("%Y-%m-%dT%H:%M:%S.000Z")


@schemathesis.hook("map_body").apply_to(operation_id="createCase")
def application_keeps_the_rules_json_schema_cannot_say(context, body):
    if not isinstance(body, dict):
        return body
    applicant = body.get("applicant")
    if isinstance(applicant, dict) and isinstance(applicant.get("nationalId"), str) and NATIONAL_ID.match(applicant["nationalId"]):
        applicant["nationalId"] = valid_national_id(re.sub(r"\s", "", applicant["nationalId"]))
    consent = body.get("consent")
    if isinstance(consent, dict) and in_future(consent.get("givenAt")):
        consent["givenAt"] = a_past(consent["givenAt"])
    if in_future(body.get("receivedAt")):
        body["receivedAt"] = a_past(body["receivedAt"])
    return body


# ---- A case's steps: what the case itself demands ----------------------------------------------
#
# A step's body is judged against the case too: a decision must decide exactly the services applied
# for, a home visit lies ahead, a receipt lies behind. No schema can say that (positive_data_acceptance
# is off for the steps in schemathesis.toml), but the stateful phase can only walk a case through its
# life if its steps are taken as a caseworker would take them. So, like a caseworker, these hooks
# read the case from each answer and fit a generated (schema-valid) step to it. Negative tests are
# left as they were.

CASES: dict = {}
STEP_PATH = re.compile(r"^/api/cases/\{id\}/")
AHEAD = {"scheduledAt", "expectedDecisionBy", "commentsBy", "effectiveFrom"}
BEHIND = {"receivedAt", "sentAt", "deliveredAt"}
PICK = random.Random(1)


def is_positive(case) -> bool:
    meta = getattr(case, "_meta", None)
    mode = getattr(getattr(meta, "generation", None), "mode", None)
    return mode is None or str(getattr(mode, "value", mode)).lower() == "positive"


def is_stateful(case) -> bool:
    meta = getattr(case, "_meta", None)
    name = getattr(getattr(meta, "phase", None), "name", None)
    return str(getattr(name, "value", name)).lower() == "stateful"


def allowed_from(case) -> list:
    """The statuses the step may be taken from, as the document says them (`x-allowed-from`)."""
    raw = getattr(getattr(case.operation, "definition", None), "raw", None)
    allowed = raw.get("x-allowed-from") if isinstance(raw, dict) else None
    return allowed if isinstance(allowed, list) else []


def when(value: str, days: float) -> str:
    at = datetime.now(timezone.utc) + timedelta(days=days)
    return at.strftime("%Y-%m-%d") if DATE.match(value) else at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fit_decision(decision: dict, services: list) -> None:
    outcome = decision.get("outcome")
    generated = decision.get("services") or []
    # A long-term care home place may be put on the waiting list (pbrl § 2-1 e), where the generated decision asked for one.
    waiting = outcome == "granted" and (any(isinstance(x, dict) and x.get("outcome") == "waiting_list" for x in generated) or PICK.random() < 0.5)
    fitted = []
    for i, code in enumerate(services):
        service = {"code": code}
        if outcome == "partially_granted":
            service["outcome"] = "granted" if i % 2 == 0 else "refused"
        elif waiting and code == "long_term_stay":
            service["outcome"] = "waiting_list"
        fitted.append(service)
    if outcome == "partially_granted" and len(fitted) == 1:
        decision["outcome"] = "granted"
        fitted[0].pop("outcome")
    decision["services"] = fitted


def decided(known: dict, running: bool = False) -> list:
    """The services the case's decision decided (or, `running`, granted and running now); before a decision, those applied for."""
    decision = known.get("decision")
    if not isinstance(decision, dict):
        return [] if running else [{"code": code} for code in known["services"]]
    services = [x for x in decision.get("services") or [] if isinstance(x, dict) and "code" in x]
    return [x for x in services if x.get("outcome") == "granted"] if running else services


def fit_listed_services(path: str, body: dict, known: dict) -> None:
    """An appeal names services the decision decided; an advance notice, services the case runs."""
    listed = body.get("services")
    if not isinstance(listed, list) or not listed:
        return
    if path.endswith("/appeal"):
        codes = [x["code"] for x in decided(known)]
        body["services"] = codes[: len(listed)] or listed
    elif path.endswith("/advance-notice"):
        running = decided(known, running=True)
        fitted = []
        for item, service in zip(listed, running):
            if not isinstance(item, dict):
                continue
            item = {**item, "code": service["code"]}
            hours = service.get("hoursPerWeek")
            if "hoursPerWeek" in item and isinstance(item["hoursPerWeek"], (int, float)) and item.get("proposal") == "reduce" and isinstance(hours, (int, float)) and item["hoursPerWeek"] >= hours:
                item["hoursPerWeek"] = hours / 2
            fitted.append(item)
        if fitted:
            body["services"] = fitted


# What a step's outcome requires beside it ("Required when the outcome is …"), as a caseworker gives it.
REQUIRED_FOR_OUTCOME = {"changed": "decision", "partially_reversed": "decision", "terminated": "justification"}


def fit(value, services: list, nested: bool = False):
    if isinstance(value, dict):
        required = REQUIRED_FOR_OUTCOME.get(value.get("outcome")) if not nested else None
        if required == "decision" and not isinstance(value.get("decision"), dict):
            value["decision"] = {"outcome": "partially_granted" if value["outcome"] == "partially_reversed" else "granted", "justification": "Begrunnelse.", "services": []}
        elif required == "justification" and not isinstance(value.get("justification"), str):
            value["justification"] = "Begrunnelse."
        for key, inner in list(value.items()):
            if key in AHEAD and isinstance(inner, str):
                value[key] = when(inner, 30)
            elif key in BEHIND and isinstance(inner, str):
                # Now: not in the future, and not before the decision the step answers (made moments ago).
                value[key] = when(inner, 0)
            else:
                fit(inner, services, nested=True)
        # A decision: at the top (the decision step) or inside a step (a reconsideration's, a re-evaluation's).
        if isinstance(value.get("services"), list) and "outcome" in value and ("justification" in value or nested):
            fit_decision(value, services)
    elif isinstance(value, list):
        for inner in value:
            fit(inner, services)


# A co-signer (to-trinnskontroll): a proposed decision is approved by another caseworker than the
# proposer, so the approval goes with a second token (scripts/schemathesis.ts mints it). The cases
# with a proposal waiting are remembered, and an approval or a return is taken on one of them.
CO_SIGNER_TOKEN = os.environ.get("SCHEMATHESIS_CO_SIGNER_TOKEN")
PROPOSED: dict = {}  # case id → the id of its proposal that waits
PROPOSAL = re.compile(r"^/api/cases/\{id\}/decision/proposal(/approve|/return)?$")


class Bearer(requests.auth.AuthBase):
    """Sets the Authorization header after Schemathesis's own headers (the run's token)."""

    def __init__(self, token: str):
        self.token = token

    def __call__(self, request):
        request.headers["Authorization"] = f"Bearer {self.token}"
        return request


def remember_proposals(case, response) -> None:
    match = PROPOSAL.match(case.path)
    case_id = str((case.path_parameters or {}).get("id", "")).lower()
    if not match or case.method.upper() != "POST" or not case_id:
        return
    if match.group(1) is None and response.status_code == 201:
        try:
            pending = response.json().get("pending") or {}
        except Exception:
            return
        if isinstance(pending.get("id"), str):
            PROPOSED[case_id] = pending["id"]
    elif match.group(1) is not None and response.status_code in (200, 409):
        PROPOSED.pop(case_id, None)


@schemathesis.hook
def after_call(context, case, response):
    remember_proposals(case, response)
    try:
        body = response.json()
    except Exception:
        return
    if isinstance(body, dict) and isinstance(body.get("id"), str) and isinstance(body.get("services"), list) and "status" in body:
        CASES[body["id"]] = body


def case_for(case):
    """The case a step is taken on; a step the stateful phase starts with an id of its own (no case
    has it: a 404) is taken instead on a case it registered that stands where the step is allowed."""
    path_parameters = case.path_parameters or {}
    known = CASES.get(str(path_parameters.get("id", "")).lower())
    if not is_stateful(case):
        return known
    # An approval or a return: a case whose proposal waits, where one does.
    if PROPOSAL.match(case.path) and not case.path.endswith("/proposal"):
        waiting = [CASES[i] for i in sorted(PROPOSED) if i in CASES]
        if known is not None and known["id"].lower() in PROPOSED or not waiting:
            return known
        known = PICK.choice(waiting)
        case.path_parameters = {**path_parameters, "id": known["id"]}
        return known
    # A closed case takes a step (an appeal) only after a refusal or a termination, within a year.
    allowed = [status for status in allowed_from(case) if status != "closed"]
    reopens = "closed" in allowed_from(case)

    def takes_it(view: dict) -> bool:
        return view.get("status") in allowed or (reopens and view.get("status") == "closed" and view.get("closedReason") in ("refused", "terminated"))

    # A link drawn from an older answer may name a case that has moved on (closed, say): most such
    # steps go to a case where the step is allowed now; the rest stay, to be refused (409) as they must.
    if known is not None and (takes_it(known) or PICK.random() < 0.25):
        return known
    candidates = [c for c in CASES.values() if takes_it(c)]
    # Deferred implementation answers only a decision that reduces or ends a service: such a case, where there is one.
    if case.path.endswith("/deferral"):
        candidates = [c for c in candidates if reduces(c)] or candidates
    if not candidates:
        return known
    known = PICK.choice(candidates)
    case.path_parameters = {**path_parameters, "id": known["id"]}
    return known


def reduces(view: dict) -> bool:
    decision = view.get("decision")
    return isinstance(decision, dict) and bool(decision.get("reduces"))


def fit_re_evaluation(body: dict) -> None:
    """A re-evaluation that reduces or ends a service, as an office would take it when it cannot wait
    for an advance notice's deadline (fvl § 16 third paragraph): urgent, from a day ahead. The
    reductions' rules (the letter, deferred implementation) are reached only through it; half the
    re-evaluations that end a service are made so, the rest stay as generated (and may be refused)."""
    if body.get("outcome") not in ("changed", "terminated") or PICK.random() < 0.5:
        return
    if body["outcome"] == "changed":
        body["outcome"] = "terminated"
        body.pop("decision", None)
        body["justification"] = body.get("justification") if isinstance(body.get("justification"), str) and body["justification"].strip() else "Begrunnelse."
    body["urgent"] = {"reason": "Behovet er endret."}
    body["effectiveFrom"] = (datetime.now(timezone.utc) + timedelta(days=1)).strftime("%Y-%m-%d")  # tomorrow: not before the day of the step


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.method.upper() != "POST" or not STEP_PATH.match(case.path) or not is_positive(case):
        return
    if case.path.endswith("/proposal/approve") and CO_SIGNER_TOKEN and is_stateful(case):
        kwargs["auth"] = Bearer(CO_SIGNER_TOKEN)
    known = case_for(case)
    if known is None or not isinstance(case.body, dict):
        return
    # An approval or a return names the proposal that waits on the case.
    proposal = PROPOSED.get(known["id"].lower())
    if PROPOSAL.match(case.path) and not case.path.endswith("/proposal") and proposal and is_stateful(case):
        case.body["proposalId"] = proposal
        return
    fit(case.body, known["services"])
    fit_listed_services(case.path, case.body, known)
    if case.path.endswith("/re-evaluation") and is_stateful(case):
        fit_re_evaluation(case.body)

