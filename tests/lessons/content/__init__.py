"""Tests of lessons/content/: the content format, its readers and its loading."""
