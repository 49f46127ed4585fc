"""Beyond images (notebook 08): sound, text, tables, scrambled pixels,
transfer learning, a dense network and data hunger.
"""
