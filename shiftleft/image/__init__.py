"""Container images as hostile input: archive reading, safe in-memory squashing,
package inventory, configuration checks, and export from a Docker-API engine."""
