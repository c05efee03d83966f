#!/usr/bin/env python3
"""No intent name appears in C++ (issue 20; /work/shared/DECISIONS.md "Content contract").

The engine finds the intents it treats specially by `role:`, the planner's start by its flow file, so
renaming an intent needs no C++. This reads every intent name in intents/*.intents.yaml and every
string literal in server/**/*.cpp and *.hpp (comments are prose and are not read), and fails on a
literal that is an intent name, or that holds one with an underscore as a whole word ("route_detail"
inside "with_role(route_detail)" text). Exempt:
  - `fallback` and `safeguarding`, the wire contract's intent names (docs/protocol.md);
  - the keys of the career page and overlay formats (knowledge/schemas/), where guide files are read
    (server/knowledge/, which cannot see intents) and where answers name guide sections ({list:KEY}
    in the answer renderer and its coverage): a section key spelt like an intent ("overview") is the
    page format there, not an intent. Everywhere else (responder, planner, net, ...) it is flagged.
Usage: check_intent_names.py SOURCE_DIR     checks the project
       check_intent_names.py --self-test    checks the checker on made-up sources
"""
import glob
import json
import os
import re
import sys

WIRE_CONTRACT = {"fallback", "safeguarding"}
FORMAT_READERS = ("server/knowledge/", "server/dialog/answer_renderer.cpp", "server/dialog/coverage.cpp")


def intent_names(source):
    names = set()
    for path in sorted(glob.glob(os.path.join(source, "intents", "*.intents.yaml"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^\s*-\s+name:\s*['\"]?([a-z][a-z0-9_]*)['\"]?\s*(#.*)?$", line)
                if m:
                    names.add(m.group(1))
    return names


def schema_keys(node, keys):
    """Every property name a JSON Schema declares, at any depth."""
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            keys.add(key)
            schema_keys(value, keys)
        for key, value in node.items():
            if key != "properties":
                schema_keys(value, keys)
    elif isinstance(node, list):
        for item in node:
            schema_keys(item, keys)
    return keys


def knowledge_format_keys(source):
    keys = set()
    for path in sorted(glob.glob(os.path.join(source, "knowledge", "schemas", "*.json"))):
        with open(path, encoding="utf-8") as f:
            schema_keys(json.load(f), keys)
    return keys


def string_literals(text):
    """(line, content) of every string literal; comments and character literals skipped."""
    out = []
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += text.count("\n", i, end)
            i = end
        elif c == "R" and i + 1 < n and text[i + 1] == '"' and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_") or text[i - 1] == "8"):
            open_paren = text.find("(", i + 2)
            delimiter = text[i + 2:open_paren]
            close = text.find(")" + delimiter + '"', open_paren)
            close = n if close < 0 else close
            out.append((line, text[open_paren + 1:close]))
            end = min(n, close + len(delimiter) + 2)
            line += text.count("\n", i, end)
            i = end
        elif c == "'" and not (i > 0 and (text[i - 1].isalnum())):  # a character literal, not a digit separator
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif c == '"':
            j = i + 1
            content = []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    content.append(text[j:j + 2])
                    j += 2
                else:
                    content.append(text[j])
                    j += 1
            out.append((line, "".join(content)))
            line += text.count("\n", i, j)
            i = j + 1
        else:
            i += 1
    return out


def offending(content, names):
    found = []
    for name in names:
        if content == name:
            found.append(name)
        elif "_" in name and re.search(r"(?<![A-Za-z0-9_])" + re.escape(name) + r"(?![A-Za-z0-9_])", content):
            found.append(name)
    return sorted(found)


def scan(files, names, format_keys, format_readers=FORMAT_READERS):
    """files: {relative path: text}. Returns 'path:line: "literal" names the intent X' lines."""
    problems = []
    for path in sorted(files):
        exempt = set(WIRE_CONTRACT)
        if path.startswith(format_readers):
            exempt |= format_keys
        for line, content in string_literals(files[path]):
            for name in offending(content, names - exempt):
                problems.append(f'{path}:{line}: "{content}" names the intent \'{name}\'')
    return problems


def project_files(source):
    files = {}
    for pattern in ("**/*.cpp", "**/*.hpp"):
        for path in glob.glob(os.path.join(source, "server", pattern), recursive=True):
            with open(path, encoding="utf-8") as f:
                files[os.path.relpath(path, source)] = f.read()
    return files


def self_test():
    names = {"overview", "start_over", "more", "fallback"}
    files = {
        "server/dialog/a.cpp": 'auto x = with_role("start_over");\n// "overview" in a comment\n'
                               'auto y = find("more"); auto z = "tell me more";\n'
                               'auto w = R"(start_over)"; char q = \'"\'; auto f = "fallback";\n'
                               '/* "more" */ auto v = "say start_over now"; int n = 1\'000; auto u = "overview";\n',
        "server/knowledge/b.cpp": 'auto s = "overview"; auto t = "start_over";\n',
    }
    got = scan(files, names, {"overview"}, ("server/knowledge/",))
    want = [
        'server/dialog/a.cpp:1: "start_over" names the intent \'start_over\'',
        'server/dialog/a.cpp:3: "more" names the intent \'more\'',
        'server/dialog/a.cpp:4: "start_over" names the intent \'start_over\'',
        'server/dialog/a.cpp:5: "say start_over now" names the intent \'start_over\'',
        'server/dialog/a.cpp:5: "overview" names the intent \'overview\'',
        'server/knowledge/b.cpp:1: "start_over" names the intent \'start_over\'',
    ]
    if got != want:
        print("self-test failed:\n  got:  " + "\n        ".join(got) + "\n  want: " + "\n        ".join(want))
        return 1
    print("self-test passed: the checker finds intent names in literals and skips comments and exemptions")
    return 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) != 2:
        print(__doc__)
        return 2
    source = argv[1]
    names = intent_names(source)
    if len(names) < 10:
        print(f"found only {len(names)} intent names under {source}/intents: is that the project?")
        return 1
    files = project_files(source)
    if not files:
        print(f"no C++ under {source}/server")
        return 1
    problems = scan(files, names, knowledge_format_keys(source))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} intent names in C++: find the intent by its role: (intents/README.md), or move "
              "the value into the content files")
        return 1
    print(f"no intent name in {len(files)} C++ files ({len(names)} intents)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
