"""Small utilities shared by the package's subpackages."""
