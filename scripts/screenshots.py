"""Screenshots of the running demo for README (issue 22): the shop as a visitor sees it and the
control room as an animator sees it, taken by headless Chromium through its DevTools protocol
(websocket-client, which Odoo's tours need too), so that they stay current.

    python scripts/screenshots.py [--url http://localhost:8069] [--db marketplace_demo] [--out docs/screenshots]
"""
import argparse
import base64
import itertools
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import websocket

SHOTS = (  # (file, path, login or None for a visitor, seconds to let the page draw)
    ("shop.png", "/shop", None, 2),
    ("control_room.png", "/odoo", "claire", 4),  # claire lands on the control room
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def login(url, db, user):
    """A session of ``user`` (the demo's password is its login), by Odoo's JSON-RPC."""
    payload = json.dumps({"jsonrpc": "2.0", "method": "call",
                          "params": {"db": db, "login": user, "password": user}}).encode()
    request = urllib.request.Request(f"{url}/web/session/authenticate", data=payload,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        cookie = response.headers.get("Set-Cookie", "")
        body = json.load(response)
    if body.get("error") or "session_id=" not in cookie:
        raise SystemExit(f"could not log in as {user}: {body.get('error', {}).get('message', cookie)}")
    return cookie.split("session_id=", 1)[1].split(";", 1)[0]


class Chromium:
    """Headless Chromium driven by its DevTools protocol: one page, commands answered in order."""

    def __init__(self, width=1366, height=900):
        binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if not binary:
            raise SystemExit("Chromium is needed (Debian: apt-get install chromium)")
        self.port, self.profile = free_port(), tempfile.mkdtemp(prefix="mkt-shots-")
        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--remote-debugging-port={self.port}", f"--user-data-dir={self.profile}",
             f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _attempt in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=2) as response:
                    pages = [page for page in json.load(response) if page["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("Chromium did not start")
        self.socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        self.ids = itertools.count(1)
        self.send("Page.enable")

    def send(self, method, **params):
        message_id = next(self.ids)
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == message_id:
                if "error" in message:
                    raise SystemExit(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for(self, event, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if json.loads(self.socket.recv()).get("method") == event:
                return
        raise SystemExit(f"no {event} within {timeout} s")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="marketplace_demo")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    host = urllib.parse.urlparse(args.url).hostname
    browser = Chromium()
    try:
        for filename, path, user, settle in SHOTS:
            browser.send("Network.clearBrowserCookies")
            if user:
                browser.send("Network.setCookie", name="session_id", value=login(args.url, args.db, user),
                             domain=host, path="/")
            browser.send("Page.navigate", url=f"{args.url}{path}")
            browser.wait_for("Page.loadEventFired")
            time.sleep(settle)  # the web client draws after the load event
            shot = browser.send("Page.captureScreenshot", format="png")
            (out / filename).write_bytes(base64.b64decode(shot["data"]))
            print(f"{out / filename}")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
