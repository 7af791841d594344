"""Do the portraits decode in WebKitGTK (what the Tauri counter app runs on Linux)?

Runs with Debian's WebKitGTK through PyGObject (python3-gi, gir1.2-webkit2-4.1) under a
virtual X server; with the pinned venv's Python and Debian's gi on the path, Pillow is
there too for the pixel comparison:

    PYTHONPATH=/usr/lib/python3/dist-packages xvfb-run -a \
        tools/portraits/.venv/bin/python tools/portraits/webkit_decode.py [FILE...]

Default FILEs: every file in assets/portraits/ plus /tmp/portraits-probe.* if present.
Each image is loaded as a data: URL into an <img>; the page reports its natural size
and, for the counter portraits, the RGB pixels read back through a canvas, which are
compared with Pillow's decode when Pillow is importable (it need not be).
Prints one line per file and exits 1 if any file failed to decode.
"""

import base64
import json
import mimetypes
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MIME = {".webp": "image/webp", ".avif": "image/avif", ".jpg": "image/jpeg", ".png": "image/png"}


def page(files):
    items = []
    for i, f in enumerate(files):
        mime = MIME.get(f.suffix) or mimetypes.guess_type(f.name)[0]
        b64 = base64.b64encode(f.read_bytes()).decode()
        items.append(f'<img id="i{i}" src="data:{mime};base64,{b64}">')
    script = """
    <script>
    function done() {
      const out = [];
      document.querySelectorAll('img').forEach(img => {
        const r = {ok: img.complete && img.naturalWidth > 0, w: img.naturalWidth, h: img.naturalHeight};
        if (r.ok && img.naturalWidth <= 128) {
          const c = document.createElement('canvas');
          c.width = img.naturalWidth; c.height = img.naturalHeight;
          const g = c.getContext('2d');
          g.drawImage(img, 0, 0);
          const d = g.getImageData(0, 0, c.width, c.height).data;
          const rgb = [];
          for (let k = 0; k < d.length; k += 4) rgb.push(d[k], d[k + 1], d[k + 2]);
          r.rgb = rgb;
        }
        out.push(r);
      });
      window.__result = JSON.stringify(out);
      document.title = 'DONE';
    }
    window.addEventListener('load', () => setTimeout(done, 200));
    </script>"""
    return "<!doctype html><html><body>" + "".join(items) + script + "</body></html>"


def main():
    args = [Path(a) for a in sys.argv[1:]]
    if not args:
        args = sorted(p for p in (ROOT / "assets" / "portraits").iterdir() if p.suffix in MIME)
        args += sorted(Path("/tmp").glob("portraits-probe.*"))
    # Pillow's references first: once WebKitGTK is loaded, its libavif (Debian's 0.11)
    # is in the process and Pillow's bundled one would clash with it.
    refs = {}
    try:
        from PIL import Image

        for f in args:
            im = Image.open(f)
            if im.size[0] <= 128:
                refs[f] = im.convert("RGB").tobytes()
    except ImportError:
        pass
    import gi

    gi.require_version("Gtk", "3.0")
    gi.require_version("WebKit2", "4.1")
    from gi.repository import GLib, Gtk, WebKit2

    print(f"WebKitGTK {WebKit2.get_major_version()}.{WebKit2.get_minor_version()}.{WebKit2.get_micro_version()}")
    win = Gtk.OffscreenWindow()
    view = WebKit2.WebView()
    win.add(view)
    win.show_all()
    result = {}

    def got(v, res):
        result["r"] = json.loads(v.evaluate_javascript_finish(res).to_string())
        Gtk.main_quit()

    def on_title(v, _):
        if (v.get_title() or "") == "DONE":
            v.evaluate_javascript("window.__result", -1, None, None, None, got)

    view.connect("notify::title", on_title)
    view.load_html(page(args), "file:///")
    GLib.timeout_add_seconds(60, Gtk.main_quit)
    Gtk.main()
    if "r" not in result:
        print("no result from the page (timeout)")
        return 1
    bad = 0
    for f, r in zip(args, result["r"]):
        line = f"{'ok  ' if r['ok'] else 'FAIL'} {f.name}  {r['w']}x{r['h']}"
        if r.get("rgb") and f in refs:
            diffs = [abs(a - b) for a, b in zip(refs[f], r["rgb"])]
            line += f"  vs Pillow: mean |diff| {sum(diffs) / len(diffs):.2f}, max {max(diffs)}"
        print(line)
        bad += not r["ok"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
