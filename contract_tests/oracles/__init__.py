"""oracles layer."""
