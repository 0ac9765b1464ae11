"""shiftleft: run the real security scanners of every pipeline stage, normalize what they
find into one SARIF 2.1.0 log, judge it against policies, and print one scorecard."""

__version__ = "0.1.0"
