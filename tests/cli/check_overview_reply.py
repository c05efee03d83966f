#!/usr/bin/env python3
"""Checks that ARG is the reply frame `careerbot-cli ask --json` prints for "What does a machine
learning specialist do?": the same contract online and offline (check_cli_commands.sh,
check_cli_offline.sh). Exits 1 with the failed assertion."""
import json
import sys

reply = json.loads(sys.argv[1])
assert reply["type"] == "reply", reply
assert reply["intent"] == "overview", reply["intent"]
assert "designing, developing, and implementing machine learning algorithms" in reply["text"], reply["text"]
assert reply["career"] == "machine-learning-specialist", reply["career"]
assert isinstance(reply["suggestions"], list) and isinstance(reply["sources"], list)
