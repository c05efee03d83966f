#!/usr/bin/env python3
"""Splits a server's perf samples into the chat turn and the components around it (issue 19).

    perf script -i chat.perf.data -F comm,tid,ip,sym --no-demangle | c++filt \
      | scripts/perf_split.py [US_PER_TURN]

Each sample goes to the first component below that any frame of its call stack names, so the rows
add up to 100% (unlike perf report's inclusive shares, which overlap). With the server's CPU per turn
(careerbot-load's cpu_us_per_turn) the shares are also given in us per turn. Works on the echo server
too: its handle() is the "echo" row.
"""
import collections
import sys

# Order matters: a sample whose stack holds several of these belongs to the first. The turn comes
# first (what it calls is the turn's); the send inside handle_frame's reply callback is the write.
COMPONENTS = [
    ("the turn (`Chatbot::handle`)", ["careerbot::dialog::Chatbot::handle", "careerbot::dialog::Chatbot::turn("]),
    ("echo `handle()`", ["EchoChatService::handle"]),
    ("persister thread (`persist_dirty`: session JSON, SQLite)", ["persist", "sqlite3", "SessionState::to_json"]),
    ("`ChatTurns::answer` around the turn (metrics, log line)", ["careerbot::net::ChatTurns::answer"]),
    ("`serialize_reply` (the reply frame's JSON)", ["careerbot::protocol::serialize_reply"]),
    ("`parse_client_frame`", ["careerbot::protocol::parse_client_frame"]),
    ("WebSocket write (Beast, `sendmsg` and the kernel's loopback path)",
     ["write_some_op", "sendmsg", "WebSocketSession::do_write", "WebSocketSession::on_write",
      "WebSocketSession::send("]),
    ("`handle_frame` rest (rate buckets, metrics, reply variant)", ["WebSocketSession::handle_frame"]),
    ("WebSocket read (Beast, `recvmsg`)",
     ["recvmsg", "read_some_op", "read_op", "WebSocketSession::on_read", "WebSocketSession::do_read"]),
    ("event loop (epoll, scheduler, futex)", ["epoll_wait", "epoll_reactor::run", "scheduler::do_run_one", "futex"]),
]


def samples(lines):
    """Yields each sample's call stack, leaf first."""
    stack, in_sample = [], False
    for line in lines:
        if not line.strip():
            if in_sample:
                yield stack
            stack, in_sample = [], False
        elif line[0] not in " \t":
            stack, in_sample = [], True
        else:
            parts = line.strip().split(None, 1)
            stack.append(parts[1] if len(parts) > 1 else "?")
    if in_sample:
        yield stack


def main():
    us_per_turn = float(sys.argv[1]) if len(sys.argv) > 1 else 0.0
    counts, total = collections.Counter(), 0
    for stack in samples(sys.stdin):
        total += 1
        name = next((label for label, keys in COMPONENTS if any(k in f for f in stack for k in keys)), "other")
        counts[name] += 1
    if total == 0:
        sys.exit("perf_split: no samples on stdin")
    print(f"{total} samples" + (f", {us_per_turn} us of server CPU per turn" if us_per_turn else ""))
    print("\n| component | share | us/turn |\n|---|---|---|")
    for name, n in counts.most_common():
        share = n / total
        print(f"| {name} | {100 * share:.1f}% | {us_per_turn * share:.1f} |" if us_per_turn else
              f"| {name} | {100 * share:.1f}% | - |")


if __name__ == "__main__":
    main()
