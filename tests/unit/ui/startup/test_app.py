"""The start-up module itself: cheap to import, and the process's age as its clock."""

from __future__ import annotations

import json

from gui.ui.startup.app import process_age
from tests.support.fresh_python import run_python


def test_the_process_age_counts_from_the_process_start() -> None:
    first = process_age()
    assert 0 < first < 24 * 3600
    assert process_age() >= first


def test_importing_the_module_loads_no_qt_and_no_core() -> None:
    code = (
        "import json, sys\n"
        "before = set(sys.modules)\n"
        "import gui.ui.startup.app\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    done = run_python(code)
    loaded = json.loads(done.stdout)
    assert not [name for name in loaded if name.startswith("PySide6")]
    ours = {name for name in loaded if name.split(".")[0] == "gui"}
    assert ours == {"gui", "gui.ui", "gui.ui.startup", "gui.ui.startup.app"}  # no gui.services
