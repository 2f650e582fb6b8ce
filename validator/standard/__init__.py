"""The standard: its schemas and the code arithmetic its elements follow."""
