"""deploy/k8s: every manifest and both overlays, built with `kubectl kustomize`, validated
against the Kubernetes API schemas (kubernetes-validate, offline, strict) and the shipped
CloudNativePG schemas; the operator's checklist (HPA, PDB, SA, Secret, policies) per service."""

from __future__ import annotations

import copy
import ipaddress
import shutil

import pytest
import yaml

from services.runtime.config import DEFAULT_GRPC_PORTS, SERVICES
from tests.deploy import validate

BASE = validate.K8S / "base"
OVERLAYS = ("dev", "prod")
needs_kubectl = pytest.mark.skipif(shutil.which("kubectl") is None,
                                   reason="kubectl is not installed: overlays not built")


def base_docs() -> list[dict]:
    return [d for p in sorted(BASE.glob("*.yaml")) if p.name != "kustomization.yaml"
            for d in yaml.safe_load_all(p.read_text()) if d]


def by_kind(docs: list[dict], kind: str) -> dict[str, dict]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


@pytest.mark.parametrize("path", sorted(p.name for p in BASE.glob("*.yaml")
                                        if p.name != "kustomization.yaml"))
def test_every_base_manifest_is_valid(path: str) -> None:
    for doc in yaml.safe_load_all((BASE / path).read_text()):
        if doc:
            validate.kubernetes(doc)


@needs_kubectl
@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_builds_and_every_object_is_valid(overlay: str) -> None:
    docs = validate.kustomize(validate.K8S / "overlays" / overlay)
    for doc in docs:
        validate.kubernetes(doc)
    namespace = f"palisade-{overlay}" if overlay == "dev" else "palisade"
    assert {d["metadata"].get("namespace") for d in docs if d["kind"] != "Namespace"} == \
        {namespace}
    assert set(by_kind(docs, "Deployment")) == {*SERVICES, "gateway", "envoy"}


@pytest.mark.parametrize("service", [*SERVICES, "gateway"])
def test_each_service_has_what_an_operator_expects(service: str) -> None:
    docs = base_docs()
    deployment = by_kind(docs, "Deployment")[service]
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert pod["serviceAccountName"] == service and service in by_kind(docs, "ServiceAccount")
    assert by_kind(docs, "HorizontalPodAutoscaler")[service]["spec"]["scaleTargetRef"][
        "name"] == service
    assert by_kind(docs, "PodDisruptionBudget")[service]["spec"]["selector"] == \
        deployment["spec"]["selector"]
    assert by_kind(docs, "Service")[service]["spec"]["clusterIP"] == "None"
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    if service == "gateway":
        return
    port = DEFAULT_GRPC_PORTS[service]
    assert container["command"] == ["python", "-m", f"services.{service}"]
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["grpc"]["port"] == port
    env = {e["name"]: e for e in container["env"]}
    assert env["GRPC_LISTEN"]["value"] == f"0.0.0.0:{port}"
    ref = env["DATABASE_URL"]["valueFrom"]["secretKeyRef"]
    secret = by_kind(docs, "Secret")[ref["name"]]["stringData"]
    assert secret[ref["key"]].startswith(f"postgresql://palisade_{service}:")
    assert secret["username"] == f"palisade_{service}"
    roles = {r["name"]: r for r in by_kind(docs, "Cluster")["palisade-pg"]["spec"]["managed"][
        "roles"]}
    assert roles[f"palisade_{service}"]["passwordSecret"]["name"] == ref["name"]


def _ingress_callers(docs: list[dict], target: str) -> set[str]:
    policy = by_kind(docs, "NetworkPolicy")[f"{target}-ingress"]
    rule = policy["spec"]["ingress"][0]
    return {p["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for p in rule["from"]}


def _egress_targets(docs: list[dict], source: str) -> set[str]:
    policy = by_kind(docs, "NetworkPolicy").get(f"{source}-egress")
    if policy is None:
        return set()
    return {t["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
            for rule in policy["spec"]["egress"] for t in rule["to"]}


def test_network_policies_allow_only_the_documented_callers() -> None:
    docs = base_docs()
    documented = {("gateway", "auth"), ("gateway", "village"), ("gateway", "combat"),
                  ("gateway", "tactics"), ("village", "combat"), ("village", "scheduler"),
                  ("auth", "village"), ("envoy", "gateway")}
    ingress = {(c, t) for t in [*SERVICES, "gateway"] for c in _ingress_callers(docs, t)}
    egress = {(s, t) for s in [*SERVICES, "gateway", "envoy"] for t in _egress_targets(docs, s)}
    assert ingress == documented
    assert egress == documented
    deny = by_kind(docs, "NetworkPolicy")["default-deny"]["spec"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}


def test_data_tier_is_clustered_and_gateway_trusts_envoys_range() -> None:
    docs = base_docs()
    assert by_kind(docs, "Cluster")["palisade-pg"]["spec"]["instances"] == 3
    nats = by_kind(docs, "StatefulSet")["nats"]
    assert nats["spec"]["replicas"] == 3
    conf = by_kind(docs, "ConfigMap")["nats-config"]["data"]["nats.conf"]
    assert "jetstream" in conf and conf.count("nats://nats-") == 3
    config = by_kind(docs, "ConfigMap")["palisade-config"]["data"]
    ipaddress.ip_network(config["TRUSTED_PROXIES"])
    for service in SERVICES:
        assert config[f"{service.upper()}_GRPC_ADDR"] == \
            f"dns:///{service}:{DEFAULT_GRPC_PORTS[service]}"


def _deployment(docs: list[dict]) -> dict:
    return next(d for d in docs if d["kind"] == "Deployment")


@pytest.mark.parametrize("mutate", [
    lambda docs: _deployment(docs)["spec"].update(replica=2),
    lambda docs: _deployment(docs)["spec"]["template"]["spec"]["containers"][0][
        "readinessProbe"]["grpc"].update(port="grpc-port-as-text"),
    lambda docs: by_kind(docs, "HorizontalPodAutoscaler")["village"]["spec"].pop("maxReplicas"),
    lambda docs: by_kind(docs, "NetworkPolicy")["default-deny"]["spec"].update(
        podSelector="everything"),
    lambda docs: by_kind(docs, "Cluster")["palisade-pg"]["spec"].update(instance=3),
    lambda docs: by_kind(docs, "Cluster")["palisade-pg"]["spec"]["storage"].update(
        size="lots"),
], ids=["misspelt-field", "wrong-type", "missing-required", "policy-wrong-type",
        "crd-unknown-field",
        "crd-bad-quantity"])
def test_a_broken_field_fails_validation(mutate) -> None:
    docs = copy.deepcopy(base_docs())
    mutate(docs)
    with pytest.raises(Exception) as caught:
        for doc in docs:
            validate.kubernetes(doc)
    assert "ValidationError" in type(caught.value).__name__
