"""办事指南 as code: load, validate and publish government service guides."""

__version__ = "0.1.0"
