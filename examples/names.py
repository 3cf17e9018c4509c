"""Indonesian names: normalisation, phonetic key, similarity (``python examples/names.py``)."""

from __future__ import annotations

from bansos_validate import names

normalised = names.normalize_name("H. MOCH. DJOKO SOEPRIJADI, S.Pd")
print(normalised)
assert normalised == "MUHAMMAD JOKO SUPRIJADI"  # titles dropped, old spelling modernised

# The phonetic key groups spellings of the same name.
assert names.phonetic_key("Soeprijadi") == names.phonetic_key("Suprijadi")

score = names.name_similarity("SITI AMINAH", "Hj. Siti Aminah")
print(f"similarity {score:.3f}")
assert score > 0.95
assert names.names_compatible("MOCH DJOKO", "MUHAMAD JOKO")
assert not names.names_compatible("SITI AMINAH", "BUDI SANTOSO")
