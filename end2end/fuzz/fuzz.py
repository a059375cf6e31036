"""Sends generated bad input to every legacy endpoint, every server function and both
websockets of a running server, signed in and not, and fails on any 5xx answer or a
panic in the server's log.

The endpoints are read from the source (the legacy routes and `#[server]` functions),
so new ones are fuzzed without being listed here. Inputs: missing, extra and wrongly
typed fields, NUL and other control characters, huge strings, deep nesting, invalid
ids, odd pagination, wrong content types, garbage bytes.

    BASE_URL=http://127.0.0.1:3100 SERVER_LOG=target/e2e-server.log python fuzz.py [--long]
"""

import asyncio
import json
import os
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st
import websockets

ROOT = Path(__file__).resolve().parents[2]
BASE = os.environ.get("BASE_URL", "http://127.0.0.1:3000").rstrip("/")
LONG = "--long" in sys.argv
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "1000" if LONG else "100"))
PASSWORD = "a sufficiently long password"
cases = 0
failures = []


# What the server offers, read from its source --------------------------------------

def legacy_routes():
    """(method, path) of every `/api/v1` route: each handler's `#[utoipa::path]`, and
    the routes mounted by hand (the document and its page)."""
    routes = []
    for source in (ROOT / "server/src/legacy_api").rglob("*.rs"):
        text = source.read_text()
        for method, path in re.findall(r'#\[utoipa::path\(\s*(get|post|put|patch|delete),\s*path = "([^"]+)"', text):
            routes.append((method.upper(), "/api/v1" + path))
        for path, handlers in re.findall(r'\.route\(\s*"([^"]+)",\s*((?:[^()]|\([^()]*\))+)\)', text):
            for method in re.findall(r"\b(get|post|put|patch|delete)\(", handlers):
                routes.append((method.upper(), "/api/v1" + path))
    return sorted(set(routes))


def server_functions():
    """(path, argument names, whether the body is JSON) of every server function."""
    functions = []
    pattern = re.compile(r'#\[server\(endpoint = "([^"]+)"([^)]*)\)\]\s*pub async fn \w+\(([^)]*)\)', re.S)
    for source in (ROOT / "app/src").rglob("*.rs"):
        for endpoint, options, args in pattern.findall(source.read_text()):
            names = [a.split(":")[0].strip() for a in args.split(",") if ":" in a]
            functions.append(("/api/" + endpoint, names, "Json" in options))
    return sorted(functions)


# Generated input ----------------------------------------------------------------------

nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\u0000", "a\u0000b", "\u0001\u001f\u007f", "\ud7ff\ue000", "🦀" * 50, "%00", "../../etc/passwd",
                     "<script>alert(1)</script>", "'; DROP TABLE users; --", "\\u0000", " ", ""]),
    st.just("x" * 70_000),
    st.just("y" * 2_100_000),
)
ids = st.one_of(st.just("507f1f77bcf86cd799439011"), st.from_regex(r"\A[0-9a-f]{24}\Z"), st.text(max_size=30),
                st.just("0" * 24), st.just("zzzzzzzzzzzzzzzzzzzzzzzz"))
numbers = st.one_of(st.integers(), st.floats(allow_nan=False), st.just(2**63), st.just(-1), st.just(0))
scalars = st.one_of(st.none(), st.booleans(), numbers, nasty_text, ids)
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                           st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                           max_leaves=12)
deep = st.integers(min_value=50, max_value=3000).map(lambda n: "[" * n + "]" * n)


def body_for(fields):
    """A JSON object using the endpoint's own field names (and others), or not an object."""
    known = st.fixed_dictionaries({}, optional={f: json_values for f in fields})
    extra = st.dictionaries(st.text(max_size=12), json_values, max_size=3)
    objects = st.builds(lambda a, b: {**b, **a}, known, extra)
    return st.one_of(objects.map(json.dumps), json_values.map(json.dumps), deep,
                     st.binary(max_size=200).map(lambda b: b.decode("latin-1")))


def form_for(fields):
    return st.dictionaries(st.sampled_from(fields or ["x"]), nasty_text.filter(lambda s: len(s) < 10_000), max_size=5).map(
        lambda d: "&".join(f"{urllib.request.quote(k)}={urllib.request.quote(v)}" for k, v in d.items()))


content_types = st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded",
                                 "multipart/form-data", "application/octet-stream", None])
queries = st.dictionaries(st.sampled_from(["page", "pageSize", "q", "sort", "difficulty", "tags", "type", "id"]),
                          st.one_of(nasty_text.filter(lambda s: len(s) < 2000), numbers.map(str)), max_size=3)


def fill(path, draw_id):
    return re.sub(r"\{[^}]+\}", lambda _: urllib.request.quote(draw_id, safe=""), path)


# Sending ------------------------------------------------------------------------------

def send(method, path, body=None, content_type=None, cookie=None, query=None):
    global cases
    cases += 1
    url = BASE + path
    if query:
        url += "?" + "&".join(f"{urllib.request.quote(k)}={urllib.request.quote(v)}" for k, v in query.items())
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    request = urllib.request.Request(url, data=data, method=method)
    if content_type:
        request.add_header("content-type", content_type)
    if cookie:
        request.add_header("cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        # A body over the server's limit is refused before it is read: the client then
        # cannot finish sending it.
        too_big = data is not None and len(data) > 1024 * 1024
        cut_off = any(word in str(error).lower() for word in ("pipe", "reset"))
        status = 413 if too_big and cut_off else f"no answer ({error})"
    if not isinstance(status, int) or status >= 500:
        failures.append(f"{method} {url[:200]} [{content_type}] {str(body)[:200]!r} -> {status}")


def sign_up():
    name = "fuzz" + os.urandom(4).hex()
    request = urllib.request.Request(BASE + "/api/v1/register", method="POST",
                                     data=json.dumps({"username": name, "email": f"{name}@example.com",
                                                      "password": PASSWORD}).encode(),
                                     headers={"content-type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.headers["set-cookie"].split(";")[0]


SESSIONS = [None]


def fuzz_legacy(method, path):
    fields = re.findall(r"\{(\w+)\}", path) + ["title", "code", "language", "puzzleId", "programmingLanguage",
                                                "identifier", "password", "username", "email", "reason",
                                                "validators", "visibility", "explanation", "problemType"]

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(session=st.sampled_from(SESSIONS), id_=ids, body=body_for(fields), content_type=content_types,
           query=queries)
    def case(session, id_, body, content_type, query):
        target = fill(path, id_)
        send(method, target, body if method != "GET" else None, content_type, session, query)

    case()


def fuzz_server_function(path, fields, json_input):
    bodies = body_for(fields) if json_input else st.one_of(form_for(fields), body_for(fields))

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(session=st.sampled_from(SESSIONS), body=bodies, content_type=content_types)
    def case(session, body, content_type):
        send("POST", path, body, content_type or "application/x-www-form-urlencoded", session)

    case()


# Websockets ----------------------------------------------------------------------------

LOBBY_EVENTS = ["room:host", "room:join", "room:join-by-invite", "room:leave", "room:chat-message", "game:start"]
GAME_EVENTS = ["game:join", "player:submitted", "message:send", "language:change"]


def frames(events):
    fields = ["roomId", "inviteCode", "message", "options", "chatMessage", "language"]
    event_frames = st.builds(lambda e, rest: json.dumps({"event": e, **rest}), st.sampled_from(events),
                             st.dictionaries(st.sampled_from(fields), json_values, max_size=3))
    return st.lists(st.one_of(event_frames, json_values.map(json.dumps), nasty_text, deep), min_size=1, max_size=8)


async def play(path, cookie, batch):
    global cases
    try:
        async with websockets.connect(BASE.replace("http", "ws", 1) + path,
                                      additional_headers={"cookie": cookie}, max_size=None, open_timeout=10) as ws:
            for frame in batch:
                cases += 1
                await ws.send(frame)
            # The socket answers, or closes cleanly; a dead server is the failure.
            try:
                await asyncio.wait_for(ws.recv(), timeout=2)
            except (asyncio.TimeoutError, websockets.ConnectionClosed):
                pass
    except websockets.InvalidStatus as refused:
        if refused.response.status_code >= 500:
            failures.append(f"upgrade {path} -> {refused.response.status_code}")
    except (OSError, asyncio.TimeoutError) as error:
        failures.append(f"socket {path}: {error}")


def fuzz_socket(path, events):
    @settings(max_examples=max(5, EXAMPLES // 2), deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(batch=frames(events))
    def case(batch):
        asyncio.run(play(path, SESSIONS[1], batch))

    case()


def main():
    SESSIONS.append(sign_up())
    legacy, functions = legacy_routes(), server_functions()
    print(f"fuzzing {len(legacy)} legacy routes, {len(functions)} server functions and 2 sockets, "
          f"{EXAMPLES} examples each")
    for method, path in legacy:
        fuzz_legacy(method, path)
    for path, fields, json_input in functions:
        fuzz_server_function(path, fields, json_input)
    fuzz_socket("/ws", LOBBY_EVENTS)
    fuzz_socket("/ws/game/507f1f77bcf86cd799439011", GAME_EVENTS)
    log = os.environ.get("SERVER_LOG")
    if log and Path(log).exists():
        panics = [line for line in Path(log).read_text(errors="replace").splitlines() if "panicked" in line]
        failures.extend(f"server log: {line[:300]}" for line in panics)
    print(f"{cases} cases sent")
    if failures:
        print(f"{len(failures)} failures:")
        for failure in failures[:50]:
            print("  " + failure)
        sys.exit(1)
    print("no 5xx, no panic")


if __name__ == "__main__":
    main()
