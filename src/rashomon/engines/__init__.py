"""Execution engines. The local engine is `rashomon.engines.local.analyze`; `spark` distributes the same stages."""
