"""Concurrent uploads committed together give the answers of one-by-one commits: each
event stored once (the one that came first is accepted, the rest are duplicates), bad
items rejected in every batch, sequence numbers without gaps or repeats."""

from __future__ import annotations

import threading
from typing import Any

import httpx

from models.incidents.events import to_dict
from models.incidents.ids import uuid7
from tests.models.incidents.builders import Console
from tests.server.site import Site

UPLOADERS, ROUNDS = 8, 4


def test_concurrent_batches_share_nothing_but_their_outcome(site: Site) -> None:
    user = site.add_user("technician")
    shared_cred = site.add_console()
    shared = Console(shared_cred.console_id, user=user)
    incident = uuid7()
    common = [shared.create(incident), shared.event(incident, "comment", text="everyone sends")]
    uploaders = []
    for _ in range(UPLOADERS):
        cred = site.add_console()
        token = site.login(console_id=cred.console_id, console_secret=cred.secret)
        uploaders.append((Console(cred.console_id, user=user), token))
    # the shared events may come from their own console only: one uploader is it
    shared_token = site.login(console_id=shared_cred.console_id, console_secret=shared_cred.secret)
    replies: list[tuple[int, list[dict[str, Any]], list[str]]] = []
    lock = threading.Lock()
    start = threading.Barrier(UPLOADERS + 1)

    def upload(console: Console, token: str, with_common: bool) -> None:
        own_incident = uuid7()
        with httpx.Client(
            base_url=site.url, timeout=60, headers={"authorization": f"Bearer {token}"}
        ) as http:
            start.wait()
            for r in range(ROUNDS):
                own = [console.create(own_incident)] if r == 0 else []
                own += [console.event(own_incident, "comment", text=f"{r}/{n}") for n in range(5)]
                body = [to_dict(e) for e in (common if with_common else []) + own]
                body.append({"id": "not-an-event"})
                reply = http.post("/v1/events", json={"events": body})
                assert reply.status_code == 200, reply.text
                with lock:
                    replies.append((r, reply.json()["results"], [e.id for e in own]))

    threads = [threading.Thread(target=upload, args=(c, t, False)) for c, t in uploaders]
    threads.append(threading.Thread(target=upload, args=(shared, shared_token, True)))
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    seqs: list[int] = []
    for _, results, own_ids in replies:
        by_id = {r["id"]: r for r in results}
        assert results[-1]["status"] == "rejected" and results[-1]["code"] == 422
        for event_id in own_ids:
            assert by_id[event_id]["status"] == "accepted"
            seqs.append(by_id[event_id]["seq"])
    assert len(seqs) == len(set(seqs))
    for event in common:  # sent in every round by one console: accepted once, then duplicate
        statuses = sorted(
            next(x["status"] for x in results if x["id"] == event.id)
            for _, results, _ in replies
            if any(x["id"] == event.id for x in results)
        )
        assert statuses == ["accepted"] + ["duplicate"] * (ROUNDS - 1)
    feed = site.feed()
    assert [item["seq"] for item in feed] == list(range(1, len(feed) + 1))
    ids = [item["event"]["id"] for item in feed]
    assert len(ids) == len(set(ids))
