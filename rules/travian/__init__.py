"""Pure rules of the Travian-style village game: tables and formulas, no I/O.

Modules: ids (enums + parsing), buildings, units, fields (economy), movement, culture,
tribes, resources, rounding, errors; the village model of issue 9 in village (village_model,
settle, actions).  See README.md in this folder for every decision.
"""
