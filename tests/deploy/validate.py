"""Validators that check deploy files against the real schemas (Compose spec, Envoy v3
API types, Kubernetes OpenAPI), shared by the tests here and their mutation tests."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def compose(doc: dict) -> None:
    """Raise unless doc is a valid Compose file. YAML anchors/merge keys are resolved by
    PyYAML first (the package's own YAML reader does not know `<<`)."""
    import compose_spec

    compose_spec.PyCompose.from_json(json.dumps(doc)).validate()


def _any_types(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@type":
                yield value
            else:
                yield from _any_types(value)
    elif isinstance(node, list):
        for value in node:
            yield from _any_types(value)


def envoy(doc: dict) -> Any:
    """Parse doc as an Envoy v3 Bootstrap, every typed_config included; unknown fields and
    enum values raise. Returns the parsed Bootstrap."""
    import betterproto2

    # betterproto2 re-cases every key and turns `consecutive_5xx` into `consecutive_5_xx`
    # (no such field); a key that is already snake_case is taken as it is.
    original = getattr(betterproto2, "_palisade_original_snake", betterproto2.safe_snake_case)
    betterproto2._palisade_original_snake = original
    betterproto2.safe_snake_case = (
        lambda key: key if re.fullmatch(r"[a-z0-9_]+", key) else original(key))
    for type_url in set(_any_types(doc)):
        message = type_url.rsplit("/", 1)[-1]
        importlib.import_module("envoy_data_plane." + message.rsplit(".", 1)[0])
    from envoy_data_plane.envoy.config.bootstrap.v3 import Bootstrap

    return Bootstrap.from_dict(doc)


K8S = DEPLOY / "k8s"
K8S_VERSION = "1.37.0"


def crd_schema(doc: dict) -> dict | None:
    """Our own schema for a CRD kind (deploy/k8s/schemas), or None for a built-in kind."""
    group = doc.get("apiVersion", "").split("/")[0]
    if "." not in group or group.endswith("k8s.io"):
        return None
    path = K8S / "schemas" / f"{doc['kind'].lower()}-{group.replace('.', '-')}-v1.json"
    if not path.exists():
        raise LookupError(f"no schema for {doc['kind']} ({doc['apiVersion']}): add {path.name}")
    return json.loads(path.read_text())


def kubernetes(doc: dict) -> None:
    """Raise unless doc is valid for the Kubernetes API (strict: unknown fields fail), or
    for the CRD schema this repository ships."""
    schema = crd_schema(doc)
    if schema is not None:
        import jsonschema

        jsonschema.validate(doc, schema)
        return
    import kubernetes_validate

    kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def kustomize(directory: Path) -> list[dict]:
    """`kubectl kustomize directory`, parsed."""
    import shutil
    import subprocess

    kubectl = shutil.which("kubectl")
    assert kubectl is not None
    out = subprocess.run([kubectl, "kustomize", str(directory)], check=True,
                         capture_output=True, text=True, timeout=120).stdout
    return [d for d in yaml.safe_load_all(out) if d]
