"""The answer pipeline's steps, each a small function over `PipelineState`."""
