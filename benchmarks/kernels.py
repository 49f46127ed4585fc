"""Kernels driven through the Jupyter protocol (jupyter_client, on
127.0.0.1), as JupyterLab drives them: cells run with their cell ids and
IPython's history on, explorer moves sent as the browser sends them (a
comm "update" of values, then a "near" request). Shared by bench_class.py."""
import os
import time
from pathlib import Path

from jupyter_client import KernelManager

ROOT = Path(__file__).resolve().parent.parent


class Failed(RuntimeError):
    """A cell that raised, a move the kernel refused, or an answer lost."""


class Kernel:
    """One kernel (one student's notebook), started in notebooks/."""

    def __init__(self, timeout=300, wait=True):
        env = dict(os.environ, MPLBACKEND="module://matplotlib_inline.backend_inline")
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(cwd=str(ROOT / "notebooks"), env=env)
        self.client = self.km.client()
        self.client.start_channels()
        self.timeout = timeout
        if wait:
            self.ready()

    def ready(self):
        self.client.wait_for_ready(timeout=self.timeout)
        return self

    @property
    def pid(self):
        return self.km.provisioner.process.pid

    def rss_mb(self):
        """The kernel process's resident memory, MB (from /proc)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise Failed("no VmRSS for the kernel")

    def _send(self, msg_type, content, metadata=None):
        msg = self.client.session.msg(msg_type, content, metadata=metadata or {})
        self.client.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def wait_idle(self, ids, on_message=None):
        """Read the kernel's messages until every request in ids is done
        (its status idle). Returns {id: seconds when it went idle}; an
        error in any of them raises Failed."""
        done, deadline = {}, time.monotonic() + self.timeout
        while len(done) < len(ids):
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failed(f"no answer within {self.timeout} s to {len(ids) - len(done)} request(s)")
            msg = self.client.get_iopub_msg(timeout=left)
            parent = msg["parent_header"].get("msg_id")
            if parent not in ids:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "error":
                raise Failed("\n".join(msg["content"]["traceback"])[-2000:])
            if on_message is not None:
                on_message(msg)
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                done[parent] = time.perf_counter()
        return done

    def run(self, code, cell_id=None, expressions=None):
        """Run a cell as the notebook does (history on); the values of the
        expressions (text) after it."""
        msg_id = self._send("execute_request", {
            "code": code, "silent": False, "store_history": True, "allow_stdin": False,
            "user_expressions": expressions or {}, "stop_on_error": True},
            metadata={"cellId": cell_id} if cell_id else None)
        self.wait_idle({msg_id})
        reply = self.client.get_shell_msg(timeout=self.timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.client.get_shell_msg(timeout=self.timeout)
        content = reply["content"]
        if content["status"] != "ok":
            raise Failed(f"cell {cell_id}: {content.get('ename')}: {content.get('evalue')}")
        out = {}
        for name, value in content.get("user_expressions", {}).items():
            if value.get("status") != "ok":
                raise Failed(f"{name}: {value.get('ename')}: {value.get('evalue')}")
            out[name] = value["data"]["text/plain"]
        return out

    def comm_message(self, comm_id, data):
        """Send a widget message as the browser does; its request id."""
        return self._send("comm_msg", {"comm_id": comm_id, "data": data})

    def close(self):
        self.client.stop_channels()
        self.km.shutdown_kernel(now=True)
