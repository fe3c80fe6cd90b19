"""deploy/envoy/envoy.yaml parsed against Envoy's own v3 API types (envoy-data-plane)."""

from __future__ import annotations

import copy

import pytest

from services.runtime.config import DEFAULT_GRPC_PORTS, SERVICES
from tests.deploy import validate

ENVOY = validate.DEPLOY / "envoy" / "envoy.yaml"
IDEMPOTENT = ("Get", "List", "VerifySession", "Simulate")


def listener(doc: dict, name: str) -> dict:
    found = next(x for x in doc["static_resources"]["listeners"] if x["name"] == name)
    return found["filter_chains"][0]["filters"][0]["typed_config"]


def test_envoy_config_parses_as_v3_bootstrap() -> None:
    boot = validate.envoy(validate.load(ENVOY))
    names = {c.name for c in boot.static_resources.clusters}
    assert names == {*SERVICES, "gateway"}


def test_every_service_cluster_is_http2_health_checked_and_ejects_outliers() -> None:
    doc = validate.load(ENVOY)
    clusters = {c["name"]: c for c in doc["static_resources"]["clusters"]}
    for service in SERVICES:
        cluster = clusters[service]
        options = cluster["typed_extension_protocol_options"][
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]
        assert "http2_protocol_options" in options["explicit_http_config"]
        assert "grpc_health_check" in cluster["health_checks"][0]
        assert cluster["outlier_detection"]["consecutive_5xx"] > 0
        socket = cluster["load_assignment"]["endpoints"][0]["lb_endpoints"][0]["endpoint"][
            "address"]["socket_address"]
        assert socket["port_value"] == DEFAULT_GRPC_PORTS[service]
    assert "http_health_check" in clusters["gateway"]["health_checks"][0]


def test_edge_sends_everything_to_the_gateway_with_timeouts() -> None:
    routes = listener(validate.load(ENVOY), "edge")["route_config"]["virtual_hosts"][0]["routes"]
    assert all(r["route"]["cluster"] == "gateway" and "timeout" in r["route"] for r in routes)


def test_mesh_retries_only_unavailable_and_only_idempotent_calls() -> None:
    hosts = listener(validate.load(ENVOY), "mesh")["route_config"]["virtual_hosts"]
    assert {h["name"] for h in hosts} == set(SERVICES)
    for host in hosts:
        for route in host["routes"]:
            action = route["route"]
            assert action["cluster"] == host["name"] and action["timeout"]
            method = route["match"]["prefix"].rsplit("/", 1)[-1]
            retry = action.get("retry_policy")
            if retry is not None:
                assert retry["retry_on"] == "unavailable"
                assert method.startswith(IDEMPOTENT), f"{host['name']}: {method} retried"
        assert host["routes"][-1]["match"]["prefix"].endswith("/"), "catch-all last"
        assert "retry_policy" not in host["routes"][-1]["route"], "writes are never retried"


def _routes(doc: dict) -> list:
    return listener(doc, "mesh")["route_config"]["virtual_hosts"][0]["routes"]


@pytest.mark.parametrize("mutate", [
    lambda d: d["static_resources"]["clusters"][1].update(connect_timout="1s"),
    lambda d: d["static_resources"]["clusters"][1].update(lb_policy="ROUNDY_ROBIN"),
    lambda d: _routes(d)[0]["route"].update(timeoutt="1s"),
    lambda d: d["static_resources"]["clusters"][1]["health_checks"][0].update(
        grpc_health_check={"service_nme": "x"}),
], ids=["cluster-field", "enum", "route-inside-typed-config", "health-check"])
def test_a_broken_field_fails_parsing(mutate) -> None:
    doc = copy.deepcopy(validate.load(ENVOY))
    mutate(doc)
    with pytest.raises((KeyError, ValueError, TypeError)):
        validate.envoy(doc)
