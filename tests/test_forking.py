"""The fork pool: the same results, in order, shared out or not."""

from __future__ import annotations

import os

import pytest

from atlasgen.core import forking


def test_spans_and_chunks_cover_every_item_once_in_order() -> None:
    assert forking.spans(10, 4) == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert forking.spans(3, 8) == [(0, 1), (1, 2), (2, 3)]
    assert forking.spans(0, 4) == []
    assert forking.chunks(7, 3) == [(0, 3), (3, 6), (6, 7)]


def test_few_items_or_one_job_are_not_worth_forking(monkeypatch: pytest.MonkeyPatch) -> None:
    assert forking.worker_count(1, 10_000, 100) == 1
    assert forking.worker_count(4, 99, 100) == 1
    monkeypatch.setattr(forking, "can_fork", lambda: True)
    assert forking.worker_count(4, 100, 100) == 4
    monkeypatch.setattr(forking, "can_fork", lambda: False)
    assert forking.worker_count(4, 100, 100) == 1


@pytest.mark.skipif(not forking.can_fork(), reason="needs fork")
def test_a_closure_runs_in_forked_workers_and_its_results_come_back_in_order() -> None:
    here = os.getpid()
    inherited = {n: n * n for n in range(40)}  # reached through the closure, never pickled

    def task(part: tuple[int, int]) -> tuple[list[int], int]:
        return [inherited[n] for n in range(*part)], os.getpid()

    results = list(forking.forked_map(task, forking.chunks(40, 3), 3))
    assert [square for part, _ in results for square in part] == [n * n for n in range(40)]
    assert here not in {pid for _, pid in results}
    assert forking._TASK is None


def test_without_fork_the_task_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking, "can_fork", lambda: False)
    results = list(forking.forked_map(lambda part: (part, os.getpid()), [1, 2, 3], 3))
    assert results == [(1, os.getpid()), (2, os.getpid()), (3, os.getpid())]
