"""The browser client's files, without a browser: content hashing, no inline script or
style anywhere (the page CSP forbids it), no markup built from strings, and a message for
every error code of the contract."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from gateway.webclient import ASSETS_PLACEHOLDER, STATIC_DIR, ClientBundle
from services.runtime.errors import HTTP_STATUS


def test_any_changed_byte_changes_every_asset_url(tmp_path: Path) -> None:
    root = tmp_path / "static"
    shutil.copytree(STATIC_DIR, root)
    first = ClientBundle(1.0, root)
    assert ClientBundle(1.0, root).version == first.version
    (root / "views" / "map.js").write_text((root / "views" / "map.js").read_text() + "\n")
    second = ClientBundle(1.0, root)
    assert second.version != first.version
    assert ClientBundle(2.0, root).version != second.version  # the catalog's world speed
    index = second.index.body.decode()
    assert ASSETS_PLACEHOLDER not in index
    assert f'src="{second.prefix}app.js"' in index


def test_the_page_has_no_inline_script_or_style() -> None:
    index = (STATIC_DIR / "index.html").read_text()
    for tag in re.findall(r"<script\b[^>]*>", index):
        assert "src=" in tag, tag
    assert not re.search(r"<script\b[^>]*>\s*[^<\s]", index), "inline script"
    assert "<style" not in index and " style=" not in index
    assert not re.search(r"\son[a-z]+=", index), "inline event handler"


def test_the_scripts_never_build_markup_from_strings_or_eval() -> None:
    for path in STATIC_DIR.rglob("*.js"):
        text = path.read_text()
        for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                       "eval(", "new Function", "setAttribute('style'"):
            assert banned not in text, f"{path.name} uses {banned}"


def test_every_error_code_of_the_contract_has_a_message() -> None:
    text = (STATIC_DIR / "messages.js").read_text()
    known = set(re.findall(r"^\s+([A-Z_]+): \(", text, re.M))
    missing = sorted(set(HTTP_STATUS) - known)
    assert not missing, f"add a sentence to gateway/static/messages.js for {missing}"


def test_every_module_imported_exists() -> None:
    for path in STATIC_DIR.rglob("*.js"):
        for spec in re.findall(r"from '(\.[^']+)'", path.read_text()):
            assert (path.parent / spec).resolve().is_file(), f"{path.name} imports {spec}"
