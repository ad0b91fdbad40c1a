"""Package-wide rules of nnlib's source."""

import nnlib


def test_no_module_imports_another_modules_private_names():
    """``from .x import _y`` and ``x._y`` across nnlib modules are not allowed; a private module
    (``widgets/_blit.py``) may be imported only by its own package."""
    import ast
    from pathlib import Path

    root = Path(nnlib.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = set()  # names bound to imported nnlib modules in this file
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("nnlib")):
                source = "." * node.level + (node.module or "")
                parts = (node.module or "").split(".")
                own_private_module = node.level == 1 and parts[0].startswith("_") and len(parts) == 1
                if any(p.startswith("_") for p in parts) and not own_private_module:
                    found.append(f"{path.relative_to(root)}: from {source} (a private module of another package)")
                for alias in node.names:
                    if alias.name.startswith("_"):
                        found.append(f"{path.relative_to(root)}: from {source} import {alias.name}")
                    modules.add(alias.asname or alias.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if node.value.id in modules and node.attr.startswith("_") and not node.attr.startswith("__"):
                    found.append(f"{path.relative_to(root)}: {node.value.id}.{node.attr}")
    assert not found, found
