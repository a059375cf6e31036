"""What weighs in the browser's main WebAssembly module, by kind of code.

Reads `twiggy top -n 1000000 -f csv` of the main module as the split left it, before
wasm-bindgen and wasm-opt (names intact: the served module has none), and prints the
size of each kind and the largest functions. Custom sections (names, wasm-bindgen's
metadata) and wasm-bindgen's descriptors are left out: the browser never receives
them. wasm-opt then shrinks everything by about a quarter, so read the figures as
shares.
"""

import csv
import re
import sys
from collections import Counter

# First match wins: an async hydration closure of the router counts as hydration.
KINDS = [
    ("hydration, async", r"hydrate_async"),
    ("hydration", r"::hydrate"),
    ("DOM updates (rebuild)", r"::rebuild"),
    ("DOM creation (build)", r"::build"),
    ("reactive graph", r"reactive_graph"),
    ("deserialization (server data)", r"Deserializ|deserialize|Visitor|serde_json::de|serde_qs::de"),
    ("serialization", r"Serializ|serialize"),
    ("router", r"leptos_router"),
    ("server functions, resources, actions", r"server_fn|leptos_server|leptos::form"),
    ("dates (chrono)", r"chrono"),
    ("other rendering (tachys)", r"tachys"),
    ("JS bindings", r"web_sys|wasm_bindgen|js_sys"),
    ("formatting", r"fmt"),
    ("collections and allocation", r"alloc|hashbrown"),
    ("constant data", r"^data segment"),
    ("our own code", r"\bapp::"),
]


def main():
    sizes = Counter()
    largest = []
    for row in csv.DictReader(sys.stdin):
        name, size = row["Name"], int(row["ShallowSize"])
        if name.startswith(("Σ", "...", '"function names"', "custom section", "export ", "__wbindgen_describe")):
            continue
        kind = next((kind for kind, pattern in KINDS if re.search(pattern, name)), "everything else")
        sizes[kind] += size
        largest.append((size, re.sub(r"::h[0-9a-f]{16}$", "", name)))
    total = sum(sizes.values())
    print(f"  main module before wasm-opt, code and data: {total // 1024} KiB")
    for kind, size in sizes.most_common():
        print(f"    {size // 1024:6d} KiB  {100 * size / total:4.1f}%  {kind}")
    print("  largest functions:")
    for size, name in sorted(largest, reverse=True)[:8]:
        print(f"    {size // 1024:6d} KiB  {name[:110]}")


main()
