"""tickets.handoff: committed outbox ids go to Celery from a background thread, several per
message when they arrive together, none lost when a send fails or at exit."""

import threading

from tests.waiting import wait_until
from tickets.handoff import Handoff


class Recorder:
    def __init__(self, *, fail_first=False):
        self.batches = []
        self.fail_next = fail_first
        self.lock = threading.Lock()

    def __call__(self, ids):
        with self.lock:
            if self.fail_next:
                self.fail_next = False
                raise ConnectionError("broker down")
            self.batches.append(list(ids))

    def sent(self):
        with self.lock:
            return sorted(i for batch in self.batches for i in batch)


def test_ids_put_together_are_sent_once_each_in_fewer_messages():
    recorder = Recorder()
    handoff = Handoff(recorder)

    for n in range(1, 11):
        handoff.put([n])

    wait_until(lambda: recorder.sent() == list(range(1, 11)), what="all ids sent")
    assert len(recorder.batches) < 10


def test_a_failed_send_is_logged_and_later_ids_still_go(caplog):
    recorder = Recorder(fail_first=True)
    handoff = Handoff(recorder)

    handoff.put([1])
    wait_until(lambda: "beat sweep re-queues" in caplog.text, what="failure logged")
    handoff.put([2])

    wait_until(lambda: recorder.sent() == [2], what="next id sent")


def test_flush_sends_what_is_still_queued_in_the_calling_thread():
    recorder = Recorder()
    handoff = Handoff(recorder)
    handoff._queue.put([7])  # queued, no thread started yet
    handoff._queue.put([8, 9])

    handoff.flush()

    assert recorder.batches == [[7, 8, 9]]
