"""Render docs/digest.png, the README's picture: a real digest of a seed article, as a
notebook shows it (``Digest._repr_html_``), screenshotted by headless Chromium.

    python scripts/render_readme_image.py                        # seed 001 -> docs/digest.png
    python scripts/render_readme_image.py --seed seeds/003_470bd5d555ae0388.txt --out x.png

Needs Chromium (Debian: ``apt-get install chromium``). The page is shot in a tall window
and the empty space below it is trimmed with Pillow (installed with matplotlib) when present.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ru_govdigest import extract

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT / "seeds" / "001_7007688042528eb2.txt"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
WIDTH, TALL = 1200, 4000
MARGIN = 16  # pixels kept below the page's content

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title></head>
<body style="margin:{margin}px;background:#fff">{body}</body></html>
"""


def page_html(seed: Path) -> str:
    digest = extract(seed.read_text(encoding="utf-8"), id=seed.stem)
    return PAGE.format(title=seed.stem, margin=MARGIN, body=digest._repr_html_())


def screenshot(html_path: Path, png: Path, width: int, height: int) -> None:
    browser = next((path for path in map(shutil.which, BROWSERS) if path), None)
    if browser is None:
        sys.exit("render_readme_image: no Chromium found (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", f"--screenshot={png}",
                        f"--window-size={width},{height}", html_path.as_uri()],
                       check=True, capture_output=True, timeout=180)


def trim_bottom(png: Path) -> None:
    """Cut the blank rows below the content (white page, tall window)."""
    try:
        from PIL import Image, ImageChops
    except ImportError:
        return
    with Image.open(png) as image:
        image = image.convert("RGB")
        background = Image.new("RGB", image.size, (255, 255, 255))
        box = ImageChops.difference(image, background).getbbox()
        if box:
            image.crop((0, 0, image.width, min(image.height, box[3] + MARGIN))).save(png)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Render the README's digest picture.")
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "digest.png")
    parser.add_argument("--width", type=int, default=WIDTH)
    args = parser.parse_args(argv)

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        html_path = Path(tmp) / "digest.html"
        html_path.write_text(page_html(args.seed), encoding="utf-8")
        screenshot(html_path, args.out.resolve(), args.width, TALL)
    trim_bottom(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
