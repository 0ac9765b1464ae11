"""What ``shiftleft scan`` shows while it runs: a live line per scanner on stderr.

On a terminal (and without ``-q``) each scanner gets a line as it starts — a spinner, its
stage and name, the time it has taken — that turns into its status when it finishes; the
display is cleared before the report is printed. When stderr is not a terminal (a file, a
CI log) nothing live is drawn: with ``-v`` each step is one plain line, printed whole
(soft-wrapped, never cut to a width). The pipeline only sends ``ScanProgress`` records
(``shiftleft.scan.ScanRequest.progress``); rich stays here, in the CLI.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from shiftleft.cli_common import line
from shiftleft.model import ScanProgress, ScanStatus
from shiftleft.safe_text import visible


class ScanDisplay:
    """A ``ScanProgress`` callback; a context manager that starts and clears the live display."""

    def __init__(self, console: Console, *, quiet: bool = False, verbose: bool = False) -> None:
        self.console = console
        self.live = console.is_terminal and not quiet and not console.is_dumb_terminal
        self.log = verbose and not quiet and not self.live
        self._progress: Progress | None = None
        self._tasks: dict[tuple[str, str], TaskID] = {}

    def __enter__(self) -> ScanDisplay:
        if self.live:
            self._progress = Progress(
                SpinnerColumn(finished_text="•"),
                TextColumn("{task.description}", markup=False),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
                refresh_per_second=8,
            )
            self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __call__(self, step: ScanProgress) -> None:
        if self._progress is not None:
            self._live(self._progress, step)
        elif self.log:
            self.console.print(line(step.message, "dim"), soft_wrap=True)

    def _live(self, progress: Progress, step: ScanProgress) -> None:
        key = (step.stage, step.scanner)
        label = visible(f"{step.stage:<6} {step.scanner}")  # a plugin names its scanner
        if step.event == "started":
            self._tasks[key] = progress.add_task(label, total=1)
            return
        task = self._tasks.get(key)
        if task is None:
            return
        progress.update(task, description=f"{label} {step.status or ScanStatus.FAILED}", completed=1)
        progress.stop_task(task)
