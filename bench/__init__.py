"""Benchmarks and their fixtures: a plant-file generator and the plant-model benchmark.

Not shipped with the console; run from a checkout (`python -m bench.bench_plant_model`).
"""
