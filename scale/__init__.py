"""A large, realistic world for measuring the app at scale (`manage.py seed_scale`).

It sits at the top layer, beside the demo loader: it writes every app's tables and nothing
imports it.
"""
