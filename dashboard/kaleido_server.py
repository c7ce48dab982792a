"""One warm kaleido (headless Chromium) per process, so a static export answers in a fraction of
a second instead of the ~2 s a cold browser takes to start.

kaleido 1.x drives a Chromium through choreographer; here it is Debian's `/usr/bin/chromium`
unless BROWSER_PATH says otherwise. kaleido's own `start_sync_server` runs one request at a time
through a shared queue and is not safe to call from several Flask threads at once, so this module
keeps its own event loop in a daemon thread and hands it renders with
`asyncio.run_coroutine_threadsafe` (thread-safe; kaleido queues renders for its tab). The browser
starts on first use (or by `warm_up()`), is re-created after a fork (gunicorn workers) and is
closed at interpreter exit.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import os
import threading
from pathlib import Path

import plotly.graph_objects as go

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
RENDER_TIMEOUT_S = 30.0
DEFAULT_WIDTH = 1200
DEFAULT_HEIGHT = 675
PNG_SCALE = 2  # crisp on high-density screens and in slides


class ExportRenderError(RuntimeError):
    """A static image could not be rendered (no browser, browser crashed, timeout)."""


def _use_debian_chromium() -> None:
    """Point choreographer at Debian's chromium unless the environment already chose one."""
    if "BROWSER_PATH" not in os.environ and DEBIAN_CHROMIUM.exists():
        os.environ["BROWSER_PATH"] = str(DEBIAN_CHROMIUM)


def _kaleido_class(kaleido):
    """kaleido.Kaleido, returning the answer before its tab reloads.

    After each render kaleido reloads the tab (a fresh page for the next figure) and only then
    hands back the image: about half of a warm export's time. This subclass hands the image
    back at once and reloads in the background; the tab rejoins the queue when the reload is
    done, so the next render still gets a fresh page (it waits for it if it comes sooner).
    `_return_kaleido_tab` is kaleido's own (1.x, pinned in pyproject.toml); if a release drops
    it, the plain class is used and exports are only slower.
    """
    base = kaleido.Kaleido
    if not callable(getattr(base, "_return_kaleido_tab", None)):
        return base

    class _PromptKaleido(base):
        _reloads: set

        async def _return_kaleido_tab(self, tab) -> None:
            reloads = self.__dict__.setdefault("_reloads", set())
            task = asyncio.ensure_future(super()._return_kaleido_tab(tab))
            reloads.add(task)
            task.add_done_callback(reloads.discard)

    return _PromptKaleido


class WarmKaleido:
    """A kaleido browser kept open in a background event loop; `render` is thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._pid: int | None = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None and self._pid == os.getpid()

    def start(self) -> tuple[asyncio.AbstractEventLoop, object]:
        """Open the browser (idempotent) and return its loop and kaleido; ExportRenderError if none."""
        with self._lock:
            if self.running:
                return self._loop, self._kaleido
            if self._pid is not None and self._pid != os.getpid():
                # Forked child: the parent's loop thread does not exist here; start afresh.
                self._loop = self._thread = self._kaleido = None
            _use_debian_chromium()
            import kaleido  # imported late: it probes plotly and the browser on import

            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="kaleido-loop", daemon=True)
            thread.start()

            async def _open():
                k = _kaleido_class(kaleido)(n=1, timeout=RENDER_TIMEOUT_S, mathjax=False)
                await k.open()
                return k

            try:
                k = asyncio.run_coroutine_threadsafe(_open(), loop).result(timeout=RENDER_TIMEOUT_S)
            except Exception as exc:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(timeout=5)
                raise ExportRenderError(f"cannot start Chromium for image export: {_one_line(exc)}") from None
            self._loop, self._thread, self._kaleido, self._pid = loop, thread, k, os.getpid()
            return loop, k

    def render(
        self,
        fig: go.Figure | dict,
        fmt: str,
        width: int | None = None,
        height: int | None = None,
        scale: float | None = None,
    ) -> bytes:
        """The figure as png, svg or pdf bytes."""
        loop, k = self.start()
        layout = fig.layout.to_plotly_json() if isinstance(fig, go.Figure) else fig.get("layout", {})
        opts = {
            "format": fmt,
            "width": width or layout.get("width") or DEFAULT_WIDTH,
            "height": height or layout.get("height") or DEFAULT_HEIGHT,
            "scale": scale or (PNG_SCALE if fmt == "png" else 1),
        }
        future = asyncio.run_coroutine_threadsafe(k.calc_fig(fig, opts=opts), loop)
        try:
            return future.result(timeout=RENDER_TIMEOUT_S + 5)
        except concurrent.futures.TimeoutError:
            # No tab came back (browser hung or died): start a fresh one on the next export.
            future.cancel()
            self.stop()
            raise ExportRenderError(f"rendering {fmt} timed out; the browser will be restarted") from None
        except Exception as exc:
            future.cancel()
            raise ExportRenderError(f"rendering {fmt} failed: {_one_line(exc)}") from None

    def stop(self) -> None:
        """Close the browser and the loop (no-op when not running in this process)."""
        with self._lock:
            if not self.running:
                return
            loop, thread, k = self._loop, self._thread, self._kaleido
            self._loop = self._thread = self._kaleido = None
            self._pid = None
            with contextlib.suppress(Exception):  # closing at exit must never raise
                asyncio.run_coroutine_threadsafe(_close(k), loop).result(timeout=15)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)


async def _close(k) -> None:
    """Let background tab reloads finish (briefly), then close the browser."""
    pending = list(getattr(k, "_reloads", ()))
    if pending:
        await asyncio.wait(pending, timeout=5)
    await k.close()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


_WARM = WarmKaleido()
atexit.register(_WARM.stop)


def render_image(fig: go.Figure | dict, fmt: str, **opts) -> bytes:
    """Render through this process's warm browser, starting it on first use."""
    return _WARM.render(fig, fmt, **opts)


def warm_up() -> None:
    """Start the browser and render a tiny figure, so the first user export is already fast."""
    _WARM.render(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])), "png", width=60, height=40, scale=1)


def warm_up_in_background() -> threading.Thread:
    """`warm_up()` without blocking the caller (server start-up); failures surface on first export."""

    def _run() -> None:
        with contextlib.suppress(ExportRenderError):
            warm_up()

    thread = threading.Thread(target=_run, name="kaleido-warm-up", daemon=True)
    thread.start()
    return thread


def stop() -> None:
    """Close the warm browser (tests and benchmarks measure cold starts with this)."""
    _WARM.stop()


def is_warm() -> bool:
    return _WARM.running
