"""Code generation from the specs, shipped with the package: `listapi-contracts codegen` exports the
specs and generates pydantic models and typed httpx clients from them (generate.py); auth.py signs the
generated clients' requests with the suite's own signers. The generators are the optional `codegen`
extra (`pip install "listapi-contracts[codegen]"`)."""
