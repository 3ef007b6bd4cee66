"""The window's history, as a browser keeps one: back, forward, a new page drops what was ahead."""

from __future__ import annotations

from referentiel_desktop.gui.window.history import History


def test_back_forward_and_a_new_page_dropping_what_was_ahead() -> None:
    history = History()
    assert history.current is None and history.back() is None
    for page in ("home", "engagement.b1", "engagement.b2"):
        history.visit(page)
    history.visit("engagement.b2")  # the page already shown is not recorded twice
    assert history.back() == "engagement.b1"
    assert history.can_go_forward()
    history.visit("value.b3")
    assert not history.can_go_forward()  # engagement.b2 was ahead: dropped
    assert history.back() == "engagement.b1" and history.back() == "home"
    assert history.back() is None and history.current == "home"
    assert history.forward() == "engagement.b1"
    assert history.forward() == "value.b3" and history.forward() is None
