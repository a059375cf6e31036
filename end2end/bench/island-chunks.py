"""What each lazy island makes the browser fetch, from the split build's manifest.

wasm-split gives each lazy island a module of its own and puts code that several
islands share in a chunk per set of islands sharing it, so an island needs its
module and every chunk it reaches. Prints, per island, the files and the brotli
bytes; each file is a request, a round trip on one of the browser's six connections.

Usage: island-chunks.py SITE_PKG_DIR
"""

import json
import sys
from pathlib import Path

pkg = Path(sys.argv[1])
manifest = json.loads(next(pkg.glob("__wasm_split_manifest.*.json")).read_text())


def brotli_size(stem: str) -> int:
    """The served size of the file named `stem` (its name without the hash)."""
    return sum(f.stat().st_size for f in pkg.glob(f"{stem}.*.wasm.br"))


for split, chunks in sorted(manifest.items()):
    island = split.rsplit("_loader_", 1)[0]
    files = [chunk.split(".")[0] for chunk in chunks] + [f"split_{split}"]
    size = sum(brotli_size(stem) for stem in files)
    print(f"  {island:<16} {len(files):>4} files {size / 1024:>6.0f} KiB")
