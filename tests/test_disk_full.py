"""Issue 13, item 10: a full disk.

On a full disk, committed updates were answered 500 or 503, every later write got 503 until a
restart, and a removal committed while the public side kept serving what was removed. Now the
answer says exactly what happened: 200 when the store has the change (naming what is stale
behind it), an error only when it has nothing; the next write, once there is room again,
catches up; and while the public side is behind on a removal it answers 503 rather than
serve the removed data.

The disk is real and really full: a small tmpfs mounted in a mount namespace of a child
process (`unshare --map-root-user --mount`, which needs no privileges where user namespaces
are enabled), filled to a margin of free bytes. The write meets the full disk at a different
step for each margin (the history, the store, the public mirror, its snapshot); the same
rules must hold at every one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHILD = Path(__file__).with_name("disk_full_child.py")
MARGINS = [0, 4096, 16384, 65536, 131072, 262144, 524288, 1048576]


def _namespace_with_tmpfs(mount: Path, size_mb: int) -> list[str]:
    """The command prefix that runs a command with a tmpfs of `size_mb` at `mount`."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is not installed: no way to make a small disk")
    script = f'mount -t tmpfs -o size={size_mb}m none "{mount}" && exec "$@"'
    prefix = [unshare, "--map-root-user", "--mount", "sh", "-c", script, "sh"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"no unprivileged mount namespace with tmpfs here: {probe.stderr.strip()}")
    return prefix


def _size_mb(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) // 1024**2 + 1


def test_a_write_on_a_full_disk_says_what_was_committed_and_the_next_write_recovers(
    example_store_template: Path, tmp_path: Path
) -> None:
    mount = tmp_path / "disk"
    mount.mkdir()
    prefix = _namespace_with_tmpfs(mount, 3 * _size_mb(example_store_template) + 32)
    margins = ",".join(str(m) for m in MARGINS)
    run = subprocess.run(
        [*prefix, sys.executable, str(CHILD), str(mount), str(example_store_template), margins],
        capture_output=True,
        text=True,
        timeout=900,
    )
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    for r in results:  # shown when the test fails
        print({k: v for k, v in r.items() if k not in ("body", "after_body", "stderr")})
    assert len(results) == 2 * len(MARGINS) + 1, run.stdout[-3000:] + run.stderr[-3000:]
    start = results.pop()
    # `serve` starts on a full disk: pages and queries answered, writes refused (503).
    assert start.get("page") == 200 and start.get("sparql") == 200, start
    assert start["update"][0] == 503 and "reading only" in start["update"][1], start
    committed_somewhere = False
    for r in results:
        where = f"margin {r['leave']}: {r}"
        assert "crashed" not in r, where
        if r.get("kind") == "cli":
            # The load's exit code says whether the store has it (0, maybe with a warning
            # about what is stale), or the load left nothing (2, the store's error).
            assert r["rc"] == (0 if r["committed"] else 2), where
            continue
        # Exactly what happened: 200 iff the store has the change, else an error and nothing.
        if r["committed"]:
            committed_somewhere = True
            assert r["status"] == 200, where
            if r["stale"]:
                assert "Committed, but stale" in r["body"], where
        else:
            assert r["status"] == 503, where
        # Never a removed statement from the public side: withheld (503) or gone.
        status, body = r["sparql_full"]
        if r["committed"]:
            assert not (status == 200 and "true" in body), where
        # Room again: the next write goes through, catches up, and the public side is right.
        assert r["after_status"] == 200 and r["after_stale"] == "", where
        status, body = r["sparql_after"]
        assert status == 200 and ("true" in body) == (not r["committed"]), where
        assert r["page_after"] == 200 and r["writer_stale"] == [], where
        assert "applying" not in r["statuses"], where
        assert r["committed_after_restart"] == r["committed"], where
    assert committed_somewhere, results  # some margin let the store take it
