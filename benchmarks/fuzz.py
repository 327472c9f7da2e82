"""The long fuzz: every property of tests/test_fuzz.py with at least 100,000 examples,
under a fixed list of seeds so that a run can be repeated exactly.

    python benchmarks/fuzz.py                    # 100,000 examples a property
    python benchmarks/fuzz.py --examples 20000   # a quicker pass
    python benchmarks/fuzz.py -k data_file       # the properties whose name holds this
    python benchmarks/fuzz.py --jobs 2           # two properties at a time

Each property's examples are shared by the seeds, and each seed's share runs in pytest
processes of at most `--per-process` examples (ATLASGEN_FUZZ_EXAMPLES), the k-th under
the seed plus k: Hypothesis remembers every input a process has tried, which at 50,000
whole builds grows past a few gigabytes. The whole-build property builds a site per
example (tens of milliseconds each), so its count is `--builds` (also 100,000 by
default), to shorten on its own. Hypothesis' statistics (examples run, time per
example) are printed for each. When a property fails, Hypothesis prints the smallest
input it found: add it to the test as an `@example(...)` so that CI keeps it fixed, fix
the code, and run again.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = "tests/test_fuzz.py"
SEEDS = (20261206, 25)  #: fixed: a run is repeatable, and each seed explores its own inputs
PER_PROCESS = 10_000  #: examples a pytest process runs at most (see above)


def properties(selected: str) -> list[str]:
    """The property tests of the fuzz file, in file order."""
    names = re.findall(r"^def (test_\w+)", (ROOT / TESTS).read_text(), re.MULTILINE)
    return [name for name in names if selected in name]


def shares(total: int, per_process: int) -> list[int]:
    """A seed's share of `total` examples, in runs of at most `per_process`."""
    share = -(-total // len(SEEDS))
    runs = -(-share // max(per_process, 1))
    return [share // runs + (part < share % runs) for part in range(runs)]


def run(name: str, seed: int, env: dict[str, str]) -> tuple[bool, str]:
    """One property under one seed: whether it passed, and what pytest printed."""
    command = [sys.executable, "-m", "pytest", f"{TESTS}::{name}", "-q", "-p"]
    command += ["no:cacheprovider", f"--hypothesis-seed={seed}", "--hypothesis-show-statistics"]
    began = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    took = time.monotonic() - began
    stats = [line.strip() for line in done.stdout.splitlines() if "passing examples" in line]
    report = f"{name} seed {seed}: {took:.0f} s, {'passed' if done.returncode == 0 else 'FAILED'}"
    report += "".join(f"\n    {line}" for line in stats)
    if done.returncode != 0:
        report += "\n" + done.stdout[-6000:]
    return done.returncode == 0, report


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="per property, in all")
    parser.add_argument("--builds", type=int, default=100_000, help="whole-build examples")
    parser.add_argument("-k", default="", help="only the properties whose name holds this")
    parser.add_argument("--jobs", type=int, default=1, help="properties run at a time")
    parser.add_argument(
        "--per-process", type=int, default=PER_PROCESS, help="examples a process runs at most"
    )
    args = parser.parse_args()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    runs = [
        (name, seed + part, size)
        for seed in SEEDS
        for name in properties(args.k)
        for part, size in enumerate(
            shares(args.builds if "whole_build" in name else args.examples, args.per_process)
        )
    ]
    print(f"{len(runs)} runs, {sum(size for *_, size in runs):,} examples in all", flush=True)
    started, passed = time.monotonic(), True

    def one(name: str, seed: int, size: int) -> tuple[bool, str]:
        sized = env | {"ATLASGEN_FUZZ_EXAMPLES": str(size), "ATLASGEN_FUZZ_BUILDS": str(size)}
        return run(name, seed, sized)

    with ThreadPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
        for ok, report in pool.map(lambda r: one(*r), runs):
            passed &= ok
            print(report, flush=True)
    print(f"all: {time.monotonic() - started:.0f} s, {'passed' if passed else 'FAILED'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
