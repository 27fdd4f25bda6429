"""Unit tests of frontend/js/state.js, the store, in headless Chromium."""
from module_runner import run_module


def test_store_patches_freezes_and_notifies_once_with_new_and_old_state(js):
    result = run_module(js, "/js/state.js", """
      const store = module.createStore({ a: 1, b: [1] });
      const calls = [];
      const unsubscribe = store.subscribe((state, previous) => calls.push([state.a, previous.a, state.b === previous.b]));
      const before = store.get();
      store.set({ a: 2 });
      const after = store.get();
      unsubscribe();
      store.set({ a: 3 });
      let frozen = false;
      try { 'use strict'; after.a = 9; } catch { frozen = true; }
      return { calls, before: before.a, after: after.a, now: store.get().a, frozen: Object.isFrozen(after) };
    """)
    assert result["calls"] == [[2, 1, True]], "one call per set, unchanged keys keep their identity"
    assert (result["before"], result["after"], result["now"]) == (1, 2, 3)
    assert result["frozen"] is True


def test_initial_state_holds_camera_viewport_and_points_but_nothing_derivable(js):
    keys = run_module(js, "/js/state.js", "return Object.keys(module.initialState);")
    assert {"camera", "viewport", "points", "limits", "error"} <= set(keys)
    assert not {"count", "classes", "classCounts"} & set(keys), "derived values live in selectors.js"


def test_a_set_inside_a_listener_waits_so_no_listener_sees_an_older_state_after_a_newer_one(js):
    seen = run_module(js, "/js/state.js", """
      const store = module.createStore({ a: 0, b: 0 });
      const seen = [];
      store.subscribe((state) => { if (state.a === 1 && state.b === 0) store.set({ b: 1 }); });
      store.subscribe((state, previous) => seen.push([previous.a, previous.b, state.a, state.b]));
      store.set({ a: 1 });
      return seen;
    """)
    assert seen == [[0, 0, 1, 0], [1, 0, 1, 1]], "in order: each change seen once, oldest first"
