"""Execution engines. The local engine is `rashomon.pipeline.analyze`; `spark` distributes the same stages."""
