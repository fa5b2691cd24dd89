"""Contract suite for model-serving list APIs: runs against any TARGET base URL."""
