"""Tests of lessons/content/readers/: each finds its problems, with file:line."""
