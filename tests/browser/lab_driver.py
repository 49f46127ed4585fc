"""Drive JupyterLab in headless Chromium: the browser tests' machinery.

Two processes, both started here and both stopped by process id:
  LabServer  JupyterLab on 127.0.0.1, a free port, a token, a throw-away HOME
             and Jupyter/IPython/matplotlib configuration, serving a copy of
             the notebooks (so nothing the browser does can touch the
             committed files).
  Chromium   Debian's /usr/bin/chromium (or $CNNLIB_CHROMIUM), headless,
             driven by the `playwright` package over the DevTools protocol.
             Nothing is ever downloaded: no `playwright install`.

NotebookTab wraps one open notebook: Run All, wait for "| Idle", and read
what a student would see (errors, widgets, sliders, pictures).
"""
import atexit
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"   # git-ignored
CHROMIUM_ENV = "CNNLIB_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Flags measured to work on Debian 12 in a container (see shared notes).
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync", "--disable-quic",
                  "--disable-features=Translate,MediaRouter", "--mute-audio"]

# A projector: 1280x720 pixels at 150% zoom, i.e. an 853x480 CSS-pixel page.
PROJECTOR = {"viewport": {"width": 853, "height": 480}, "device_scale_factor": 1.5}

# JupyterLab settings for the throw-away user: render every cell (no windowing,
# so every output is in the page), never autosave, no news or update toasts.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}

HOW_TO_ENABLE = (f"install Chromium (Debian: apt-get install chromium) or set "
                 f"{CHROMIUM_ENV}=/path/to/chromium, then `make test-browser` runs them")


def chromium_path():
    """The Chromium to use, or None: $CNNLIB_CHROMIUM, else /usr/bin/chromium."""
    path = os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM
    found = shutil.which(path)
    return found


def missing_requirement():
    """Why the browser tests cannot run here (one line), or None if they can."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the `playwright` package is not installed (pip install -e '.[test]')"
    if chromium_path() is None:
        where = os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM
        return f"no Chromium at {where}"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_STARTED = []    # every process started here, stopped at exit if not before
_REGISTERED = []


def _stop_all():
    for proc in _STARTED:
        stop_group(proc, timeout=5)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def stop_on_exit():
    """Stop our processes even if pytest is killed with SIGTERM (e.g. a CI
    timeout): SIGTERM becomes a KeyboardInterrupt, so fixtures tear down, and
    anything left is stopped at exit."""
    if _stop_all in _REGISTERED:
        return
    _REGISTERED.append(_stop_all)
    atexit.register(_stop_all)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_interrupt)


def stop_group(proc, timeout=10):
    """Stop a process started with start_new_session=True, and all its
    children (kernels, renderers), by its process id."""
    if proc is None or proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # Children left in the group after the leader exited (e.g. kernels).
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def isolated_env(home):
    """Environment variables that keep Jupyter, IPython and matplotlib away
    from the user's own configuration."""
    home = Path(home)
    dirs = {"HOME": home, "JUPYTER_CONFIG_DIR": home / "jupyter-config",
            "JUPYTER_DATA_DIR": home / "jupyter-data",
            "JUPYTER_RUNTIME_DIR": home / "jupyter-runtime",
            "JUPYTERLAB_SETTINGS_DIR": home / "lab-settings",
            "JUPYTERLAB_WORKSPACES_DIR": home / "lab-workspaces",
            "IPYTHONDIR": home / "ipython", "MPLCONFIGDIR": home / "matplotlib"}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "IPYTHON", "MPL"))}
    env.update({k: str(v) for k, v in dirs.items()})
    env["PYTHONUNBUFFERED"] = "1"
    return env


class LabServer:
    """JupyterLab serving root_dir, started and stopped by process id."""

    def __init__(self, root_dir, home, log_path):
        self.root_dir, self.home = Path(root_dir), Path(home)
        self.port, self.token = free_port(), os.urandom(16).hex()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        self.proc = None

    def start(self, timeout=60):
        env = isolated_env(self.home)
        for plugin, values in LAB_SETTINGS.items():
            path = Path(env["JUPYTERLAB_SETTINGS_DIR"], plugin + ".jupyterlab-settings")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root_dir}", "--LabApp.expose_app_in_browser=True",
               "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(cmd, env=env, cwd=self.root_dir, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        _STARTED.append(self.proc)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited: see {self.log_path}")
            try:
                self.api("GET", "/api/status")
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"JupyterLab did not answer in {timeout} s: see {self.log_path}")

    def api(self, method, path):
        request = urllib.request.Request(self.url + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self):
        """End every session and kernel: each notebook runs in a fresh one."""
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")
        for kernel in self.api("GET", "/api/kernels"):
            self.api("DELETE", f"/api/kernels/{kernel['id']}")

    def notebook_url(self, name):
        return f"{self.url}/lab/tree/{name}?reset&token={self.token}"

    def stop(self):
        stop_group(self.proc)
        if getattr(self, "_log", None):
            self._log.close()


class Chromium:
    """Headless Chromium started by process id, driven through playwright."""

    def __init__(self, executable, profile_dir):
        self.executable, self.profile_dir = executable, Path(profile_dir)
        self.proc = self.playwright = self.browser = None

    def start(self, timeout=60):
        from playwright.sync_api import sync_playwright
        cmd = [self.executable, *CHROMIUM_FLAGS, "--remote-debugging-address=127.0.0.1",
               "--remote-debugging-port=0", f"--user-data-dir={self.profile_dir}", "about:blank"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, start_new_session=True)
        _STARTED.append(self.proc)
        endpoint = self._devtools_endpoint(timeout)
        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.connect_over_cdp(endpoint, timeout=timeout * 1000)
        return self

    def _devtools_endpoint(self, timeout):
        deadline = time.monotonic() + timeout
        lines = []
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line and self.proc.poll() is not None:
                break
            lines.append(line)
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            if m:
                # Keep reading stderr in the background so Chromium never blocks on it.
                threading.Thread(target=self.proc.stderr.read, daemon=True).start()
                return m.group(1)
        raise RuntimeError("Chromium did not start: " + "".join(lines[-20:]))

    def stop(self):
        for close in (lambda: self.browser.close(), lambda: self.playwright.stop()):
            try:
                close()
            except Exception:
                pass
        stop_group(self.proc)


def copy_notebooks(source, dest, paths):
    """Copy the series (and the index) where the lab server serves it."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for path in [*paths, Path(source) / "README.md"]:
        if path.exists():
            shutil.copy(path, dest / path.name)
    return dest
