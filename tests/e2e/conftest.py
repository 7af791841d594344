"""On a failure, keep what the window showed: a screenshot and the page's text in out/e2e."""

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    world = item.funcargs.get("world")
    app = world and (world.get("station") or world.get("app"))
    if not app:
        return
    try:
        app.shot(f"FAILED-{item.name}", "failures")
        text = app.driver.execute_script("return document.body.innerText")
        (app.exports.parent / "failure.txt").write_text(text)
        report.sections.append(("page text at failure", text[:3000]))
    except Exception as e:  # the window may be gone; the failure itself is what matters
        report.sections.append(("no screenshot", repr(e)))
