"""The torch boundary is a folder: only latent_explorer/training/ imports torch or the ONNX exporter.

Read from the source, so that a module no test happens to import is checked too; that serving
never loads torch at run time is test_install.py's test.
"""
import ast
from pathlib import Path

import latent_explorer
from latent_explorer.cli import TRAINING_MODULES

PACKAGE = Path(latent_explorer.__file__).parent
TORCH_SIDE = PACKAGE / "training"


def imported_modules(path):
    """The top-level names of every module ``path`` imports, at any depth of its code."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module.split(".")[0]


def test_only_the_training_subpackage_imports_torch():
    offenders = {str(path.relative_to(PACKAGE)): sorted(set(imported_modules(path)) & set(TRAINING_MODULES))
                 for path in PACKAGE.rglob("*.py") if TORCH_SIDE not in path.parents}
    assert {name: modules for name, modules in offenders.items() if modules} == {}


def test_the_check_sees_the_training_side_import_torch():
    """The test above would pass on an empty tree: it must find the imports where they are."""
    assert "torch" in set(imported_modules(TORCH_SIDE / "model.py"))
    assert "onnx" in set(imported_modules(TORCH_SIDE / "export.py"))
