#!/usr/bin/env python3
"""Every command, flag, file and URL the docs name must exist and work.

Reads README.md, docs/*.md and the READMEs of the content and test folders, and checks:
  - files: relative Markdown links and backticked project paths (knowledge/..., scripts/..., ...) exist;
  - commands: each careerbot-* command line in a code block or inline code names a real tool and
    subcommand, `TOOL [SUBCOMMAND] --help` exits 0, and every --flag it uses is in that help;
    scripts/*.sh named as commands exist and are executable;
  - URLs: each path of a local URL (http://127.0.0.1:8080/...) or of "GET /path" is answered by the
    running server (CAREERBOT_URL, from with_server.sh) with anything but 404.
Usage: check_docs.py SOURCE_DIR SERVER_BIN KB_BIN LINT_BIN CLI_BIN
"""
import glob
import os
import re
import shlex
import subprocess
import sys
import urllib.error
import urllib.request

source, *binaries = sys.argv[1:]
tools = {os.path.basename(b): b for b in binaries}
failures = []

def fail(where, what):
    failures.append(f"{where}: {what}")

doc_files = [os.path.join(source, "README.md")] + sorted(glob.glob(os.path.join(source, "docs", "*.md")))
for folder in ("knowledge", "intents", "tests/conversations", "tests/eval", "tests/personas", "tests/browser"):
    if os.path.exists(os.path.join(source, folder, "README.md")):
        doc_files.append(os.path.join(source, folder, "README.md"))

# Executables other CMake options build (bench tools, test clients): named, not run.
built_elsewhere = {}
for cmake_file in glob.glob(os.path.join(source, "**", "CMakeLists.txt"), recursive=True):
    if "/build" in cmake_file or "node_modules" in cmake_file:
        continue
    for name in re.findall(r"add_executable\(([\w-]+)", open(cmake_file, encoding="utf-8").read()):
        built_elsewhere[name] = os.path.relpath(os.path.dirname(cmake_file), source)
tracked = set(subprocess.run(["git", "-C", source, "ls-files"], capture_output=True, text=True).stdout.split())
tracked_names = {os.path.basename(path) for path in tracked}
# Files the reader makes, named in the docs as examples.
tracked_names |= {"page.txt"}

TOP = ("knowledge/", "intents/", "config/", "server/", "tests/", "scripts/", "docs/", "bench/", "cmake/", ".ci/")
GENERATED = ("var/", "build/", "bin/", "/")

def code_spans(text):
    """Inline code and code-block lines, with the line number they start on."""
    spans = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or (line.startswith("    ") and line.strip()):
            spans.append((number, line.strip(), True))
            continue
        for match in re.finditer(r"`([^`]+)`", line):
            spans.append((number, match.group(1), False))
    return spans

help_cache = {}

def help_of(tool, sub):
    key = (tool, sub)
    if key not in help_cache:
        args = [tools[tool]] + ([sub] if sub else []) + ["--help"]
        done = subprocess.run(args, capture_output=True, text=True, timeout=60)
        help_cache[key] = (done.returncode, done.stdout + done.stderr)
    return help_cache[key]

def subcommands(tool):
    _, text = help_of(tool, None)
    if "Subcommands:" not in text:
        return set()
    section = text.split("Subcommands:", 1)[1]
    return {m.group(1) for m in re.finditer(r"^  ([a-z][a-z-]*)\s", section, re.M)}

def check_command(where, words):
    tool = words[0]
    if tool not in tools:
        fail(where, f"no such executable '{tool}' (the tools are {', '.join(sorted(tools))})")
        return
    sub = None
    rest = words[1:]
    known = subcommands(tool)
    positional = [w for w in rest if not w.startswith("-")]
    if known and positional and positional[0] in known:
        sub = positional[0]
    elif known and positional and tool == "careerbot-kb":
        fail(where, f"'{tool} {positional[0]}' is not a command of {tool} ({', '.join(sorted(known))})")
        return
    status, text = help_of(tool, sub)
    if status != 0:
        fail(where, f"'{tool} {sub or ''} --help' exited {status}")
        return
    top_status, top_text = help_of(tool, None)
    for word in rest:
        if word.startswith("--"):
            flag = word.split("=", 1)[0]
            if flag == "--":
                break
            if not re.search(re.escape(flag) + r"\b", text + top_text):
                fail(where, f"'{tool}{' ' + sub if sub else ''}' has no flag {flag}")

def command_words(text):
    """The words of a shell command line, cut at a comment, pipe or sequence."""
    text = text.split("  #", 1)[0]
    try:
        words = shlex.split(text, comments=True)
    except ValueError:
        return []
    out = []
    for word in words:
        if word in ("|", "&&", ";", "||", ">", "<", "2>&1"):
            break
        out.append(word)
    return out

def check_path(where, doc, token):
    token = token.rstrip(".,:;)")
    if any(c in token for c in "<>{}$ ") or token.startswith(GENERATED) or "://" in token:
        return
    folder, name = os.path.split(token)
    if built_elsewhere.get(name) == folder:
        return  # a build output of that folder's CMakeLists.txt
    candidates = [os.path.join(source, token), os.path.join(os.path.dirname(doc), token)]
    if "*" in token:
        if not any(glob.glob(c) for c in candidates):
            fail(where, f"no file matches {token}")
    elif not any(os.path.exists(c) for c in candidates):
        fail(where, f"no such file {token}")

local_paths = set()
for doc in doc_files:
    rel = os.path.relpath(doc, source)
    text = open(doc, encoding="utf-8").read()
    # Markdown links to files.
    for number, line in enumerate(text.splitlines(), 1):
        for match in re.finditer(r"\]\(([^)\s]+)\)", line):
            target = match.group(1)
            if target.startswith(("http://", "https://", "mailto:", "#")):
                continue
            path = target.split("#", 1)[0]
            if path and not os.path.exists(os.path.normpath(os.path.join(os.path.dirname(doc), path))):
                fail(f"{rel}:{number}", f"link to a missing file {target}")
        for match in re.finditer(r"(?:https?|wss?)://(?:127\.0\.0\.1|localhost):\d+(/[^\s`)>\"']*)?", line):
            local_paths.add((match.group(1) or "/", f"{rel}:{number}"))
        for match in re.finditer(r"`(GET|POST|PUT|DELETE|HEAD) (/[^\s`]*)`", line):
            local_paths.add((match.group(2), f"{rel}:{number}"))
    for number, span, block in code_spans(text):
        where = f"{rel}:{number}"
        words = command_words(span)
        if words and words[0] in ("sudo", "env", "exec"):
            words = words[1:]
        while words and re.match(r"^[A-Z_]+=", words[0]):
            words = words[1:]
        if words and words[0] == "careerbot" and any(w.startswith("-") for w in words[1:]):
            fail(where, f"no executable is called 'careerbot' ({span})")
            continue
        if words and words[0] in built_elsewhere and words[0] not in tools:
            continue
        if words and re.match(r"^careerbot-[a-z-]+$", words[0]):
            check_command(where, words)
            continue
        if words and re.match(r"^(\./)?scripts/[\w.-]+\.sh$", words[0]):
            script = os.path.join(source, words[0].lstrip("./"))
            if not os.access(script, os.X_OK):
                fail(where, f"{words[0]} does not exist or is not executable")
            continue
        if not block:
            for token in span.split():
                if token.startswith(TOP) or re.match(r"^[\w.-]+/[\w./*-]+\.\w+$", token):
                    check_path(where, doc, token)
                elif re.match(r"^[\w-]+\.(md|txt|conf|sh|json|jsonl|yaml|service|cpp|hpp)$", token):
                    if token not in tracked_names:
                        fail(where, f"no file called {token} in the project")

# URLs: ask the running server.
url = os.environ.get("CAREERBOT_URL", "")
match = re.match(r"wss?://([^/]+)/", url)
if not match:
    fail("check_docs", "CAREERBOT_URL is not set (run through with_server.sh)")
else:
    base = "http://" + match.group(1)
    token = os.environ.get("CAREERBOT_ADMIN_TOKEN", "")
    for path, where in sorted(local_paths):
        path = re.sub(r"[?#].*", "", path)
        if "<" in path or "{" in path:
            continue  # a placeholder such as /<file>
        method = "POST" if path.startswith(("/api/v1/chat", "/webhooks/", "/api/v1/admin/reload")) else "GET"
        request = urllib.request.Request(base + path, method=method, data=b"{}" if method == "POST" else None)
        request.add_header("Content-Type", "application/json")
        if "/admin/" in path:
            request.add_header("Authorization", "Bearer " + token)
        try:
            status = urllib.request.urlopen(request, timeout=30).status
        except urllib.error.HTTPError as error:
            status = error.code
        except urllib.error.URLError as error:
            fail(where, f"{method} {path}: {error.reason}")
            continue
        if status == 404:
            fail(where, f"{method} {path} is not found on the server")

checked_tools = sorted({f"{t} {s or ''}".strip() for (t, s) in help_cache})
print(f"checked {len(doc_files)} documents, {len(local_paths)} URLs, --help of: {', '.join(checked_tools)}")
for failure in failures:
    print("FAIL:", failure)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
