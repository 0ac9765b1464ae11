"""Hostile fixtures of the coverage boundary: what shiftleft did not (or could not) look at
is "not assessed", listed, and the gate does not pass on it."""
