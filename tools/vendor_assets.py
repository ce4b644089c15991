"""Copy front-end libraries from node_modules into the portal's static files.

Run by `make assets` after `npm ci`. The copies are build output (git ignores
them), so the repository holds no minified third-party files and nothing is
loaded from a CDN at run time. A source map is copied beside its script when
npm ships one, because the static-files manifest follows `sourceMappingURL`.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "src" / "habitat_monitor" / "portal" / "static" / "vendor"

FILES = {
    "htmx.org/dist/htmx.min.js": "htmx.min.js",
    "vega/build/vega.min.js": "vega.min.js",
    "vega-lite/build/vega-lite.min.js": "vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js": "vega-embed.min.js",
    "world-atlas/countries-110m.json": "countries-110m.json",
}


def main() -> int:
    missing = [source for source in FILES if not (NODE_MODULES / source).exists()]
    if missing:
        print(f"Missing in node_modules (run `npm ci`): {', '.join(missing)}", file=sys.stderr)
        return 1
    VENDOR.mkdir(parents=True, exist_ok=True)
    for source, target in FILES.items():
        source_path = NODE_MODULES / source
        shutil.copyfile(source_path, VENDOR / target)
        source_map = source_path.with_name(source_path.name + ".map")
        if source_map.exists():
            shutil.copyfile(source_map, VENDOR / (target + ".map"))
    print(f"Copied {len(FILES)} front-end files into {VENDOR.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
