"""Hostile tools boundary: the repository tries to configure, extend or fool the tools
(checkov, semgrep, bandit) and the health verdict built on their output."""
