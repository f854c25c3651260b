"""The web UI in a real browser (Debian's Chromium through chromedriver) against a real `medifor serve`.

One analyst session: upload photos with tags, watch them progress to a fused score without reloading, filter the
gallery, open a detection, toggle and rearrange the mask overlay with the keyboard, tag it, step to the next
detection, and look at the analytics page and a printable report. Screenshots of every step go to
`.test-artifacts/ui/`.
"""
from __future__ import annotations

import re
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

import ui_support as ui

ANALYSIS_TIMEOUT_S = 180


@pytest.fixture
def serve(tmp_path):
    server = ui.Serve(tmp_path / "data")
    yield server
    server.stop()


@pytest.fixture
def driver():
    browser = ui.make_driver()
    yield browser
    browser.quit()


def _wait(driver, condition, timeout=30, message=""):
    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(condition, message)


def _cards(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#cards li.card")


def _scored(driver):
    """Cards whose fused score badge shows a number."""
    return [card for card in _cards(driver) if card.find_elements(By.CSS_SELECTOR, ".score:not(.none)")]


def _notice(driver):
    """The gallery's notice of the last bulk action, or None (also while a page is being replaced)."""
    from selenium.common.exceptions import StaleElementReferenceException

    try:
        found = driver.find_elements(By.ID, "notice")
        return found[0].text if found else None
    except StaleElementReferenceException:
        return None


def _no_errors(driver, page):
    errors = ui.browser_errors(driver)
    assert not errors, f"{page}: the browser reported errors: {errors}"


def test_analyst_session(serve, driver, tmp_path):
    ui.reset_artifacts()
    photos = ui.sample_photos(tmp_path / "photos")

    # Upload: two photos tagged case=browser, queued until the button is pressed.
    driver.get(serve.base + "/upload")
    _no_errors(driver, "upload")
    driver.find_element(By.ID, "tags").send_keys("case=browser")
    driver.find_element(By.ID, "file-input").send_keys("\n".join(str(path) for path in photos[:2]))
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#queue li")) == 2, message="files queued")
    assert "ready" in driver.find_element(By.ID, "queue-summary").text
    ui.screenshot(driver, "01-upload-queued")
    driver.find_element(By.ID, "upload-submit").click()
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#queue .qstate.ok a")) == 2, 60, "uploads done")
    # A third photo with another tag starts at once.
    tags = driver.find_element(By.ID, "tags")
    tags.clear()
    tags.send_keys("case=other")
    driver.find_element(By.ID, "file-input").send_keys(str(photos[2]))
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#queue .qstate.ok a")) == 3, 60, "third upload")
    progress = [bar.get_attribute("value") for bar in driver.find_elements(By.CSS_SELECTOR, "#queue progress")]
    assert progress == ["100", "100", "100"]
    ui.screenshot(driver, "02-upload-done")

    # Gallery: scores arrive through live updates, without reloading the page.
    driver.get(serve.base + "/gallery")
    _no_errors(driver, "gallery")
    assert len(_cards(driver)) == 3
    driver.execute_script("window.__sameDocument = true")
    _wait(driver, lambda d: len(_scored(d)) == 3, ANALYSIS_TIMEOUT_S, "every card shows a fused score")
    assert driver.execute_script("return window.__sameDocument === true"), "the page reloaded instead of updating"
    for card in _cards(driver):
        assert re.fullmatch(r"[01]\.\d\d", card.find_element(By.CSS_SELECTOR, ".score").text)
        assert card.find_element(By.CSS_SELECTOR, ".state").text.startswith("done")
    ui.screenshot(driver, "03-gallery-live-scores")

    # Filter by a tag facet, then by status.
    driver.find_element(By.XPATH, "//a[contains(@class,'facet')][.//span[text()='case=other']]").click()
    _wait(driver, lambda d: len(_cards(d)) == 1, message="tag filter")
    assert "chelsea.jpg" in _cards(driver)[0].text
    ui.screenshot(driver, "04-gallery-filtered-by-tag")
    driver.get(serve.base + "/gallery?view=list")
    Select(driver.find_element(By.ID, "f-status")).select_by_value("running")
    _wait(driver, lambda d: "status=running" in d.current_url, message="status filter applied")
    assert _cards(driver) == []
    Select(driver.find_element(By.ID, "f-status")).select_by_value("done")
    _wait(driver, lambda d: "status=done" in d.current_url and len(_cards(d)) == 3, message="done filter")
    ui.screenshot(driver, "05-gallery-list-done")

    # Detail: the highest-scoring analytic's mask overlays the photo.
    driver.get(serve.base + "/gallery?sort=name")
    driver.find_element(By.XPATH, "//li[contains(@class,'card')][.//*[text()='astronaut.jpg']]//a").click()
    _wait(driver, EC.presence_of_element_located((By.ID, "overlay")))
    _no_errors(driver, "detail")
    _wait(driver, lambda d: d.find_element(By.ID, "mask-layer").is_displayed(), message="mask overlay shown")
    painted = driver.execute_script(
        "const c = document.getElementById('overlay');"
        "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return [c.width, n];")
    assert painted[0] > 0 and painted[1] > 0, "the overlay canvas holds coloured mask pixels"
    assert "Error level analysis" in driver.find_element(By.ID, "analytics-panel").text
    ui.screenshot(driver, "06-detail-overlay")

    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys("o")
    _wait(driver, lambda d: not d.find_element(By.ID, "mask-layer").is_displayed(), message="o hides the overlay")
    body.send_keys("o")
    _wait(driver, lambda d: d.find_element(By.ID, "mask-layer").is_displayed(), message="o shows the overlay")
    opacity = driver.find_element(By.ID, "mask-layer").value_of_css_property("opacity")
    body.send_keys("[")
    assert float(driver.find_element(By.ID, "mask-layer").value_of_css_property("opacity")) < float(opacity)
    body.send_keys("s")
    _wait(driver, lambda d: "side" in d.find_element(By.ID, "stage").get_attribute("class"), message="side by side")
    ui.screenshot(driver, "07-detail-side-by-side")
    body.send_keys("s")

    # Tag it from the detail page, then find it by that tag.
    tag_input = driver.find_element(By.ID, "tag-add")
    tag_input.send_keys("reviewed")
    tag_input.send_keys(Keys.ENTER)
    _wait(driver, lambda d: "reviewed" in d.find_element(By.CSS_SELECTOR, ".tags-panel .tag-list").text, message="tag")
    ui.screenshot(driver, "08-detail-tagged")
    detail_url = driver.current_url

    # n goes to the next detection of the gallery order (by name: astronaut, chelsea, coffee).
    driver.find_element(By.TAG_NAME, "body").send_keys("n")
    _wait(driver, lambda d: d.current_url != detail_url and "chelsea.jpg" in d.find_element(By.TAG_NAME, "h1").text,
          message="n opens the next detection")
    driver.find_element(By.TAG_NAME, "body").send_keys("p")
    _wait(driver, lambda d: "astronaut.jpg" in d.find_element(By.TAG_NAME, "h1").text, message="p goes back")

    driver.get(serve.base + "/gallery?tag=reviewed")
    assert [card.find_element(By.CSS_SELECTOR, ".card-name").text for card in _cards(driver)] == ["astronaut.jpg"]

    # Analytics page and printable report.
    driver.get(serve.base + "/analytics")
    _no_errors(driver, "analytics")
    page = driver.find_element(By.TAG_NAME, "main").text
    assert "SERVING" in page and "Error level analysis" in page and "Mean score" in page
    ui.screenshot(driver, "09-analytics")
    driver.get(serve.base + "/gallery?tag=reviewed")
    _cards(driver)[0].find_element(By.TAG_NAME, "a").click()
    _wait(driver, EC.presence_of_element_located((By.ID, "overlay")))
    report = driver.find_element(By.XPATH, "//a[text()='Report']").get_attribute("href")
    driver.get(report)
    _no_errors(driver, "report")
    assert "Media forensics report" in driver.find_element(By.TAG_NAME, "h1").text
    ui.screenshot(driver, "10-report")

    # With a live-update stream open, the server still stops promptly and cleanly.
    driver.get(serve.base + "/gallery")
    time.sleep(1)  # let the page open its event stream
    assert serve.stop() == 0


def test_unreadable_files(serve, driver, tmp_path):
    """Files no browser or analytic can read: each upload is kept and analysed, the analytics say why they failed,
    and the pages show a labelled note instead of a broken picture."""
    import json
    import urllib.error
    import urllib.request

    (photo,) = ui.sample_photos(tmp_path / "photos", names=("chelsea.png",))
    files = [("files", "notes.jpg", b"meeting notes, not a photograph\n" * 20),
             ("files", "noise.gif", b"plain text saved under a picture name\n" * 4),
             ("files", "cut.jpg", photo.read_bytes()[: photo.stat().st_size // 3])]
    ids = {}
    for field, name, content in files:
        body, content_type = ui.multipart([("tags", "case=hostile")], [(field, name, content)])
        request = urllib.request.Request(serve.base + "/upload", data=body, method="POST",
                                         headers={"Content-Type": content_type, "Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 201, name
            ids[name] = json.loads(response.read())["results"][0]["id"]
    body, content_type = ui.multipart([], [("files", "empty.jpg", b"")])
    request = urllib.request.Request(serve.base + "/upload", data=body, method="POST",
                                     headers={"Content-Type": content_type, "Accept": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 400 and "empty" in refused.value.read().decode()
    for detection_id in ids.values():
        with urllib.request.urlopen(f"{serve.base}/events?watch={detection_id}", timeout=120) as response:
            assert '"complete":true' in response.read().decode()

    # The gallery: the GIF the browser cannot decode shows "no preview", not a broken image.
    driver.get(serve.base + "/gallery?tag=case%3Dhostile")
    card = driver.find_element(By.CSS_SELECTOR, f'#cards li.card[data-id="{ids["noise.gif"]}"]')
    _wait(driver, lambda _: card.find_elements(By.CSS_SELECTOR, ".thumb .thumb-none"),
          message="the undecodable GIF's card shows no placeholder")
    assert card.find_element(By.CSS_SELECTOR, ".thumb .thumb-none").text == "no preview"
    assert not card.find_element(By.CSS_SELECTOR, ".thumb img").is_displayed()
    assert "failed" in card.text
    # The truncated JPEG's preview shows what the file still holds, as a browser would.
    cut = driver.find_element(By.CSS_SELECTOR, f'#cards li.card[data-id="{ids["cut.jpg"]}"] .thumb img')
    _wait(driver, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", cut),
          message="the truncated JPEG has no preview")
    assert cut.is_displayed()
    ui.screenshot(driver, "11-unreadable-gallery")

    # The detail page of the text file: a note in place of the picture, the ELA failure with its reason, no masks.
    driver.get(f"{serve.base}/detections/{ids['notes.jpg']}")
    note = _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".stage-wrap .no-preview"),
                 message="no note replaced the undecodable picture")[0]
    assert "cannot display this file" in note.text
    assert not driver.find_element(By.ID, "media").is_displayed()
    assert Select(driver.find_element(By.ID, "mask-select")).first_selected_option.text == "no masks"
    table = driver.find_element(By.CSS_SELECTOR, "table.analytics").text
    assert "Failed" in table and "unreadable image" in table, table
    ui.screenshot(driver, "12-unreadable-detail")

    # The truncated JPEG: what the browser can draw stays on screen; the analytics report the truncation.
    driver.get(f"{serve.base}/detections/{ids['cut.jpg']}")
    assert driver.find_element(By.ID, "media").is_displayed()
    assert "truncated" in driver.find_element(By.TAG_NAME, "main").text

    # Bulk actions: tag two picked cards, then pick the whole page and delete it (after confirming).
    driver.get(serve.base + "/gallery?tag=case%3Dhostile&sort=name")
    delete = driver.find_element(By.CSS_SELECTOR, "#bulk button[value=delete]")
    assert not delete.is_enabled(), "bulk buttons wait for a pick"
    for name in ("cut.jpg", "notes.jpg"):
        driver.find_element(By.CSS_SELECTOR, f'li.card[data-id="{ids[name]}"] input.pick').click()
    assert driver.find_element(By.ID, "pick-count").text == "2 selected"
    driver.find_element(By.ID, "bulk-tags").send_keys("triage=unreadable")
    driver.find_element(By.CSS_SELECTOR, "#bulk button[value=tag]").click()
    _wait(driver, lambda d: _notice(d) == "Tagged 2 detections.", message="no notice of the tagging")
    assert {card.get_attribute("data-id") for card in _cards(driver) if "triage=unreadable" in card.text} == \
        {ids["cut.jpg"], ids["notes.jpg"]}
    ui.screenshot(driver, "13-bulk-tagged")
    driver.find_element(By.ID, "pick-all").click()
    assert driver.find_element(By.ID, "pick-count").text == "3 selected"
    driver.find_element(By.CSS_SELECTOR, "#bulk button[value=delete]").click()
    alert = _wait(driver, EC.alert_is_present(), message="deleting asks first")
    assert "Delete the selected detections" in alert.text
    alert.accept()
    # The page before the delete still shows the tagging notice; wait for the one the delete brings.
    _wait(driver, lambda d: _notice(d) == "Deleted 3 detections.", message="no notice of the delete")
    assert _cards(driver) == []


def test_ui_command_against_a_separate_workflow(tmp_path):
    """`medifor ui` (distributed mode) against `medifor serve --no-ui`: uploads reach the workflow over gRPC,
    results come back through the live-update stream, and the analytics page reads the queue's depths."""
    import json
    import urllib.request

    serve = ui.Serve(tmp_path / "data", analytics=("noop",), ui=False)
    try:
        assert not ui._answers(serve.base + "/healthz"), "--no-ui must not start the web UI"
        remote = ui.UI(serve.pipeline_port, tmp_path / "data" / "storage", serve.queue_port, tmp_path / "ui.log")
        try:
            (photo,) = ui.sample_photos(tmp_path / "photos", names=("coffee.png",))
            body, content_type = ui.multipart([("tags", "case=remote")], [("files", "coffee.jpg", photo.read_bytes())])
            request = urllib.request.Request(
                remote.base + "/upload", data=body, method="POST",
                headers={"Content-Type": content_type, "Accept": "application/json"})
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.status == 201
                (result,) = json.loads(response.read())["results"]
            stored = tmp_path / "data" / "storage" / "input" / f"{result['id']}.jpg"
            assert stored.read_bytes() == photo.read_bytes(), "the upload is stored in the shared storage root"
            with urllib.request.urlopen(f"{remote.base}/events?watch={result['id']}", timeout=120) as response:
                events = response.read().decode()
            assert '"complete":true' in events
            with urllib.request.urlopen(remote.base + "/api/analytics", timeout=30) as response:
                analytics = json.loads(response.read())
            assert analytics["workflow"]["health"] == "SERVING"
            assert analytics["queueDepths"] == "Queue depths are read from the task queue now."
            assert [row["ok"] for row in analytics["analytics"] if row["id"] == "noop"] == [1]
            with urllib.request.urlopen(remote.base + "/gallery?tag=case%3Dremote", timeout=30) as response:
                assert f'data-id="{result["id"]}"' in response.read().decode()
        finally:
            assert remote.stop() == 0
    finally:
        serve.stop()
