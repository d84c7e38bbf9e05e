#!/usr/bin/env python3
"""The web console of `reel serve` in a real browser: Debian's Chromium driven by Playwright.

Starts a fresh `reel serve` (temporary SQLite store, one worker, a random API token, sources from
the directory of the given clips), then, in headless Chromium at 1280 px and 360 px wide:
signs in, submits a job for the short clip through the new-job form, watches its progress reach
100 %, plays the preview to its end (also one rendition alone), submits a job for the long clip
and cancels it while it runs, submits a file that is no media and retries the failed job, and
reaches the main controls of each page by keyboard. Screenshots
of every page at both widths go to --artefacts. Fails on any console error or uncaught page
error, on any request to a host other than the server, and on a page without the CSP header.

Exit status 0: passed; 1: failed (the reasons on stderr); 77: skipped (no Chromium, no Playwright).

Usage: console_browser_test.py --reel BIN --short CLIP --long CLIP --artefacts DIR [--chromium PATH]
(ConsoleBrowserTests in Tests/ReelServiceTests makes the clips and runs it; scripts/test installs
Playwright into .build/playwright-venv.)
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit

SKIP = 77
WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 360, "height": 740}


def log(message):
    print(f"console-browser: {message}", file=sys.stderr, flush=True)


class Failure(Exception):
    """A check that did not hold."""


def check(condition, message):
    if not condition:
        raise Failure(message)


class Server:
    """`reel serve` on a free port of 127.0.0.1 with a store and output of its own."""

    def __init__(self, reel, sources, scratch):
        self.token = "console-" + secrets.token_hex(16)
        self.log_path = os.path.join(scratch, "serve.log")
        arguments = [
            reel, "serve", "--host", "127.0.0.1", "--port", "0", "--workers", "1",
            "--database", f"sqlite:{scratch}/reel.db", "--output", f"{scratch}/packages",
            "--allow-source", sources.rstrip("/") + "/", "--api-token", self.token,
        ]
        with open(self.log_path, "w") as errors:
            self.process = subprocess.Popen(
                arguments, stdout=subprocess.PIPE, stderr=errors, text=True, start_new_session=True)
        line = self.process.stdout.readline()
        match = re.match(r"^listening on (http://127\.0\.0\.1:\d+)$", line.strip())
        if not match:
            self.stop()
            raise Failure(f"reel serve did not start: {line!r}; log: {self.log_tail()}")
        self.base = match.group(1)

    def log_tail(self, lines=40):
        try:
            with open(self.log_path) as handle:
                return "".join(handle.readlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Watch:
    """What a page does that the test must not allow: console errors, uncaught errors, requests
    to other hosts."""

    def __init__(self, origin):
        self.origin = origin
        self.errors = []
        self.requests = 0
        # Console errors a step provokes on purpose (Chromium logs every 4xx answer).
        self.expected = []

    def attach(self, page):
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("request", self.on_request)

    def on_console(self, message):
        if message.type != "error":
            return
        url = message.location.get("url", "")
        for pattern in self.expected:
            if re.search(pattern, f"{message.text} {url}"):
                self.expected.remove(pattern)
                return
        self.errors.append(f"console error: {message.text} ({url})")

    def on_request(self, request):
        self.requests += 1
        parts = urlsplit(request.url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme in ("data", "blob"):
            self.errors.append(f"request to a {parts.scheme}: URL")
        elif origin != self.origin:
            self.errors.append(f"request to another host: {request.url}")


class ConsoleTest:
    def __init__(self, options, browser, server, scratch):
        self.options = options
        self.browser = browser
        self.server = server
        self.scratch = scratch
        self.watch = Watch(server.base)
        self.shots = []
        self.timings = {}

    # -- helpers ---------------------------------------------------------------------------

    def page(self, viewport):
        context = self.browser.new_context(viewport=viewport, reduced_motion="reduce")
        page = context.new_page()
        page.set_default_timeout(20_000)
        self.watch.attach(page)
        return context, page

    def shot(self, page, name):
        width = page.viewport_size["width"]
        path = os.path.join(self.options.artefacts, f"{name}-{width}.png")
        # From the top, where a person opening the page starts (a sticky panel stays at the top).
        page.evaluate("window.scrollTo(0, 0)")
        page.wait_for_timeout(150)
        page.screenshot(path=path, full_page=True)
        self.shots.append(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        check(overflow <= 0, f"{name} at {width} px is {overflow} px wider than the window")

    def keyboard_reaches(self, page, selectors, name, presses=60):
        """Tab from the top of the page until every selector's element has had focus."""
        # From the first focusable element, the skip link.
        page.evaluate("document.getElementById('skip-link').focus()")
        missing = set(selectors)
        for _ in range(presses):
            page.keyboard.press("Tab")
            for selector in list(missing):
                # Reached, and showing it: a focus outline (the video's controls draw their own).
                state = page.evaluate(
                    """(s) => {
                        const e = document.querySelector(s);
                        if (!e || e !== document.activeElement) return null;
                        return e.tagName === 'VIDEO' ? 'solid' : getComputedStyle(e).outlineStyle;
                    }""", selector)
                if state is None:
                    continue
                check(state != "none", f"{name}: {selector} has focus but no focus outline")
                missing.discard(selector)
            if not missing:
                return
        raise Failure(f"{name}: Tab never reached {sorted(missing)}")

    def sign_in(self, page):
        response = page.goto(self.server.base + "/")
        headers = response.headers
        policy = headers.get("content-security-policy", "")
        check("default-src 'self'" in policy and "script-src 'self'" in policy, f"no strict CSP on /: {policy!r}")
        check("frame-ancestors 'none'" in policy, f"CSP without frame-ancestors: {policy!r}")
        check(headers.get("x-content-type-options") == "nosniff", "no X-Content-Type-Options: nosniff")
        check(headers.get("referrer-policy") == "no-referrer", "no Referrer-Policy: no-referrer")
        page.wait_for_selector("#token")
        return page

    def submit_job(self, page, source, thumbnails):
        page.click("a[data-nav=new]")
        page.wait_for_selector("#job-source")
        page.wait_for_function("() => document.querySelector('#job-ladder').options.length > 1")
        page.fill("#job-source", source)
        if thumbnails:
            page.check("#job-thumbnails")
            page.fill("#job-thumbnail-interval", "1")
            page.fill("#job-poster", "1")
        self.shot(page, "new-job") if thumbnails and page.viewport_size["width"] == WIDE["width"] else None
        page.click("#create-job")
        page.wait_for_url(re.compile(r".*#/jobs/[0-9a-f-]{36}$"))
        return page.url.rsplit("/", 1)[1]

    def wait_for_status(self, page, status, timeout):
        page.wait_for_function(
            "(s) => document.querySelector('.job-status .badge')?.textContent === s", arg=status, timeout=timeout)

    # -- the flow --------------------------------------------------------------------------

    def run(self):
        started = time.monotonic()
        context, page = self.page(WIDE)
        self.sign_in(page)
        self.shot(page, "sign-in")
        self.keyboard_reaches(page, ["#token", "button[type=submit]"], "sign-in")
        # A wrong token is refused with a message (and Chromium logs the 401, once).
        self.watch.expected.append(r"status of 401 .*/v1/jobs\?limit=1$")
        page.fill("#token", "not-the-token")
        page.keyboard.press("Enter")
        page.wait_for_selector(".sign-in [role=alert]:not([hidden])")
        page.wait_for_timeout(200)
        check(not self.watch.expected, "the wrong token was not refused by the API")
        # Sign in by keyboard.
        page.fill("#token", "")
        page.focus("#token")
        page.keyboard.type(self.server.token)
        page.keyboard.press("Enter")
        page.wait_for_selector("h1#jobs-title")
        check(page.evaluate("sessionStorage.length") == 1, "the token is not in session storage")
        check(self.server.token not in page.url, "the token is in the address")

        # The short clip: submit, watch the progress reach 100 %, play the preview to its end.
        short = self.submit_job(page, self.options.short, thumbnails=True)
        fractions = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            text = page.text_content("#progress-label") or ""
            if text and (not fractions or fractions[-1] != text):
                fractions.append(text)
            if text == "100 %" and page.text_content(".job-status .badge") == "Succeeded":
                break
            page.wait_for_timeout(100)
        check(fractions and fractions[-1] == "100 %", f"progress never reached 100 %: {fractions}")
        check(page.evaluate("document.querySelector('.job-status progress').value") == 1, "the bar is not full")
        self.timings["short job"] = round(time.monotonic() - started, 1)
        page.wait_for_selector("#preview-video")
        page.wait_for_selector(".thumbnails button")
        page.wait_for_selector("#renditions-title")
        renditions = page.eval_on_selector_all("#rendition option", "(options) => options.map((o) => o.value)")
        check(len(renditions) >= 3, f"the rendition picker lists {renditions}")
        # One rendition alone plays.
        page.select_option("#rendition", renditions[-1])
        page.wait_for_function(
            "(r) => { const v = document.getElementById('preview-video'); return v.currentSrc.includes('rendition=' + r) && v.readyState >= 2; }",
            arg=renditions[-1])
        # Then all of them, to the end.
        page.select_option("#rendition", "")
        page.wait_for_function("() => document.getElementById('preview-video').readyState >= 1")
        ended = page.evaluate(
            """() => new Promise((resolve, reject) => {
                const video = document.getElementById('preview-video');
                video.muted = true;
                video.addEventListener('ended', () => resolve({time: video.currentTime, duration: video.duration}), {once: true});
                video.addEventListener('error', () => reject(new Error('media error ' + video.error?.code + ': ' + video.error?.message)), {once: true});
                video.play().catch(reject);
                setTimeout(() => reject(new Error('no ended event after 60 s at ' + video.currentTime)), 60000);
            })""")
        check(ended["duration"] >= 3.5 and ended["time"] >= ended["duration"] - 0.5, f"played to {ended}")
        page.evaluate("() => { const v = document.getElementById('preview-video'); v.currentTime = 1; }")
        page.wait_for_timeout(300)
        self.keyboard_reaches(
            page, ["a[data-nav=jobs]", "a[data-nav=new]", "#sign-out", "#preview-video", "#rendition", "#copy-hls",
                   ".thumbnails button"], "job page")
        self.shot(page, "job-succeeded")
        self.timings["preview played"] = round(time.monotonic() - started, 1)

        # The long clip: cancel it while it runs.
        long_job = self.submit_job(page, self.options.long, thumbnails=False)
        self.wait_for_status(page, "Running", 60_000)
        page.wait_for_function(
            "() => document.querySelector('.job-status progress').value > 0", timeout=60_000)
        self.shot(page, "job-running")
        page.click("#cancel-job")
        page.wait_for_selector("#confirm-cancel")
        check(page.evaluate("document.activeElement.id") == "confirm-cancel", "focus is not on the confirmation")
        page.keyboard.press("Enter")
        self.wait_for_status(page, "Cancelled", 30_000)
        page.wait_for_selector("#retry-job")
        self.shot(page, "job-cancelled")
        answer = page.request.get(
            f"{self.server.base}/v1/jobs/{long_job}", headers={"Authorization": f"Bearer {self.server.token}"})
        check(answer.json()["status"] == "cancelled", f"the API says {answer.json()['status']}")
        self.timings["long job cancelled"] = round(time.monotonic() - started, 1)

        # A source that is no media: the job fails, the page says why, and Retry makes a new job.
        broken = os.path.join(os.path.dirname(self.options.short), "not-a-video.mp4")
        with open(broken, "w") as handle:
            handle.write("This text file is not a video.\n" * 64)
        failed = self.submit_job(page, broken, thumbnails=False)
        self.wait_for_status(page, "Failed", 30_000)
        error = page.text_content(".notice.error") or ""
        check(re.search(r"(unsupported|invalid_input): .*not-a-video\.mp4", error), f"the error box says {error!r}")
        page.wait_for_selector("#retry-job")
        self.shot(page, "job-failed")
        page.click("#retry-job")
        page.wait_for_url(re.compile(r".*#/jobs/(?!" + failed + r")[0-9a-f-]{36}$"))
        self.wait_for_status(page, "Failed", 30_000)
        check(page.text_content("#job-title") == "not-a-video.mp4", "the retry is not the same request")
        self.timings["failed job retried"] = round(time.monotonic() - started, 1)

        # The list, filtered, and the form.
        page.click("a[data-nav=jobs]")
        page.wait_for_selector(f"tr[data-job='{short}'] .badge.succeeded")
        page.wait_for_selector(f"tr[data-job='{long_job}'] .badge.cancelled")
        self.keyboard_reaches(
            page, ["a[data-nav=jobs]", "a[data-nav=new]", "#sign-out", "input[name=status][value='']",
                   f"tr[data-job='{short}'] a"], "job list")
        self.shot(page, "jobs")
        page.check("input[name=status][value=cancelled]")
        page.wait_for_function(f"() => !document.querySelector(\"tr[data-job='{short}']\")")
        check("status=cancelled" in page.url, "the filter is not in the address")
        page.click("a[data-nav=new]")
        page.wait_for_selector("#job-source")
        self.keyboard_reaches(
            page, ["#job-source", "#job-ladder", "#job-package-only", "#format-hls", "#format-dash", "#segments-fmp4",
                   "#add-subtitles", "#job-thumbnails", "#job-output", "#job-metadata", "#create-job"], "new job")
        context.close()

        # A phone-sized window: every page again.
        context, page = self.page(NARROW)
        self.sign_in(page)
        self.shot(page, "sign-in")
        page.fill("#token", self.server.token)
        page.click("button[type=submit]")
        page.wait_for_selector(f"tr[data-job='{short}']")
        self.shot(page, "jobs")
        page.click("a[data-nav=new]")
        page.wait_for_selector("#job-source")
        page.wait_for_function("() => document.querySelector('#job-ladder').options.length > 1")
        self.shot(page, "new-job")
        page.goto(f"{self.server.base}/#/jobs/{short}")
        page.wait_for_selector("#preview-video")
        page.wait_for_selector(".thumbnails button")
        page.wait_for_function("() => document.getElementById('preview-video').readyState >= 2")
        self.shot(page, "job-succeeded")
        page.goto(f"{self.server.base}/#/jobs/{long_job}")
        page.wait_for_selector("#retry-job")
        self.shot(page, "job-cancelled")
        self.keyboard_reaches(page, ["a[data-nav=jobs]", "#sign-out", "#retry-job"], "job page at 360 px")
        context.close()
        self.timings["total"] = round(time.monotonic() - started, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reel", required=True)
    parser.add_argument("--short", required=True, help="a clip of a few seconds")
    parser.add_argument("--long", required=True, help="a clip that takes long enough to package to cancel it")
    parser.add_argument("--artefacts", required=True, help="where the screenshots go")
    parser.add_argument("--chromium", default=os.environ.get("REEL_TEST_CHROMIUM") or shutil.which("chromium"))
    options = parser.parse_args()
    if not options.chromium or not os.access(options.chromium, os.X_OK):
        log("skipped: no Chromium (apt-get install chromium)")
        return SKIP
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        log("skipped: no Playwright in this Python (scripts/test installs it into .build/playwright-venv)")
        return SKIP
    for clip in (options.short, options.long):
        check(os.path.dirname(clip) == os.path.dirname(options.short), "the clips must share a directory")
    os.makedirs(options.artefacts, exist_ok=True)
    for old in os.listdir(options.artefacts):
        if old.endswith(".png"):
            os.remove(os.path.join(options.artefacts, old))
    scratch = tempfile.mkdtemp(prefix="reel-console-")
    server = None
    status = 1
    try:
        server = Server(options.reel, os.path.dirname(os.path.abspath(options.short)), scratch)
        log(f"reel serve at {server.base}")
        with sync_playwright() as playwright:
            arguments = ["--autoplay-policy=no-user-gesture-required", "--mute-audio", "--disable-dev-shm-usage"]
            if os.geteuid() == 0:
                arguments.append("--no-sandbox")
            browser = playwright.chromium.launch(executable_path=options.chromium, args=arguments)
            test = ConsoleTest(options, browser, server, scratch)
            try:
                test.run()
            finally:
                browser.close()
            check(not test.watch.errors, "the pages did what they must not:\n  " + "\n  ".join(test.watch.errors))
            print(json.dumps({"passed": True, "requests": test.watch.requests, "screenshots": test.shots,
                              "seconds": test.timings}, indent=2))
            status = 0
    except (Failure, PlaywrightError) as failure:
        log(f"FAILED: {failure}")
        if server:
            log(f"reel serve's log ends:\n{server.log_tail()}")
    finally:
        if server:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
