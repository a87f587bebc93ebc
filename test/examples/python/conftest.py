"""pytest fixture: one tkafka broker for the test session (README "Testing with tkafka").

The broker runs as a subprocess: `tkafka broker start --foreground --ephemeral --port 0
--ready-file F` picks a free port and a temporary data dir, and writes one JSON line to F once it
accepts connections. TKAFKA_BIN overrides the command (default: `tkafka` on PATH).
"""
import json
import os
import shlex
import subprocess
import tempfile
import time

import pytest


@pytest.fixture(scope="session")
def tkafka():
    command = shlex.split(os.environ.get("TKAFKA_BIN", "tkafka"))
    with tempfile.TemporaryDirectory() as tmp:
        ready_file = os.path.join(tmp, "ready.json")
        proc = subprocess.Popen(
            command + ["broker", "start", "--foreground", "--ephemeral", "--port", "0",
                       "--ready-file", ready_file, "--config", "fault.injection.port=0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 30
            while not os.path.exists(ready_file):
                if proc.poll() is not None:
                    raise RuntimeError("tkafka exited: " + proc.stderr.read().decode())
                if time.monotonic() > deadline:
                    raise TimeoutError("tkafka did not get ready in 30 s")
                time.sleep(0.05)
            with open(ready_file) as f:
                # {"event": "ready", "bootstrap": "127.0.0.1:PORT", "faults": "http://...", ...}
                yield json.load(f)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
