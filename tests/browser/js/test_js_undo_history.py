"""Unit tests of frontend/js/undo-history.js, undo and redo over snapshots, in headless Chromium."""
from module_runner import run_module

MODULE = "/js/undo-history.js"


def test_undo_and_redo_walk_the_snapshots_and_a_new_change_drops_the_redos(js):
    result = run_module(js, MODULE, """
      const { emptyHistory, recorded, undone, redone } = module;
      let history = recorded(recorded(emptyHistory, 'a', 10), 'b', 10);   // 'a' then 'b' were replaced; 'c' is current
      const back = undone(history, 'c');
      const backAgain = undone(back.history, back.snapshot);
      const forward = redone(backAgain.history, backAgain.snapshot);
      const changed = recorded(forward.history, forward.snapshot, 10);
      return { back, backAgain, forward, changed, nothingToUndo: undone(emptyHistory, 'c'),
               nothingToRedo: redone(history, 'c'), emptyUntouched: emptyHistory };
    """)
    assert result["back"] == {"snapshot": "b", "history": {"past": ["a"], "future": ["c"]}}
    assert result["backAgain"] == {"snapshot": "a", "history": {"past": [], "future": ["b", "c"]}}
    assert result["forward"] == {"snapshot": "b", "history": {"past": ["a"], "future": ["c"]}}
    assert result["changed"] == {"past": ["a", "b"], "future": []}, "a new change drops what could be redone"
    assert result["nothingToUndo"] is None and result["nothingToRedo"] is None
    assert result["emptyUntouched"] == {"past": [], "future": []}


def test_only_the_latest_snapshots_are_kept(js):
    result = run_module(js, MODULE, """
      let history = module.emptyHistory;
      for (let i = 0; i < 7; i++) history = module.recorded(history, i, 3);
      return history;
    """)
    assert result == {"past": [4, 5, 6], "future": []}
