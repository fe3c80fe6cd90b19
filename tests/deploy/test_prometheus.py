"""deploy/prometheus/alerts.yaml: a valid rule file (the fields Prometheus requires, durations,
balanced expressions) whose every metric is one this repository exports, or one of
prometheus-nats-exporter's, and that covers the four things ops must be woken for."""

from __future__ import annotations

import copy
import re

import pytest

from tests.deploy import validate

ALERTS = validate.DEPLOY / "prometheus" / "alerts.yaml"
EXTERNAL = {"jetstream_consumer_num_pending"}  # prometheus-nats-exporter -jsz=all
DURATION = re.compile(r"^([0-9]+(ms|s|m|h|d|w|y))+$")
FUNCTIONS = {"histogram_quantile", "sum", "rate", "increase", "max", "by", "clamp_min", "le"}


def exported_metrics() -> set[str]:
    names = set()
    for path in [*(validate.ROOT / "services").rglob("*.py"),
                 *(validate.ROOT / "gateway").rglob("*.py")]:
        names |= set(re.findall(r'(?:Counter|Gauge|Histogram)\(\s*"([a-z_]+)"',
                                path.read_text()))
    return names


def check(doc: dict) -> None:
    """Raise AssertionError unless doc is a rule file Prometheus would load, using only
    metrics that exist."""
    known = exported_metrics() | EXTERNAL
    assert set(doc) == {"groups"}
    for group in doc["groups"]:
        assert set(group) <= {"name", "interval", "rules", "limit"} and group["name"]
        for rule in group["rules"]:
            assert set(rule) <= {"alert", "expr", "for", "labels", "annotations",
                                 "keep_firing_for"}, set(rule)
            assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", rule["alert"])
            expr = rule["expr"]
            assert isinstance(expr, str) and expr.count("(") == expr.count(")")
            if "for" in rule:
                assert DURATION.match(rule["for"]), rule["for"]
            assert rule["labels"]["severity"] in ("page", "warn")
            assert rule["annotations"]["summary"]
            words = set(re.findall(r"\b([a-z_][a-z0-9_]*)\b(?=\s*[\[{(]|\s*[)>]|\s*$)",
                                   re.sub(r"\{[^}]*\}|\[[^]]*\]", " ", expr)))
            metrics = {w.removesuffix("_bucket") for w in words - FUNCTIONS
                       if "_" in w and w not in {"stream_name", "consumer_name"}}
            unknown = {m for m in metrics if m not in known}
            assert not unknown, f"{rule['alert']}: no such metric {unknown}"


def test_alert_rules_are_valid_and_cover_what_ops_watch() -> None:
    doc = validate.load(ALERTS)
    check(doc)
    exprs = " ".join(r["expr"] for g in doc["groups"] for r in g["rules"])
    for needed in ("timer_handled_lateness_seconds", "jetstream_consumer_num_pending",
                   "events_dead_lettered_total", 'status=~"5.."'):
        assert needed in exprs, needed


@pytest.mark.parametrize("mutate", [
    lambda d: d["groups"][0]["rules"][0].update(fro="10m"),
    lambda d: d["groups"][0]["rules"][0].update(expr="rate(timer_handled_lateness_secnds[5m])"),
    lambda d: d["groups"][0]["rules"][0].update({"for": "ten minutes"}),
    lambda d: d["groups"][1]["rules"][0].update(expr="max(jetstream_consumer_num_pending > 1"),
], ids=["unknown-field", "unknown-metric", "bad-duration", "unbalanced"])
def test_a_broken_rule_fails(mutate) -> None:
    doc = copy.deepcopy(validate.load(ALERTS))
    mutate(doc)
    with pytest.raises(AssertionError):
        check(doc)
