"""Deliberately vulnerable demo application for shiftleft. Do not deploy."""
