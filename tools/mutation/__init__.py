"""Mutation score: the contract suite (and plain schemathesis) against every reference-provider variant."""
