"""Shops, their sales and the jobs they create (see issue: incubator)."""
