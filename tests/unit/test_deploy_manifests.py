"""The deploy manifests parse and keep the rules ops rely on: every service scales alone,
is probed over gRPC health, and is balanced per pod (headless Service, Envoy HTTP/2).
Schema validation (Kubernetes API, Envoy v3, Compose) lives in tests/deploy."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from services.runtime.config import DEFAULT_GRPC_PORTS, SERVICES

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def docs(path: Path) -> list[dict]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_is_its_own_deployment_with_grpc_probes(service: str) -> None:
    manifests = {d["kind"]: d for d in docs(DEPLOY / "k8s" / "base" / f"{service}.yaml")}
    deployment, svc = manifests["Deployment"], manifests["Service"]
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    port = DEFAULT_GRPC_PORTS[service]
    assert container["command"] == ["python", "-m", f"services.{service}"]
    assert container["readinessProbe"]["grpc"]["port"] == port
    assert container["livenessProbe"]["grpc"]["port"] == port
    env = {e["name"]: e.get("value", "") for e in container["env"]}
    assert env["GRPC_LISTEN"].endswith(f":{port}")
    assert svc["spec"]["clusterIP"] == "None", "clients must see every pod to balance"
    assert deployment["spec"]["selector"]["matchLabels"] == svc["spec"]["selector"]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True


def test_gateway_config_points_at_every_service() -> None:
    config = next(d for d in docs(DEPLOY / "k8s" / "base" / "gateway.yaml")
                  if d["kind"] == "ConfigMap")
    for service in SERVICES:
        assert config["data"][f"{service.upper()}_GRPC_ADDR"] == \
            f"dns:///{service}:{DEFAULT_GRPC_PORTS[service]}"


def test_envoy_has_an_http2_health_checked_cluster_per_service() -> None:
    config = docs(DEPLOY / "envoy" / "envoy.yaml")[0]
    clusters = {c["name"]: c for c in config["static_resources"]["clusters"]}
    assert set(SERVICES) | {"gateway"} <= set(clusters)
    for service in SERVICES:
        cluster = clusters[service]
        options = cluster["typed_extension_protocol_options"][
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions"]
        assert "http2_protocol_options" in options["explicit_http_config"]
        assert "grpc_health_check" in cluster["health_checks"][0]
        assert "outlier_detection" in cluster
        endpoint = cluster["load_assignment"]["endpoints"][0]["lb_endpoints"][0]
        assert endpoint["endpoint"]["address"]["socket_address"]["port_value"] == \
            DEFAULT_GRPC_PORTS[service]
    edge = next(x for x in config["static_resources"]["listeners"] if x["name"] == "edge")
    routes = edge["filter_chains"][0]["filters"][0]["typed_config"]["route_config"][
        "virtual_hosts"][0]["routes"]
    assert all(r["route"]["cluster"] == "gateway" for r in routes)
